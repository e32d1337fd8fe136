//! The HTML report: one self-contained file (no scripts, fonts or images from
//! anywhere else) with headline figures, charts drawn here as inline SVG, the
//! what-if difference, and every pupil's events.

use crate::simulate::{Comparison, Outcome};
use crate::vocabulary::ActionKind;
use std::collections::BTreeMap;
use std::fmt::Write;

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:72rem;color:#1b1f24;padding:0 1rem}\
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}\
.muted{color:#57606a}.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.8rem;margin:1.2rem 0}\
.figure{background:#f6f8fa;border-radius:.5rem;padding:.8rem}.figure b{display:block;font-size:1.6rem}\
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eaeef2;vertical-align:top}\
td.n,th.n{text-align:right}svg{width:100%;height:auto;background:#fff}.bar{fill:#0969da}.bar2{fill:#bf8700}.line{fill:none;stroke:#cf222e;stroke-width:2}\
.axis{stroke:#8c959f;stroke-width:1}.grid{stroke:#eaeef2;stroke-width:1}footer{margin-top:2rem;font-size:.85rem;color:#57606a}\
@media print{body{margin:0;max-width:none}h2{break-after:avoid}svg{break-inside:avoid}}.label{font-size:11px;fill:#57606a}svg.delta{width:15rem;height:1rem;background:none}.value{font-size:10px;fill:#1b1f24}";

/// Text centred on `x`, its baseline at `y`.
fn text_at(svg: &mut String, class: &str, x: f64, y: f64, text: &str) {
    let _ = write!(
        svg,
        "<text class=\"{class}\" x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"middle\">{}</text>",
        escape(text)
    );
}

/// A bar chart of labelled values; `second` draws a second series beside the first.
/// Axis titles: what runs along the bottom, and what the heights count.
fn axis_titles(svg: &mut String, width: f64, height: f64, (x, y): (&str, &str)) {
    text_at(svg, "label", width / 2.0, height - 3.0, x);
    let middle = (height - 40.0) / 2.0;
    let _ = write!(
        svg,
        "<text class=\"label\" x=\"11\" y=\"{middle:.1}\" text-anchor=\"middle\" transform=\"rotate(-90 11 {middle:.1})\">{}</text>",
        escape(y)
    );
}

fn bars(
    title: &str,
    axes: (&str, &str),
    values: &[(String, f64)],
    second: Option<&[(String, f64)]>,
    label_every: usize,
) -> String {
    let (width, height, left, bottom) = (900.0, 260.0, 48.0, 40.0);
    let max = values.iter().chain(second.unwrap_or(&[])).map(|(_, v)| *v).fold(0.0, f64::max).max(1.0);
    let n = values.len().max(1) as f64;
    let slot = (width - left - 10.0) / n;
    let series = if second.is_some() { 2.0 } else { 1.0 };
    let bar = (slot * 0.8 / series).max(1.0);
    let mut svg =
        format!("<svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\">", escape(title));
    let plot = height - bottom - 10.0;
    let _ = write!(
        svg,
        "<line class=\"axis\" x1=\"{left}\" y1=\"{}\" x2=\"{width}\" y2=\"{}\"/>",
        plot + 10.0,
        plot + 10.0
    );
    // Ticks at nought, half and the most, each with its value and a grid line.
    for fraction in [0.0, 0.5, 1.0] {
        let y = plot + 10.0 - fraction * plot;
        let value = max * fraction;
        let shown = if value.fract() == 0.0 { format!("{value}") } else { format!("{value:.1}") };
        let _ =
            write!(svg, "<line class=\"grid\" x1=\"{left}\" y1=\"{y:.1}\" x2=\"{width}\" y2=\"{y:.1}\"/>");
        let _ = write!(
            svg,
            "<text class=\"label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{shown}</text>",
            left - 4.0,
            y + 4.0
        );
    }
    // Values are printed on the page, not only in tooltips, where the bars leave room.
    let print_values = values.len() <= 40;
    for (k, list) in std::iter::once(values).chain(second).enumerate() {
        for (i, (_, v)) in list.iter().enumerate() {
            let h = v / max * plot;
            let x = left + i as f64 * slot + slot * 0.1 + k as f64 * bar;
            let class = if k == 0 { "bar" } else { "bar2" };
            let _ = write!(
                svg,
                "<rect class=\"{class}\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\"><title>{v}</title></rect>",
                plot + 10.0 - h
            );
            if print_values {
                text_at(&mut svg, "value", x + bar / 2.0, plot + 6.0 - h, &format!("{v}"));
            }
        }
    }
    for (i, (label, _)) in values.iter().enumerate() {
        if i % label_every.max(1) == 0 {
            let x = left + i as f64 * slot + slot / 2.0;
            text_at(&mut svg, "label", x, height - 20.0, label);
        }
    }
    axis_titles(&mut svg, width, height, axes);
    svg.push_str("</svg>");
    svg
}

/// A line chart of percentages by label.
fn line(title: &str, axes: (&str, &str), points: &[(String, f64)]) -> String {
    let (width, height, left, bottom, top) = (900.0, 240.0, 48.0, 40.0, 25.0);
    let max = points.iter().map(|(_, v)| *v).fold(0.0, f64::max).max(1.0).ceil();
    let base = height - bottom - 10.0;
    let y = |v: f64| base - v / max * (base - top);
    // Room on the right for the last label, centred on its point.
    let step = (width - left - 45.0) / (points.len().max(2) - 1) as f64;
    let coords: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, (_, v))| format!("{:.1},{:.1}", left + i as f64 * step, y(*v)))
        .collect();
    let mut svg =
        format!("<svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\">", escape(title));
    let _ = write!(svg, "<line class=\"axis\" x1=\"{left}\" y1=\"{base}\" x2=\"{width}\" y2=\"{base}\"/>");
    let _ = write!(svg, "<text class=\"label\" x=\"2\" y=\"{top}\">{max}%</text>");
    let _ = write!(svg, "<polyline class=\"line\" points=\"{}\"/>", coords.join(" "));
    for (i, (label, v)) in points.iter().enumerate() {
        let x = left + i as f64 * step;
        text_at(&mut svg, "value", x, y(*v) - 6.0, &format!("{v:.1}%"));
        text_at(&mut svg, "label", x, height - 20.0, label);
    }
    axis_titles(&mut svg, width, height, axes);
    svg.push_str("</svg>");
    svg
}

/// Attendance bands for the distribution chart, in hundredths of a percent.
const BANDS: &[(u32, &str)] = &[
    (0, "under 50%"),
    (5000, "50-80%"),
    (8000, "80-90%"),
    (9000, "90-95%"),
    (9500, "95-97%"),
    (9700, "97-99%"),
    (9900, "99-100%"),
];

/// The report; `stamp` says when, by which attend and from which files it was made.
pub fn report(
    outcome: &Outcome,
    against: Option<(&Outcome, &Comparison)>,
    names: (&str, &str),
    stamp: &str,
) -> String {
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}: attendance simulation</title><style>{STYLE}</style></head><body>",
        escape(&outcome.school)
    );
    let span = match (outcome.first_day, outcome.last_day) {
        (Some(a), Some(b)) => format!("{a} to {b}"),
        _ => "no school days".to_string(),
    };
    let _ = write!(
        html,
        "<h1>{}</h1><p class=\"muted\">What the policy <b>{}</b> would have done to this register ({span}), under {}.</p>",
        escape(&outcome.school),
        escape(names.0),
        escape(&outcome.regulations)
    );
    let overall = if outcome.attendance.is_empty() {
        "-".to_string()
    } else {
        format!(
            "{:.1}%",
            outcome.attendance.iter().map(|(_, a)| f64::from(*a)).sum::<f64>()
                / outcome.attendance.len() as f64
                / 100.0
        )
    };
    let count = |kind: ActionKind| outcome.events.iter().filter(|e| e.action.kind() == kind).count();
    let figures = [
        ("pupils", outcome.pupils.to_string()),
        ("school days", outcome.school_days.to_string()),
        ("mean attendance", overall),
        ("persistently absent at the end", outcome.persistent_at_end.len().to_string()),
        ("severely absent at the end", outcome.severe_at_end.len().to_string()),
        ("letters", count(ActionKind::Letter).to_string()),
        ("penalty notices to consider", count(ActionKind::ConsiderPenaltyNotice).to_string()),
        ("local authority notified", count(ActionKind::NotifyLocalAuthority).to_string()),
        ("unreadable rows skipped", outcome.skipped_rows.values().sum::<u64>().to_string()),
    ];
    html.push_str("<div class=\"figures\">");
    for (label, value) in figures {
        let _ = write!(html, "<div class=\"figure\"><b>{}</b>{}</div>", escape(&value), escape(label));
    }
    html.push_str("</div>");

    html.push_str("<h2>Attendance distribution</h2><p class=\"muted\">Pupils by attendance over the register's last year.</p>");
    let mut bands = vec![0usize; BANDS.len()];
    for (_, a) in &outcome.attendance {
        let i = BANDS.iter().rposition(|(from, _)| a >= from).unwrap_or(0);
        if let Some(band) = bands.get_mut(i) {
            *band += 1;
        }
    }
    let values: Vec<(String, f64)> =
        BANDS.iter().zip(&bands).map(|((_, l), n)| (l.to_string(), *n as f64)).collect();
    html.push_str(&bars(
        "Pupils by attendance band",
        ("attendance over the last year", "pupils"),
        &values,
        None,
        1,
    ));

    html.push_str("<h2>Actions per week</h2><p class=\"muted\">Rule firings (letters, meetings, sanctions, contacts, notifications) each school week.</p>");
    let weeks = outcome.firings_by_week();
    let values: Vec<(String, f64)> =
        weeks.iter().map(|(w, n)| (w.format("%d %b").to_string(), *n as f64)).collect();
    html.push_str(&bars(
        "Rule firings per week",
        ("school week (Monday)", "firings"),
        &values,
        None,
        (values.len() / 12).max(1),
    ));

    html.push_str("<h2>Persistent absence</h2><p class=\"muted\">Share of pupils persistently absent (year to date) at the end of each month.</p>");
    let points: Vec<(String, f64)> = outcome
        .trend
        .iter()
        .map(|(m, t)| {
            (m.clone(), if t.pupils == 0 { 0.0 } else { t.persistent as f64 * 100.0 / t.pupils as f64 })
        })
        .collect();
    html.push_str(&line("Persistent absence by month", ("month", "% of pupils"), &points));

    html.push_str(
        "<h2>Rules</h2><table><tr><th>rule</th><th class=\"n\">pupils</th><th class=\"n\">times</th></tr>",
    );
    for r in &outcome.rules {
        let kind = if r.statutory { " <span class=\"muted\">(statutory)</span>" } else { "" };
        let _ = write!(
            html,
            "<tr><td>{}{kind}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(&r.rule),
            r.pupils,
            r.times
        );
    }
    html.push_str("</table>");
    for ladder in &outcome.ladders {
        html.push_str("<h2>Escalation ladder</h2><p class=\"muted\">Pupils who reached each stage, first stage first.</p>");
        html.push_str(&super::change_chart::funnel(ladder));
    }
    let reports = super::report_sections::report_sections(outcome);
    if !reports.is_empty() {
        html.push_str("<h2>Reports</h2><p class=\"muted\">The policy's reports on the whole school: who is told, how often, and the days each fell due in this register.</p>");
    }
    for section in reports {
        let _ = write!(html, "<h3>{}</h3>", escape(&section.title));
        match &section.note {
            Some(note) => {
                let _ = write!(html, "<p>{}</p>", escape(note));
            }
            None => html.push_str(&html_table(&section.header, &section.rows, section.figures_from)),
        }
    }
    if let Some(b) = &outcome.breakdown {
        let (note, header, rows) = super::simulate::breakdown_table(b);
        let _ = write!(html, "<h2>By {}</h2><p class=\"muted\">{}.</p>", escape(&b.attribute), escape(&note));
        if b.groups.is_empty() {
            html.push_str("<p>No group is large enough to show.</p>");
        }
        html.push_str(&html_table(&header, &rows, 1));
    }

    if let Some((second, comparison)) = against {
        let _ = write!(
            html,
            "<h2>What if: {} instead</h2><p class=\"muted\">Firings of each rule that changes, under {} and under {} (blue: more, amber: fewer), then the pupils whose outcome differs.</p>",
            escape(names.1),
            escape(names.0),
            escape(names.1)
        );
        let short_names = (super::simulate::short_name(names.0), super::simulate::short_name(names.1));
        html.push_str(&super::change_chart::change_per_rule(comparison, (&short_names.0, &short_names.1)));
        let _ = write!(
            html,
            "<p>{} pupils in {}; {} pupil and rule outcomes differ.</p>",
            second.pupils,
            escape(&second.school),
            comparison.differences.len()
        );
        let _ = write!(
            html,
            "<table><tr><th>pupil</th><th>rule</th><th>{}</th><th>{}</th></tr>",
            escape(&super::simulate::short_name(names.0)),
            escape(&super::simulate::short_name(names.1))
        );
        for d in &comparison.differences {
            let dates =
                |v: &[chrono::NaiveDate]| v.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ");
            let _ = write!(
                html,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&d.pupil),
                escape(&d.rule),
                dates(&d.dates_first),
                dates(&d.dates_second)
            );
        }
        html.push_str("</table>");
    }

    html.push_str("<h2>Pupils and their events</h2><table><tr><th>pupil</th><th>date</th><th>rule</th><th>action</th><th>value</th></tr>");
    let mut by_pupil: BTreeMap<&str, Vec<crate::simulate::FiredEvent>> = BTreeMap::new();
    for e in outcome.events.iter() {
        by_pupil.entry(e.pupil).or_default().push(e);
    }
    for (pupil, events) in by_pupil {
        for (i, e) in events.iter().enumerate() {
            let name = if i == 0 { escape(pupil) } else { String::new() };
            let _ = write!(
                html,
                "<tr><td>{name}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                e.date,
                escape(e.rule),
                escape(&e.action.to_string()),
                escape(&e.value.to_string())
            );
        }
    }
    let _ = writeln!(html, "</table><footer>{}</footer></body></html>", escape(stamp));
    html
}

/// A table whose columns from `figures_from` on are figures, right-aligned.
fn html_table(header: &[String], rows: &[Vec<String>], figures_from: usize) -> String {
    let mut html = String::from("<table><tr>");
    for (i, h) in header.iter().enumerate() {
        let class = if i < figures_from { "" } else { " class=\"n\"" };
        let _ = write!(html, "<th{class}>{}</th>", escape(h));
    }
    html.push_str("</tr>");
    for row in rows {
        html.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let class = if i < figures_from { "" } else { " class=\"n\"" };
            let _ = write!(html, "<td{class}>{}</td>", escape(cell));
        }
        html.push_str("</tr>");
    }
    html.push_str("</table>");
    html
}
