#!/usr/bin/env bash
# npm start: build what is missing (the CLI/server with tsc, the add-in with webpack), then
# `planbook start`: import the bundled plan documents, load them into the file store in ./.data,
# make the first users and serve https://localhost:3443. Arguments pass through (npm start -- --http).
set -euo pipefail
cd "$(dirname "$0")/.."
# Rebuild when a source is newer than the last build, so a pulled change is never served stale.
stale() { [ ! -f "$1" ] || [ -n "$(find src templates manifest.xml -newer "$1" -print -quit)" ]; }
# (Stamp files: webpack leaves unchanged outputs untouched, so their times say nothing.)
if stale dist/.node-built; then npm run --silent build:node && touch dist/.node-built; fi
if stale dist/addin/.built; then npm run --silent build:addin && touch dist/addin/.built; fi
exec node bin/planbook.js start "$@"
