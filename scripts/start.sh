#!/usr/bin/env bash
# `npm start`: brings Node 24 if needed, builds the client only when its sources changed
# (scripts/build.sh; a restart with an unchanged client skips it), makes sure the runtime
# dependencies are installed, then runs Jointly on the embedded SQLite default. The same with
# NODE_ENV=production on a fresh clone. Configuration comes from the environment (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node24.sh
bash scripts/build.sh
# Only what the server imports at run time is needed from here on; a complete install will do,
# and a deployment that installed with `npm ci --omit=dev` after building keeps it that way.
jointly_deps=runtime
. scripts/install-deps.sh
# V8 keeps the server's compiled code here between starts (a restart compiles about a third less;
# Node checks each file's content, so a changed file is compiled again).
export NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE:-node_modules/.cache/node-compile}"
exec node server/main.ts
