#!/usr/bin/env bash
# Renders the HTML report of the shipped example in headless Chromium, fails if
# the browser logs any console message (errors, failed loads), and saves a
# screenshot. Needs Debian's chromium (`apt-get install chromium`).
#
#   scripts/check-html-report.sh [SCREENSHOT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
shot="${1:-docs/report-screenshot.png}"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "chromium is not installed: apt-get install chromium" >&2
  exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo run --quiet -- simulate policies/stanborough.attend \
  --register examples/stanborough-2024-25-synthetic.csv \
  --against examples/whatif/stanborough-letters-at-94.attend \
  --pseudonymise --salt example-report-salt-2026 --quiet \
  --html "$work/report.html" > /dev/null

# No network is needed: the report must not ask for anything.
if grep -Eq '(src|href)="(https?:)?//' "$work/report.html"; then
  echo "the report refers to something outside itself" >&2
  exit 1
fi

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --user-data-dir="$work/profile" --enable-logging=stderr --v=0
  --window-size=1280,2600 --hide-scrollbars)
"$browser" "${flags[@]}" --screenshot="$work/shot.png" "file://$work/report.html" 2> "$work/browser.log" || true
if grep -a 'CONSOLE' "$work/browser.log"; then
  echo "the report logged console messages (above)" >&2
  exit 1
fi
"$browser" "${flags[@]}" --dump-dom "file://$work/report.html" 2>/dev/null > "$work/dom.html"
for needed in '<svg' 'Attendance distribution' 'Actions per week' 'Persistent absence' 'What if'; do
  grep -q "$needed" "$work/dom.html" || { echo "the rendered page lacks: $needed" >&2; exit 1; }
done
[ -s "$work/shot.png" ] || { echo "no screenshot was taken" >&2; exit 1; }
grep -q 'Made on' "$work/dom.html" || { echo "the report has no stamp" >&2; exit 1; }
# On paper: printed at A4, as governors receive it.
"$browser" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$work/report.pdf" "file://$work/report.html" 2>/dev/null || true
[ -s "$work/report.pdf" ] || { echo "the report did not print" >&2; exit 1; }
mkdir -p "$(dirname "$shot")"
cp "$work/shot.png" "$shot"

# The published policy of every shipped school, written from its rules: the
# page and a screenshot of it in docs/policies/.
docs="$(dirname "$shot")/policies"
mkdir -p "$docs"
for policy in policies/*.attend; do
  school="$(basename "$policy" .attend)"
  cargo run --quiet -- doc "$policy" --format html --as-of 2026-11-23 -o "$docs/$school.html"
  "$browser" "${flags[@]}" --window-size=1000,2200 --screenshot="$work/$school.png" "file://$PWD/$docs/$school.html" 2> "$work/$school.log" || true
  if grep -a 'CONSOLE' "$work/$school.log"; then
    echo "the policy document of $school logged console messages (above)" >&2
    exit 1
  fi
  [ -s "$work/$school.png" ] || { echo "no screenshot of $school's policy document was taken" >&2; exit 1; }
  cp "$work/$school.png" "$docs/$school.png"
done
echo "the report and every policy document render without console messages; screenshots in $(dirname "$shot") and $docs"
