#!/usr/bin/env bash
# `npm start`: install what is missing, build, start the whole system with demo data in the
# foreground (Ctrl-C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash infra/ensure-deps.sh
npm run --silent build
exec node cli/bin/amicus.js start
