//! Writes a synthetic pupils file (CSV) for a register written by
//! `generate_register` with the same PUPILS, YEAR and SEED.
//!
//!     cargo run --release --example generate_pupils -- PUPILS YEAR [SEED]
//!
//! Every pupil and every detail is made up.
#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used, clippy::indexing_slicing)] // a wrong argument stops a generator with its usage

use attend::synthetic::{Options, write_pupils_csv};
use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: generate_pupils PUPILS YEAR [SEED]";
    let pupils: u64 = args.first().and_then(|a| a.parse().ok()).expect(usage);
    let year: i32 = args.get(1).and_then(|y| y.parse().ok()).expect(usage);
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    write_pupils_csv(&Options { pupils, years: vec![year], seed, minutes_late: true }, &mut out)?;
    out.flush()
}
