#!/usr/bin/env bash
# Installs what Amicus needs on this machine when it is missing: the npm packages (from the
# committed lock file) and Debian's Chromium for letter PDFs. The Kafka jars are resolved by
# Maven on the broker's first start (infra/kafka.js); the database schema by each service's
# migrations on its start.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "amicus: installing npm packages…" >&2
  # `npm install` rather than `npm ci`: it installs the locked versions all the same, and it
  # tolerates optional platform packages (other OSes' binaries) that a registry mirror lacks.
  PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error
fi

# Letters are printed by Chromium; pdftotext (poppler-utils) lets the tests read them back.
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/pdftotext ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "amicus: installing Debian's chromium and poppler-utils for letter PDFs…" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core fonts-liberation poppler-utils >/dev/null
  else
    echo "amicus: letters need Debian's chromium: sudo apt-get install chromium fonts-dejavu-core poppler-utils" >&2
  fi
fi
