#!/usr/bin/env bash
# `npm test`: the whole suite on a machine that may have nothing but bash and npm.
# Brings Node 24 when the machine's Node is older, installs dependencies, then runs the
# type check, the lint (import boundaries and cycles) and every vitest test, and ends with
# one line "N passed, N failed" (the type check and the lint count as one check each).
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/node24.sh || exit 1
. scripts/install-deps.sh || exit 1
mkdir -p artifacts

passed=0
failed=0
check() {
  local name=$1; shift
  echo "== $name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "!! $name failed"; fi
}

# Browser tests drive Debian's Chromium through playwright-core (never a browser download).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing chromium (apt-get)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "!! could not install chromium"
  else
    echo "!! /usr/bin/chromium is missing: install Debian's chromium package (browser tests will fail)"
  fi
fi

check "typecheck (tsc --noEmit)" npx tsc --noEmit
check "lint (eslint, prettier --check, madge --circular)" npm run --silent lint
# Always a fresh build (the browser tests run what is built), stamped so `npm start` reuses it.
check "client build (vite build)" bash scripts/build.sh --force
# CI (.ci/run) also runs the README's deploy on a clean clone of HEAD: one check, a few minutes.
if [ -n "${CHECK_PRODUCTION_START:-}" ]; then
  check "production start (NODE_ENV=production npm start, clean clone)" bash scripts/check-production-start.sh
fi

# vitest, counted from its JSON report (the type check and the lint count as one check each).
run_vitest() {
  local report=$1; shift
  rm -f "$report"
  npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
  local status=$?
  local v_passed=0 v_failed=0
  if [ -f "$report" ]; then
    read -r v_passed v_failed < <(node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const brokenFiles = r.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0).length;
      console.log(r.numPassedTests, r.numFailedTests + brokenFiles);
    ' "$report")
  fi
  if [ "$status" -ne 0 ] && [ "$v_failed" -eq 0 ]; then v_failed=1; fi
  passed=$((passed + v_passed))
  failed=$((failed + v_failed))
}

# Measurements that compare a canary against its own baseline run alone, after the rest:
# other test files running beside them on 2 cores would disturb one window more than the other.
# The browser tests run on their own too: Chromium beside the server-heavy tests on 2 cores
# makes their timing depend on what else happens to run.
ISOLATED=(tests/collab/frame-fuzz.test.ts)
if [ "$#" -eq 0 ]; then
  echo "== vitest"
  run_vitest artifacts/vitest.json --exclude 'tests/e2e/**' $(printf -- '--exclude %s ' "${ISOLATED[@]}")
  echo "== vitest (browser tests)"
  run_vitest artifacts/vitest-e2e.json tests/e2e
  echo "== vitest (alone: ${ISOLATED[*]})"
  run_vitest artifacts/vitest-isolated.json "${ISOLATED[@]}"
else
  echo "== vitest"
  run_vitest artifacts/vitest.json "$@"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
