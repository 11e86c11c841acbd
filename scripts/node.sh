#!/usr/bin/env bash
# Runs a TypeScript entry point with Node >= 22.13 and installed dependencies:
#   bash scripts/node.sh scripts/seed-demo.ts
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node24.sh
. scripts/install-deps.sh
exec node "$@"
