//! Actions a policy names beyond letters and meetings: signing in on a late
//! arrival, a referral to a named service, and marks to be recoded, as events
//! of a run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

use std::process::Command;

const POLICY: &str = "school \"Test School\" {\n    regulations england-2024\n    effective 2024-09-01\n}\n\
register am { opens 08:40 closes 09:00 }\nregister pm { opens 13:00 closes 13:15 }\n\
lateness {\n    arrival after 08:50 => sign in \"the late book\"\n}\n\
rule \"school nurse\" {\n    when consecutive school days(I) >= 3\n    then refer to \"the school nurse\"\n}\n";

#[test]
fn a_late_pupil_signs_in_and_a_referral_names_its_service() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("p.attend");
    std::fs::write(&policy, POLICY).unwrap();
    let register = dir.path().join("r.csv");
    // A arrives 5 and 15 minutes after the register opens (08:45, 08:55);
    // B is ill three days running.
    std::fs::write(
        &register,
        "pupil,date,session,mark,minutes_late\n\
         A,2024-09-02,AM,L,5\nA,2024-09-02,PM,/,\nA,2024-09-03,AM,L,15\nA,2024-09-03,PM,/,\n\
         B,2024-09-02,AM,I,\nB,2024-09-02,PM,I,\nB,2024-09-03,AM,I,\nB,2024-09-03,PM,I,\n\
         B,2024-09-04,AM,I,\nB,2024-09-04,PM,I,\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_attend"))
        .args(["run", policy.to_str().unwrap(), "--register", register.to_str().unwrap(), "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let events: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(events.len(), 2, "{text}");
    assert!(
        events[0].starts_with("A,2024-09-03,lateness: arrival after 08:50,sign-in,the late book,"),
        "{text}"
    );
    assert!(events[1].starts_with("B,2024-09-04,school nurse,refer,the school nurse,"), "{text}");
}

#[test]
fn marks_are_to_be_recoded_where_no_evidence_is_recorded_a_week_after_the_request() {
    // A and B are ill on Monday 2 and Tuesday 3 September (evidence asked for
    // on the Tuesday), then present; B's evidence is recorded on Thursday 5th.
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("p.attend");
    std::fs::write(
        &policy,
        POLICY.replace(
            "rule \"school nurse\"",
            "rule \"evidence\" { when consecutive school days(I) >= 2 then request medical evidence once }\n\
             rule \"no evidence\" { after \"evidence\" at least 1 weeks when records(\"medical evidence received\") = 0 since \"evidence\" then recode as O once }\n\
             rule \"school nurse\"",
        ),
    )
    .unwrap();
    let mut register = String::from("pupil,date,session,mark,minutes_late\n");
    for pupil in ["A", "B"] {
        for (day, mark) in [(2, "I"), (3, "I"), (4, "/"), (5, "/"), (6, "/"), (9, "/"), (10, "/"), (11, "/")]
        {
            register.push_str(&format!(
                "{pupil},2024-09-{day:02},AM,{mark},\n{pupil},2024-09-{day:02},PM,{mark},\n"
            ));
        }
    }
    let registers = dir.path().join("r.csv");
    std::fs::write(&registers, register).unwrap();
    let records = dir.path().join("records.csv");
    std::fs::write(&records, "pupil,date,record\nB,2024-09-05,medical evidence received\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_attend"))
        .args(["run", policy.to_str().unwrap(), "--register", registers.to_str().unwrap(), "--format", "csv"])
        .arg("--records")
        .arg(&records)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let recoded: Vec<&str> = text.lines().filter(|l| l.contains(",recode,")).collect();
    assert_eq!(recoded.len(), 1, "{text}");
    assert!(recoded[0].starts_with("A,2024-09-10,no evidence,recode,O,"), "{text}");
}
