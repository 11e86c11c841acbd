#!/usr/bin/env bash
# `npm run build`: builds the client into dist/, unless dist/ was already built from exactly
# the sources there now (`npm run build -- --force` rebuilds anyway).
#
# Contract: dist/.jointly-build.sha256 is written after a successful `vite build` and holds
# the hash of every build input (below); `vite build` empties dist/ first, so a failed or
# foreign build leaves no stamp and the next run builds. Checking an up-to-date build needs
# neither Node nor node_modules, which is what lets a restart skip it (scripts/start.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=dist/.jointly-build.sha256

# Everything the bundle depends on: the client (index.html and any .env live in client/, Vite's
# root), the code it shares with the server, the build configuration, the exact dependency
# versions, and the VITE_* variables Vite embeds. File names are hashed too, so a rename counts.
build_inputs_hash() {
  {
    find client shared -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    sha256sum vite.config.ts tsconfig.json package.json package-lock.json
    env | grep '^VITE_' | sort || true
  } | sha256sum | cut -d' ' -f1
}

hash=$(build_inputs_hash)
if [ "${1:-}" != --force ] && [ -f dist/index.html ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
  echo "build: client up to date (dist/ was built from these sources)" >&2
  exit 0
fi

. scripts/node24.sh
# Vite and its React plugin are devDependencies: installed here even under NODE_ENV=production.
. scripts/install-deps.sh
echo "build: vite build" >&2
# The served client is always the production bundle, whatever NODE_ENV the caller has.
NODE_ENV=production node_modules/.bin/vite build --logLevel warn
echo "$hash" > "$stamp"
