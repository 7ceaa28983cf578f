#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (built by `npm install` through the prepare script); falls back to the
// TypeScript sources through tsx in a checkout where the build has not run yet.
const path = require('node:path');
const fs = require('node:fs');
const built = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
let mod;
if (fs.existsSync(built)) {
  mod = require(built);
} else {
  require('tsx/cjs');
  mod = require(path.join(__dirname, '..', 'src', 'cli', 'main.ts'));
}
mod.main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => { process.stderr.write(String((e && e.stack) || e) + '\n'); process.exitCode = 70; },
);
