//! Running the attend binary from a test.

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs attend with `args` to the end.
pub fn attend(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_attend")).args(args).output().expect("attend runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Runs attend with `args` and says how long it took; a run still going after
/// five seconds is stopped and fails the test.
pub fn attend_quickly(args: &[&str]) -> (Output, Duration) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_attend"))
        .args(args)
        .stdin(Stdio::piped()) // never closed: reading it would block
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(5) {
            child.kill().unwrap();
            panic!("attend {args:?} did not finish");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let elapsed = start.elapsed();
    (child.wait_with_output().unwrap(), elapsed)
}

pub fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}
