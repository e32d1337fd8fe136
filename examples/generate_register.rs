//! Writes a synthetic register (long CSV) to standard output.
//!
//!     cargo run --release --example generate_register -- PUPILS YEAR [SEED]
//!
//! YEAR is the September the academic year starts in; it may be a range such
//! as 2023-2024 for two years. Every pupil is made up.
#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used, clippy::indexing_slicing)] // a wrong argument stops a generator with its usage

use attend::synthetic::{Options, write_long_csv};
use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: generate_register PUPILS YEAR[-YEAR] [SEED]";
    let pupils: u64 = args.first().and_then(|a| a.parse().ok()).expect(usage);
    let years: Vec<i32> =
        match args.get(1).map(|y| y.split_once('-').map_or((y.as_str(), y.as_str()), |(a, b)| (a, b))) {
            Some((a, b)) => (a.parse().expect(usage)..=b.parse().expect(usage)).collect(),
            None => panic!("{usage}"),
        };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    write_long_csv(&Options { pupils, years, seed, minutes_late: true }, &mut out)?;
    out.flush()
}
