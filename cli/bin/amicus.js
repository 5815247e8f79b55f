#!/usr/bin/env node
// The `amicus` command. Runs the compiled CLI; builds the workspace first when it is missing.
'use strict';
const { existsSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');
const main = path.join(root, 'dist', 'cli', 'src', 'main.js');
if (!existsSync(main)) {
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
require(main);
