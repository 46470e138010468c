#!/usr/bin/env bash
# The test suite: unit tests, and integration tests against both PGlite and a real PostgreSQL server (started
# here, stopped at the end); `test-all.sh e2e` runs the browser tests instead. Installs missing system packages.
set -euo pipefail
cd "$(dirname "$0")/.."

[ "${1:-}" = e2e ] || export BANSHI_SKIP_BROWSER=1
bash scripts/ensure-system-deps.sh
[ -d node_modules ] || npm install --no-audit --no-fund

read -r url dir < <(bash scripts/pg-temp.sh start)
trap 'bash scripts/pg-temp.sh stop "$dir"' EXIT
export TEST_DATABASE_URL="$url"

if [ "${1:-}" = e2e ]; then
  mapfile -t files < <(find test/e2e -name '*.test.ts' | sort)
else
  mapfile -t files < <(find src test/integration -name '*.test.ts' | sort)
fi
node --import tsx --test --test-concurrency="${TEST_CONCURRENCY:-2}" "${files[@]}"
