//! The 100-million-mark benchmark: generates a synthetic register (seeded, so
//! always the same), runs a seed school's policy over it, and prints marks per
//! second and peak memory. Run with `cargo bench --bench run_100m`; set
//! `ATTEND_BENCH_MARKS` for another size. The register file is written to a
//! temporary folder and removed afterwards.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

use attend::compile;
use attend::engine::{self, RunOptions};
use attend::regulations::Regimes;
use attend::synthetic::{Options, write_long_csv};
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

/// Peak resident memory of this process, from /proc (Linux), in MiB.
fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    let wanted: u64 =
        std::env::var("ATTEND_BENCH_MARKS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000_000);
    let years = vec![2023, 2024];
    let marks_per_pupil =
        years.iter().map(|y| attend::synthetic::school_year(*y).len() as u64 * 2).sum::<u64>();
    let pupils = wanted.div_ceil(marks_per_pupil);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("register.csv");

    let started = Instant::now();
    let file = std::fs::File::create(&path).expect("the register file");
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let written = write_long_csv(&Options { pupils, years, seed: 2026, minutes_late: true }, &mut out)
        .expect("written");
    out.flush().expect("flushed");
    drop(out);
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "generated {written} marks for {pupils} pupils ({:.1} GB) in {:.1} s",
        size as f64 / 1e9,
        started.elapsed().as_secs_f64()
    );

    let rules = match compile::load(Path::new("policies/stanborough.attend"), &Regimes::embedded(), None) {
        Ok(rules) => rules,
        Err(_) => panic!("the policy compiles"),
    };
    let started = Instant::now();
    // Events are counted as they stream out, as `attend run --format jsonl` writes them.
    let mut events = 0usize;
    let output =
        match engine::run(&rules, &[path], &RunOptions::new(false), &mut |batch| events += batch.len()) {
            Ok(output) => output,
            Err(_) => panic!("the register reads"),
        };
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "ran policies/stanborough.attend: {} marks, {} pupils, {} events in {seconds:.1} s on {} threads",
        output.marks,
        output.pupils,
        events,
        rayon::current_num_threads()
    );
    println!(
        "{:.1} million marks per second (both passes over the file)",
        output.marks as f64 / seconds / 1e6
    );
    match peak_memory_mib() {
        Some(mib) => println!("peak memory: {mib:.0} MiB"),
        None => println!("peak memory: not available on this system"),
    }
}
