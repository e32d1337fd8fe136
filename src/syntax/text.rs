//! Values and conditions as the language writes them: used by the formatter
//! and wherever a message quotes what a policy says.

use super::ast::*;
use std::fmt::Write;

pub fn literal(l: &Literal) -> String {
    match &l.node {
        LiteralValue::Date { year, month, day } => format!("{year:04}-{month:02}-{day:02}"),
        LiteralValue::Time { hour, minute } => format!("{hour:02}:{minute:02}"),
        LiteralValue::Percent(d) => format!("{d}%"),
        LiteralValue::Money(d) => format!("£{d}"),
        LiteralValue::Duration { amount, unit } => {
            let one = amount.scale == 0 && amount.digits == 1;
            format!("{amount} {}", unit.name(!one))
        }
        LiteralValue::Number(d) => d.to_string(),
        LiteralValue::Text(t) => quoted(t),
        LiteralValue::NotStated => "not stated".to_string(),
        LiteralValue::Pupil(column) => format!("pupil {column}"),
    }
}

pub fn condition(c: &Condition) -> String {
    let part = |p: &Spanned<Condition>| match p.node {
        Condition::Compare(_) => condition(&p.node),
        _ => format!("({})", condition(&p.node)),
    };
    match c {
        Condition::Any(parts) => parts.iter().map(part).collect::<Vec<_>>().join(" or "),
        Condition::All(parts) => parts.iter().map(part).collect::<Vec<_>>().join(" and "),
        Condition::Compare(cmp) => {
            let mut text =
                format!("{} {} {}", measure(&cmp.measure.node), cmp.comparator.symbol(), literal(&cmp.value));
            match cmp.window.as_ref().map(|w| &w.node) {
                Some(w @ Window::Since(_)) => {
                    let _ = write!(text, " {}", window(w));
                }
                Some(w) => {
                    let _ = write!(text, " over {}", window(w));
                }
                None => {}
            }
            text
        }
    }
}

fn window(w: &Window) -> String {
    match w {
        Window::YearToDate => "year to date".to_string(),
        Window::Term => "term".to_string(),
        Window::HalfTerm => "half term".to_string(),
        Window::Rolling(l) => format!("rolling {}", literal(l)),
        Window::Last(l) => format!("last {}", literal(l)),
        Window::Since(stage) => format!("since {}", quoted(&stage.node)),
    }
}

pub fn measure(m: &Measure) -> String {
    m.to_string()
}

impl crate::vocabulary::CodeList for Vec<Spanned<CodeRef>> {
    fn names(&self) -> Vec<String> {
        self.iter()
            .map(|c| match &c.node {
                CodeRef::Group(g) => g.clone(),
                CodeRef::Code(code) => crate::vocabulary::code_name(code),
            })
            .collect()
    }
}

pub fn quoted(text: &str) -> String {
    format!("\"{text}\"")
}
