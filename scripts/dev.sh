#!/usr/bin/env bash
# `npm run dev`: the API and /collab on :3000, Vite with hot reload on :5173 proxying to it.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node24.sh
. scripts/install-deps.sh
exec node scripts/dev.ts
