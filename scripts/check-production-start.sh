#!/usr/bin/env bash
# `npm run check:production-start`: proves the README's deploy works on a fresh clone.
#
# Clones this repository's committed HEAD into a temporary directory (no node_modules, no
# dist/, no .tools: uncommitted changes are not part of it), then, as a deployment would:
#   1. `NODE_ENV=production npm start` until /healthz answers 200, and / serves the built client;
#   2. a restart: answers again without rebuilding the client or reinstalling anything;
#   3. `npm prune --omit=dev` and a restart: the server runs without devDependencies.
# Stops the server and deletes the clone, and ends with one line, "production start: ok (…)"
# or "production start: FAILED: …". CHECK_TIMEOUT_S bounds each wait for /healthz (300: the
# first start installs Node 24 when the machine's is older, every dependency, and builds).
set -uo pipefail
cd "$(dirname "$0")/.."
src=$(pwd)
timeout_s=${CHECK_TIMEOUT_S:-300}

# The clone brings its own Node 24 and dependencies: hide this checkout's (npm test has put its
# .tools and node_modules/.bin on PATH) and the variables npm sets for its scripts, which point here.
child_path=$(printf '%s' "$PATH" | tr ':' '\n' | awk -v src="$src/" 'index($0, src) != 1 && !index($0, "/.tools/node24/")' | paste -sd: -)
child_env=(env)
for var in $(compgen -e); do
  case $var in
    INIT_CWD | npm_config_local_prefix | npm_package_* | npm_lifecycle_* | npm_command | npm_execpath | npm_node_execpath)
      child_env+=(-u "$var") ;;
  esac
done
child_env+=("PATH=$child_path" NODE_ENV=production)

. scripts/node24.sh || exit 1 # this script's own HTTP checks use fetch

fail() {
  echo "production start: FAILED: $*"
  exit 1
}

sha=$(git rev-parse HEAD) || fail "not a git checkout"
if [ -n "$(GIT_OPTIONAL_LOCKS=0 git status --porcelain --untracked-files=no)" ]; then
  echo "check-production-start: note: uncommitted changes are not checked, only HEAD ${sha:0:10}" >&2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/jointly-production-start.XXXXXX")
server_pid=
stop_server() {
  [ -n "$server_pid" ] || return 0
  kill -TERM -- "-$server_pid" 2>/dev/null
  for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$server_pid" 2>/dev/null
  wait "$server_pid" 2>/dev/null
  server_pid=
}
trap 'stop_server; rm -rf "$work"' EXIT

git clone --quiet --no-checkout "$src" "$work/clone" && git -C "$work/clone" checkout --quiet --detach "$sha" ||
  fail "could not clone $src at $sha"
cd "$work/clone"
port=$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')

# Prints the HTTP status of GET $1 (0 when nothing answers) and writes the body to $2.
http_get() {
  node -e '
    fetch(process.argv[1], { signal: AbortSignal.timeout(5000) })
      .then(async (r) => { require("node:fs").writeFileSync(process.argv[2], await r.text()); console.log(r.status); })
      .catch(() => console.log(0));
  ' "$1" "$2"
}

# Starts `npm start` in its own process group (so stopping it stops npm, bash and node) and
# waits for /healthz; sets `elapsed` to the seconds it took.
start_and_wait() {
  local log=$1 started status
  started=$(date +%s%N)
  setsid "${child_env[@]}" PORT="$port" HOST=127.0.0.1 DATA_DIR="$work/data" LOG_LEVEL=warn npm start >"$log" 2>&1 &
  server_pid=$!
  while :; do
    status=$(http_get "http://127.0.0.1:$port/healthz" "$work/healthz")
    [ "$status" = 200 ] && break
    if ! kill -0 "$server_pid" 2>/dev/null; then
      wait "$server_pid"; status=$?; server_pid=
      tail -n 40 "$log" >&2
      fail "npm start exited with status $status before /healthz answered (log above)"
    fi
    if [ $((($(date +%s%N) - started) / 1000000000)) -ge "$timeout_s" ]; then
      tail -n 40 "$log" >&2
      fail "/healthz did not answer 200 within ${timeout_s} s (log above)"
    fi
    sleep 0.2
  done
  elapsed=$(awk "BEGIN { printf \"%.1f\", ($(date +%s%N) - $started) / 1e9 }")
}

# / must be the built client, and the script it loads must be served too.
check_client() {
  local status asset
  status=$(http_get "http://127.0.0.1:$port/" "$work/index.html")
  [ "$status" = 200 ] && grep -q '<div id="root">' "$work/index.html" || fail "/ answered $status without the client's HTML"
  asset=$(grep -o '/assets/[^"]*\.js' "$work/index.html" | head -n 1)
  [ -n "$asset" ] || fail "/ has no built script (/assets/…js): is it the unbuilt index.html?"
  status=$(http_get "http://127.0.0.1:$port$asset" "$work/asset.js")
  [ "$status" = 200 ] || fail "$asset answered $status"
}

echo "check-production-start: fresh clone of ${sha:0:10} in $work, NODE_ENV=production npm start on port $port" >&2
start_and_wait "$work/start-1.log"
first=$elapsed
check_client
grep -q '^build: vite build' "$work/start-1.log" || fail "the first start did not build the client"
stop_server

start_and_wait "$work/start-2.log"
restart=$elapsed
check_client
grep -Eq '^(build: vite build|install-deps:)' "$work/start-2.log" && fail "the restart rebuilt or reinstalled: $(grep -E '^(build|install-deps):' "$work/start-2.log" | tr '\n' ' ')"
stop_server

"${child_env[@]}" npm prune --omit=dev --no-audit --no-fund --loglevel=error >"$work/prune.log" 2>&1 || { cat "$work/prune.log" >&2; fail "npm prune --omit=dev failed"; }
[ ! -e node_modules/vite ] || fail "npm prune --omit=dev left vite installed"
start_and_wait "$work/start-3.log"
pruned=$elapsed
check_client
grep -Eq '^(build: vite build|install-deps:)' "$work/start-3.log" && fail "the start after pruning rebuilt or reinstalled"
stop_server

echo "production start: ok (fresh clone answered /healthz after ${first} s, installing and building; restart without rebuilding: ${restart} s; without devDependencies: ${pruned} s)"
