//! The CTF XML reader on any bytes, strict and lenient.
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| common::run_register(bytes, "xml"));
