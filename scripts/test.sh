#!/usr/bin/env bash
# The one test command (npm test, and so .ci/run): type-check, build, install what the end-to-end
# tests need (Debian's chromium, LibreOffice; PostgreSQL is started by the tests themselves), then mocha.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== typecheck"
npm run --silent typecheck
echo "== build"
npm run --silent build
echo "== e2e prerequisites"
bash scripts/setup-e2e.sh
echo "== mocha"
npx mocha "$@"
