#!/usr/bin/env bash
# Proves the README's production path: in a scratch copy of the repo (tracked files only, as a
# fresh clone has them), `npm ci --omit=dev` then `npm start` builds the app and serves it, and
# /healthz answers. Anything the build or the server needs but only devDependencies hold fails
# here. Run by .ci/run after its own `npm ci`: the one native addon (better-sqlite3) that install
# compiled is reused rather than compiled again from source (minutes on a small machine, and the
# registry is the only network, so there is no prebuilt binary); everything else is exactly what
# --omit=dev installs. Without that compiled copy, the install here compiles it as a user's would.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill -TERM -- "-$server" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT

(cd "$repo" && git ls-files -z | xargs -0 cp --parents -t "$scratch")
cd "$scratch"
addon="$repo/node_modules/better-sqlite3/build/Release/better_sqlite3.node"
if [ -f "$addon" ]; then
  npm ci --omit=dev --no-audit --no-fund --ignore-scripts
  mkdir -p node_modules/better-sqlite3/build/Release
  cp "$addon" node_modules/better-sqlite3/build/Release/
  npm rebuild esbuild --no-audit --no-fund
else
  npm ci --omit=dev --no-audit --no-fund
fi
if [ -d node_modules/vitest ] || [ -d node_modules/typescript ]; then
  echo "devDependencies were installed: --omit=dev did not hold" >&2
  exit 1
fi

port=$((20000 + RANDOM % 20000))
# Its own process group, so stopping it stops npm, tsx and the server together.
DATABASE_URL='' PORT="$port" DATA_DIR="$scratch/data" setsid npm start >"$scratch/server.log" 2>&1 &
server=$!
healthy=""
for _ in $(seq 1 180); do
  if node -e "fetch('http://127.0.0.1:$port/healthz').then((r) => r.json()).then((b) => process.exit(b.ok ? 0 : 1), () => process.exit(1))"; then
    healthy=yes
    break
  fi
  if ! kill -0 "$server" 2>/dev/null; then break; fi
  sleep 1
done
if [ -z "$healthy" ]; then
  echo "The production install did not start:" >&2
  cat "$scratch/server.log" >&2
  exit 1
fi
node -e "fetch('http://127.0.0.1:$port/').then((r) => r.text()).then((t) => process.exit(t.includes('<title>Fieldbook</title>') ? 0 : 1), () => process.exit(1))"
kill -TERM -- "-$server"
wait "$server" || true
server=""
echo "Production install: npm ci --omit=dev && npm start served /healthz and the app"
