#!/usr/bin/env bash
# npm start: build what is missing (the CLI/server with tsc, the add-in with webpack), then
# `planbook start`: import the bundled plan documents, load them into the file store in ./.data,
# make the first users and serve https://localhost:3443. Arguments pass through (npm start -- --http).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/cli/main.js ] || npm run --silent build:node
[ -f dist/addin/taskpane.html ] || npm run --silent build:addin
exec node bin/planbook.js start "$@"
