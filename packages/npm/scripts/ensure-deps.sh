#!/usr/bin/env bash
# Installs the package's dev tools (TypeScript, Ajv, get-port, portfinder, detect-port, Deno, Bun)
# exactly as package-lock.json pins them, with `npm ci`; skipped while node_modules already
# matches the lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.badport-lock
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
  echo "node_modules matches package-lock.json"
  exit 0
fi
npm ci --no-audit --no-fund
cp package-lock.json "$stamp"
