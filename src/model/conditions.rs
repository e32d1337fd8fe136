//! Typing conditions: thresholds of the measure's kind, windows that fit it.

use super::typing::Typer;
use super::{CodeSet, ComparisonSpans, Condition, Measure};
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::{self, Spanned, Unit};
use crate::vocabulary::{Comparison, Window};

/// Types a condition on its own, as the regulations' duties are read. The
/// error holds every diagnostic found.
pub fn type_condition(condition: &Spanned<ast::Condition>) -> Result<Spanned<Condition>, Vec<Diagnostic>> {
    let mut typer = Typer::default();
    match typer.condition(condition) {
        Some(typed) if typer.diagnostics.is_empty() => Ok(typed),
        _ => Err(typer.diagnostics),
    }
}

impl Typer {
    pub fn condition(&mut self, condition: &Spanned<ast::Condition>) -> Option<Spanned<Condition>> {
        let node = match &condition.node {
            ast::Condition::Any(parts) | ast::Condition::All(parts) => {
                // Every part is typed, so each reports its own problems.
                let typed: Vec<Option<Spanned<Condition>>> =
                    parts.iter().map(|p| self.condition(p)).collect();
                let typed: Vec<Condition> =
                    typed.into_iter().map(|t| t.map(|t| t.node)).collect::<Option<_>>()?;
                if matches!(condition.node, ast::Condition::Any(_)) {
                    Condition::Any(typed)
                } else {
                    Condition::All(typed)
                }
            }
            ast::Condition::Compare(c) => Condition::Compare(self.comparison(c, condition.span)?),
        };
        Some(Spanned::new(node, condition.span))
    }

    fn comparison(
        &mut self,
        c: &ast::Comparison,
        whole: crate::source::Span,
    ) -> Option<Comparison<ComparisonSpans, CodeSet>> {
        let measure: Measure =
            c.measure.node.map(&mut |items| Ok::<_, ()>(CodeSet { items: items.clone() })).ok()?;
        let threshold = self.threshold(&c.value, measure.takes_percent());
        let window = self.window(&measure, c);
        let (window, window_span) = window?;
        Some(Comparison {
            threshold: threshold?.node,
            comparator: c.comparator,
            window,
            at: ComparisonSpans {
                whole,
                measure: c.measure.span,
                threshold: c.value.span,
                window: window_span,
            },
            measure,
        })
    }

    fn window(&mut self, measure: &Measure, c: &ast::Comparison) -> Option<(Window, crate::source::Span)> {
        let is_run = matches!(measure, Measure::Consecutive { .. } | Measure::ReturnAfter(_));
        if measure.is_change() && c.window.is_none() {
            let span = c.measure.span;
            let measure =
                if *measure == Measure::AttendanceRise { "attendance rise" } else { "attendance fall" };
            self.diagnostics.push(
                Diagnostic::new(
                    Code::WINDOW_DOES_NOT_FIT,
                    format!("`{measure}` compares two windows, and this comparison names none"),
                    span,
                    "a change over which window?",
                )
                .help("write `over half term` (against the last half term), `over rolling 6 school weeks` (against the 6 before), or `since \"STAGE\"` (against the day the stage fired)"),
            );
            return None;
        }
        let Some(window) = &c.window else {
            let w = if is_run { Window::CurrentRun } else { Window::YearToDate };
            return Some((w, c.measure.span));
        };
        if is_run {
            self.diagnostics.push(
                Diagnostic::new(Code::WINDOW_DOES_NOT_FIT, "a run of consecutive days takes no `over` window", window.span, "remove this window")
                    .related(c.measure.span, "a run is counted back from each day")
                    .help("a consecutive run always ends on the day the rule is evaluated; to count days in a period, use `school days(...)`"),
            );
            return None;
        }
        let w = match &window.node {
            ast::Window::YearToDate => Window::YearToDate,
            ast::Window::Term => Window::Term,
            ast::Window::HalfTerm => Window::HalfTerm,
            ast::Window::Rolling(lit) => {
                let d = self.duration(lit, &[Unit::SchoolWeeks, Unit::Weeks])?;
                if d.node.unit == Unit::SchoolWeeks {
                    Window::RollingSchoolWeeks(d.node.amount)
                } else {
                    Window::RollingWeeks(d.node.amount)
                }
            }
            ast::Window::Last(lit) => {
                Window::LastSchoolDays(self.duration(lit, &[Unit::SchoolDays])?.node.amount)
            }
            ast::Window::Since(stage) => match self.stages.iter().position(|s| *s == stage.node) {
                Some(k) => Window::SinceStage(k as u32),
                None => {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::UNKNOWN_STAGE,
                            format!("`since \"{}\"` names a rule this rule does not follow", stage.node),
                            stage.span,
                            "not a stage of this rule",
                        )
                        .help(format!("add `after \"{}\"` to the rule, so it follows that rule", stage.node)),
                    );
                    return None;
                }
            },
        };
        Some((w, window.span))
    }
}
