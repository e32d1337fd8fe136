#!/usr/bin/env bash
# Tests the VS Code extension's TextMate grammar on every shipped policy and
# test file, and packages the extension (editors/vscode/attend-*.vsix).
#
#   scripts/check-editor.sh
#
# Needs Node.js and npm; without them it says so and does nothing.
set -euo pipefail
cd "$(dirname "$0")/../editors/vscode"

if ! command -v npm >/dev/null 2>&1; then
  echo "npm is not installed: the editor grammar was not tested" >&2
  exit 0
fi
npm install --no-audit --no-fund --silent
npm test
npx --yes @vscode/vsce@3 package --skip-license --out attend.vsix
echo "packaged editors/vscode/attend.vsix"
