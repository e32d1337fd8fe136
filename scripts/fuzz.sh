#!/usr/bin/env bash
# Fuzzes attend's input readers with cargo-fuzz (libFuzzer): the policy front
# end, the policy test format, the CSV and CTF register readers, the rule-set
# loader, and pupil details (pupils files, a CTF's details, mapping files).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Each target runs for SECONDS (default 60) from a corpus seeded with the
# project's own policies, fixtures and examples, and prints libFuzzer's count
# of executions. A crash stops the script with the input saved under
# fuzz/artifacts/TARGET/. cargo fuzz needs a nightly toolchain and cargo-fuzz;
# without them the script says so and does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(policy policy_test register_csv register_ctf rule_set pupil_details)
fi

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  echo "no nightly toolchain: cargo fuzz needs one (rustup toolchain install nightly); nothing was fuzzed" >&2
  exit 0
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is not installed (cargo install cargo-fuzz); nothing was fuzzed" >&2
  exit 0
fi

corpus=fuzz/corpus
mkdir -p "$corpus"/{policy,policy_test,register_csv,register_ctf,rule_set,pupil_details}
# Seeds are named by their path, as files in different folders share names.
seed() { for f in "${@:2}"; do cp "$f" "$corpus/$1/${f//\//_}"; done; }
seed policy policies/*.attend policies/trusts/*.attend tests/fixtures/invalid/*.attend \
  tests/fixtures/compliance/*/*.attend examples/whatif/*.attend
seed policy_test policies/*.attend-test tests/fixtures/policy-tests/*.attend-test
seed register_csv tests/fixtures/registers/bad/*.csv
head -n 400 examples/stanborough-2024-25-synthetic.csv > "$corpus/register_csv/stanborough-head.csv"
seed register_ctf examples/ctf-sample.xml tests/fixtures/registers/bad/*.xml
seed pupil_details examples/ctf-sample.xml examples/registers/*.toml
head -n 40 examples/stanborough-2024-25-pupils.csv > "$corpus/pupil_details/pupils-head.csv"
cargo run --quiet --release -- compile policies/stanborough.attend -o "$corpus/rule_set/stanborough.json"

# The crate forbids unsafe code, so AddressSanitizer would find nothing that
# a panic does not already show; without it a target runs about ten times
# faster. Debug assertions stay on, so an arithmetic overflow is a crash.
# One engine thread per target keeps each run deterministic and cheap.
export RAYON_NUM_THREADS=1
for target in "${targets[@]}"; do
  echo "== $target, ${seconds}s"
  cargo +nightly fuzz run --release --sanitizer none "$target" "$corpus/$target" -- \
    -max_total_time="$seconds" -print_final_stats=1 -max_len=16384 2>&1 |
    grep -E 'stat::number_of_executed_units|stat::peak_rss_mb|SUMMARY|panicked|Test unit written' || true
  if ls "fuzz/artifacts/$target"/crash-* >/dev/null 2>&1; then
    echo "$target: a crash was found; see fuzz/artifacts/$target/" >&2
    exit 1
  fi
done
