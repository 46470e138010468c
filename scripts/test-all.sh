#!/usr/bin/env bash
# The test suite, as CI runs it (`npm test`):
#   1. unit tests, and integration tests against both PGlite and a real PostgreSQL server (started here on a
#      free port, stopped when they are done);
#   2. the browser tests (test/e2e): the web bundle is built when missing or older than web/, then Debian's
#      Chromium, headless, drives `banshi serve` on a copy of the demo city.
# `test-all.sh e2e` (`npm run test:e2e`) runs only the browser tests; BANSHI_SKIP_BROWSER=1 leaves them out.
# Missing system packages (PostgreSQL; Chromium and a CJK font for the browser tests) are installed first.
# Both parts run even when the first fails; the exit status is non-zero when either failed.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-all}
case "$mode" in
  all | e2e) ;;
  *) echo "usage: scripts/test-all.sh [e2e]" >&2; exit 2 ;;
esac
browser=1
[ "${BANSHI_SKIP_BROWSER:-}" = 1 ] && browser=0
if [ "$mode" = e2e ] && [ $browser = 0 ]; then
  echo "BANSHI_SKIP_BROWSER=1 leaves nothing to run for test-all.sh e2e" >&2
  exit 2
fi

bash scripts/ensure-system-deps.sh
[ -d node_modules ] || npm install --no-audit --no-fund

# Every JSON answer of the API is checked against its response schema (a mismatch is a 500), here and in the
# servers the tests spawn.
export BANSHI_VALIDATE_RESPONSES=1

unit=skipped e2e=skipped
if [ "$mode" = all ]; then
  # A free port, so that two checkouts can run their suites side by side.
  export PGTEMP_PORT=${PGTEMP_PORT:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}
  read -r url dir < <(bash scripts/pg-temp.sh start)
  trap 'bash scripts/pg-temp.sh stop "$dir"' EXIT
  mapfile -t files < <(find src test/integration -name '*.test.ts' | sort)
  unit=passed
  TEST_DATABASE_URL="$url" node --import tsx --test --test-concurrency="${TEST_CONCURRENCY:-2}" "${files[@]}" ||
    unit=failed
  # The browser tests use PGlite only: stop the server before them.
  bash scripts/pg-temp.sh stop "$dir"
  trap - EXIT
fi

if [ $browser = 1 ]; then
  node scripts/ensure-web-build.mjs
  mapfile -t files < <(find test/e2e -name '*.test.ts' | sort)
  e2e=passed
  # One file at a time: each drives a browser and a server, and they would compete for the CPU.
  node --import tsx --test --test-concurrency=1 "${files[@]}" || e2e=failed
fi

echo "unit and integration tests: $unit; browser tests: $e2e"
[ $unit != failed ] && [ $e2e != failed ]
