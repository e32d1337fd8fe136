//! What a parse error says was expected, in the words of the language: each
//! grammar rule described as a policy writer would name it.

use super::parser::Rule;

/// How a message names what `rule` would have matched; `None` leaves it out.
pub(super) fn describe(rule: Rule, text: &str, pos: usize) -> Option<String> {
    let p = |s: &str| Some(s.to_string());
    match rule {
        Rule::EOI => p("the end of the file"),
        Rule::extends_decl => p("`extends`"),
        Rule::organisation_block | Rule::organisation_kind => p("`trust` or `federation`"),
        Rule::school_block => p("`school`"),
        Rule::regulations_stmt => p("`regulations`"),
        Rule::effective_stmt => p("`effective`"),
        Rule::review_stmt => p("`review`"),
        Rule::gates_stmt => p("`gates open`"),
        Rule::term_stmt => p("`term`"),
        Rule::closed_stmt => p("`closed`"),
        Rule::half_term_break => p("`, half term` and its dates"),
        Rule::starts_stmt => p("`starts`"),
        Rule::ends_stmt => p("`ends`"),
        Rule::opens_stmt => p("`opens`"),
        Rule::closes_stmt => p("`closes`"),
        Rule::closes_after => p("`after`"),
        Rule::not_stated | Rule::kw_not => p("`not stated`"),
        Rule::pupil_value => p("`pupil` and a column of the pupils file"),
        Rule::session => p("`am` or `pm`"),
        Rule::report_days | Rule::first_day | Rule::every_day => p("`first day` or `every day`"),
        Rule::medical_doubt => p("`when in doubt`"),
        Rule::medical_after_leave => p("`when illness follows leave`"),
        Rule::medical_when | Rule::when_stmt => p("`when`"),
        Rule::granted_stmt => p("`granted for`"),
        Rule::request_stmt => p("`requested`"),
        Rule::reason => p("a reason such as `exceptional-circumstances`"),
        Rule::request_via | Rule::in_writing | Rule::on_form => p("`in writing` or `on form`"),
        Rule::request_ahead => p("`at least` and how far ahead"),
        Rule::arrival_rule => p("`arrival after`"),
        Rule::mark_action => p("`mark` and a code, like `mark U`"),
        Rule::then_stmt => p("`then`"),
        Rule::limit_stmt | Rule::once_stmt | Rule::repeat_stmt => p("`once` or `repeat every`"),
        Rule::minimum_stmt => p("`minimum`"),
        Rule::period | Rule::half_term => p("`half term`, `term` or `year`"),
        Rule::action => p(
            "an action such as `letter \"name\"`, `meeting \"who\"`, `contact \"who\"`, `home visit` or `notify local authority`",
        ),
        Rule::threshold_stmt => p("`threshold`"),
        Rule::amount_stmt | Rule::notice_kind => p("`first`, `second` or `suspension`"),
        Rule::per_child_stmt => p("`at most`"),
        Rule::improve_stmt => p("`notice to improve`"),
        Rule::payment => p("an amount and a period, like `£80 within 21 days`"),
        Rule::condition | Rule::conjunction | Rule::comparison | Rule::measure => {
            p("a measure such as `attendance`, `sessions(U)` or `consecutive school days(I)`")
        }
        Rule::comparator => p("a comparison: `<`, `<=`, `>`, `>=` or `=`"),
        Rule::code_set => p("a list of codes in brackets, like `(G, O, U)`"),
        Rule::code | Rule::code_group | Rule::quoted_code => {
            p("an attendance code like `U` or a group like `unauthorised`")
        }
        Rule::window => p("`over` and a period"),
        Rule::window_kind | Rule::year_to_date | Rule::rolling | Rule::last_days => p(
            "a period: `year to date`, `term`, `half term`, `rolling 10 school weeks` or `last 20 school days`",
        ),
        Rule::tests_for => p("`tests for` and the policy file, like `tests for \"stanborough.attend\"`"),
        Rule::test_case => p("`test` and its name"),
        Rule::pupil_marks => p("`pupil`, like `pupil \"A\" from 2024-09-02 marks \"/\\ /\\ OO\"`"),
        Rule::expectation => p("`expect`"),
        Rule::expected | Rule::expect_rule | Rule::expect_attendance | Rule::expect_definition => p(
            "what is expected: a rule's name in quotes, `attendance` and a percentage, or `persistent absence`",
        ),
        Rule::expect_on => p("`on` and a date"),
        Rule::expect_times => p("a number of times, like `2 times`"),
        Rule::for_pupil => p("`for` and a pupil"),
        Rule::value => Some(expected_value(text, pos).to_string()),
        Rule::string => p("a name in double quotes, like \"Stanborough School\""),
        Rule::regime_name => p("the name of the regulations, like `england-2024`"),
        Rule::run_unit | Rule::school_days => p("`school days` or `weekdays`"),
        Rule::unit | Rule::school_weeks => {
            p("a unit such as `minutes`, `school days`, `school weeks` or `years`")
        }
        other => {
            let name = format!("{other:?}");
            name.strip_prefix("kw_").map(|w| format!("`{}`", w.replace('_', " ")))
        }
    }
}

/// What kind of value belongs after the word that precedes `pos`.
fn expected_value(text: &str, pos: usize) -> &'static str {
    let before = text[..pos.min(text.len())].trim_end();
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| !c.is_whitespace())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let previous_two: Vec<&str> = before.split_whitespace().rev().take(2).collect();
    match word.as_str() {
        "opens" | "closes" | "starts" | "ends" | "open" | "by" => "a time like 08:35",
        "after" if previous_two.get(1) == Some(&"closes") => "a duration like 15 minutes",
        "after" => "a time like 08:35",
        "effective" | "review" => "a date like 2025-11-01",
        "retained" => "a duration like 6 years",
        "within" | "every" | "least" | "last" => "a duration like 5 school days",
        "rolling" => "a duration like 10 school weeks",
        "improve" | "to" => "a duration like 3 weeks",
        "minimum" | "most" => "a number like 20",
        "first" | "second" | "suspension" | "," => "an amount like £80",
        "<" | "<=" | ">" | ">=" | "=" => "a value like 96% or 10",
        _ => {
            "a value: a time like 08:35, a date like 2025-09-03, a percentage like 96%, an amount like £80, a duration like 10 school weeks, or a number"
        }
    }
}
