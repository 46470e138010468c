#!/usr/bin/env bash
# The whole test suite: unit tests, and integration tests against both PGlite and a real PostgreSQL server
# (started here, stopped at the end). Installs missing system packages first.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system-deps.sh
[ -d node_modules ] || npm ci --no-audit --no-fund

read -r url dir < <(bash scripts/pg-temp.sh start)
trap 'bash scripts/pg-temp.sh stop "$dir"' EXIT
export TEST_DATABASE_URL="$url"

mapfile -t files < <(find src test -name '*.test.ts' | sort)
node --import tsx --test --test-concurrency="${TEST_CONCURRENCY:-2}" "${files[@]}"
