# Source after scripts/node24.sh: installs npm dependencies with `npm ci` when node_modules
# is missing or was installed from another package-lock.json. Idempotent and quiet when up to date.
#
# Contract: by default every dependency is installed, devDependencies included, whatever
# NODE_ENV says (plain `npm ci` omits them under NODE_ENV=production, and the client build,
# the tests and the dev server need them). A caller that only runs the server sets
# `jointly_deps=runtime` before sourcing: a complete install satisfies it, and when nothing
# is installed for this lock file, `npm ci --omit=dev` installs only the runtime dependencies.
# A complete install pruned with `npm prune --omit=dev` still counts for runtime.
_jointly_need=${jointly_deps:-all}
unset jointly_deps
_jointly_lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
# One stamp per kind of install; `npm ci` empties node_modules, so at most one survives it.
_jointly_stamp_all=node_modules/.jointly-lock.sha256
_jointly_stamp_runtime=node_modules/.jointly-lock-runtime.sha256
_jointly_has() { [ -f "$1" ] && [ "$(cat "$1")" = "$_jointly_lock_hash" ]; }
if [ "$_jointly_need" = runtime ] && { _jointly_has "$_jointly_stamp_all" || _jointly_has "$_jointly_stamp_runtime"; }; then
  : # also after `npm prune --omit=dev`, which keeps the stamp
elif _jointly_has "$_jointly_stamp_all" && [ -e node_modules/.bin/vite ]; then
  : # the vite check catches dev dependencies pruned, or left out by an older version of this script
elif [ "$_jointly_need" = runtime ]; then
  echo "install-deps: npm ci --omit=dev" >&2
  # The stamp is written only after a successful install, so a failed one is retried next time.
  npm ci --omit=dev --no-audit --no-fund --loglevel=error && echo "$_jointly_lock_hash" > "$_jointly_stamp_runtime" || return 1
else
  echo "install-deps: npm ci" >&2
  npm ci --include=dev --no-audit --no-fund --loglevel=error && echo "$_jointly_lock_hash" > "$_jointly_stamp_all" || return 1
fi
