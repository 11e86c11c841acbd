# Source this file (". scripts/node24.sh") to get a Node.js >= 22.13 first on PATH.
#
# Contract: if the machine's node is already >= 22.13 nothing changes. Otherwise
# Node 24 is installed from the npm registry's platform package (node-linux-<arch>@24)
# into .tools/node24 inside the repo and put first on PATH for this shell only.
# The system Node is never touched.

jointly_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=13)?0:1)'
}

if ! jointly_node_ok; then
  _jointly_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  _jointly_tools="$_jointly_root/.tools/node24"
  case "$(uname -m)" in
    x86_64) _jointly_arch=x64 ;;
    aarch64 | arm64) _jointly_arch=arm64 ;;
    *) echo "node24.sh: unsupported CPU $(uname -m)" >&2; return 1 ;;
  esac
  if [ ! -x "$_jointly_tools/node_modules/.bin/node" ]; then
    echo "node24.sh: machine has $(node -v 2>/dev/null || echo 'no node'); installing Node 24 into .tools/node24" >&2
    mkdir -p "$_jointly_tools"
    (cd "$_jointly_tools" && echo '{"private":true}' > package.json &&
      npm install --no-save --no-audit --no-fund --loglevel=error "node-linux-$_jointly_arch@24") || return 1
  fi
  export PATH="$_jointly_tools/node_modules/.bin:$PATH"
  hash -r
  jointly_node_ok || { echo "node24.sh: could not provide Node >= 22.13" >&2; return 1; }
fi

# Jointly runs its TypeScript directly. Node strips types by default from 22.18 on; on
# 22.13–22.17 the same feature needs its flag (inherited by child processes).
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=18)?0:1)'; then
  export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-strip-types"
fi
