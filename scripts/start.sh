#!/usr/bin/env bash
# `npm start`: install what is missing, build the client, run Jointly on the embedded
# SQLite default. Configuration comes from the environment (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node24.sh
. scripts/install-deps.sh
npx vite build --logLevel warn
exec node server/main.ts
