#!/usr/bin/env bash
# `npm test`: install what is missing, build (the whole-system tests run the compiled
# services), then every test. Jest's global setup creates the database if needed and starts
# the project's Kafka broker when none answers. Extra arguments go to Jest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash infra/ensure-deps.sh
npm run --silent build
exec npx jest "$@"
