#!/usr/bin/env bash
# The one test command (npm test, and so .ci/run): type-check, lint and format check, build, install what the end-to-end
# tests need (Debian's chromium, LibreOffice; PostgreSQL is started by the tests themselves), then mocha.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== typecheck"
npm run --silent typecheck
echo "== lint (eslint with the Office add-in rules) and format (prettier)"
npm run --silent lint
npm run --silent format:check
echo "== build"
npm run --silent build
echo "== e2e prerequisites"
bash scripts/setup-e2e.sh
echo "== mocha"
npx mocha "$@"
