#!/usr/bin/env bash
# `npm test`: install what is missing, lint, build (the whole-system tests run the compiled
# services), then every test. Jest's global setup creates the database if needed and starts
# the project's Kafka broker when none answers. Extra arguments go to Jest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash infra/ensure-deps.sh
# The Peppol validation rules (libs/peppol): phive-rules-peppol from Maven Central and its two
# XSLTs compiled to SEF, once per machine into .data/peppol, before the tests that validate UBL
# (the library would prepare them lazily, but inside a test's time limit). `npm start` needs them not.
node -r @swc-node/register libs/peppol/src/rules.ts
# The whole suite starts with the lint (layout, type-aware rules, cycles, module boundaries);
# `npm test -- PATH` runs one part's tests alone.
if [ "$#" -eq 0 ]; then npm run --silent lint; fi
npm run --silent build
exec npx jest "$@"
