# Source after scripts/node24.sh: installs npm dependencies with `npm ci` when
# node_modules is missing or older than package-lock.json. Idempotent and quiet when up to date.
_jointly_stamp=node_modules/.jointly-lock.sha256
_jointly_lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$_jointly_stamp" ] || [ "$(cat "$_jointly_stamp")" != "$_jointly_lock_hash" ]; then
  echo "install-deps: npm ci" >&2
  # The stamp is written only after a successful install, so a failed one is retried next time.
  npm ci --no-audit --no-fund --loglevel=error && echo "$_jointly_lock_hash" > "$_jointly_stamp" || return 1
fi
