//! What the school records outside the register (a records file) as a
//! measure: `records("...")`, on small registers worked out by hand. The
//! filler pupil `F` is present every day, so the calendar is known.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

mod common;

use common::registers::*;

const PAID_THEN_ABSENT: &str = "rule \"absent after paying\" {\n\
    when records(\"penalty notice paid\") >= 1 over year to date and sessions(O) >= 2 over last 5 school days\n\
    then meeting \"attendance panel\"\n\
    once\n\
}\n";

#[test]
fn a_record_counts_from_its_day_or_the_next_school_day() {
    // A: O all Monday 2 September; the notice recorded paid on Wednesday 4th.
    // B: the same marks, nothing recorded. C: paid on Saturday 7th, O all
    // Monday 9th. Wednesday is A's first day with both; the Saturday counts
    // from Monday for C.
    let register = filler(10)
        + &rows("A", "2024-09-02", "OO /\\ /\\ /\\ /\\")
        + &rows("B", "2024-09-02", "OO /\\ /\\ /\\ /\\")
        + &rows("C", "2024-09-02", "/\\ /\\ /\\ /\\ /\\ OO");
    let records = "pupil,date,record\nA,2024-09-04,penalty notice paid\nC,2024-09-07,penalty notice paid\n";
    let output = run_with_files(PAID_THEN_ABSENT, &register, None, Some(records));
    assert_eq!(
        fired(&output, "absent after paying"),
        [("A".to_string(), d("2024-09-04")), ("C".to_string(), d("2024-09-09"))]
    );
    // Without the records file, nothing is recorded and the rule never fires.
    assert!(fired(&run(PAID_THEN_ABSENT, &register), "absent after paying").is_empty());
}

#[test]
fn a_window_counts_only_the_records_inside_it() {
    // Two failed visits for A, three school days apart; the rule asks for two
    // within the last 3 school days, so it never holds. B's two are a day apart.
    let policy = "rule \"police welfare check\" {\n\
        when records(\"home visit not possible\") >= 2 over last 3 school days\n\
        then refer to \"the police for a welfare check\"\n\
    }\n";
    let register = filler(10)
        + &rows("A", "2024-09-02", "NN NN NN NN NN NN")
        + &rows("B", "2024-09-02", "NN NN NN NN NN NN");
    let records = "pupil,date,record\n\
        A,2024-09-02,home visit not possible\nA,2024-09-05,home visit not possible\n\
        B,2024-09-03,home visit not possible\nB,2024-09-04,home visit not possible\n";
    let output = run_with_files(policy, &register, None, Some(records));
    assert_eq!(fired(&output, "police welfare check"), [("B".to_string(), d("2024-09-04"))]);
    let event = output.events.iter().find(|e| e.rule == "police welfare check").unwrap();
    assert_eq!(event.value.number(), "2");
}
