//! Writes three years of synthetic registers for every school policy in
//! `policies/`, named so that `attend simulate --trust` matches them:
//!
//!     cargo run --release --example generate_trust_registers -- DIR [PUPILS]
//!     attend simulate --trust policies --registers DIR
//!
//! Every pupil is made up (see `attend::synthetic`).
#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used, clippy::indexing_slicing)] // a wrong argument stops a generator with its usage

use std::path::{Path, PathBuf};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(args.first().expect("usage: generate_trust_registers DIR [PUPILS]"));
    let pupils: u64 = args.get(1).and_then(|p| p.parse().ok()).unwrap_or(150);
    for path in attend::synthetic::write_trust_registers(Path::new("policies"), &dir, pupils)? {
        println!("{}", path.display());
    }
    Ok(())
}
