#!/usr/bin/env bash
# Installs the system packages the test suite needs on a fresh Debian machine: a PostgreSQL server for the
# server-mode runs; Debian's Chromium and a CJK font (without one, Chinese renders as boxes) for the browser
# tests, unless BANSHI_SKIP_BROWSER=1. Nothing downloads a browser: the tests drive /usr/bin/chromium (or
# BANSHI_CHROMIUM). Does nothing when everything is present.
set -euo pipefail

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

need=()
pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
[ -n "$(pg_bindir)" ] || need+=(postgresql)
if [ "${BANSHI_SKIP_BROWSER:-}" != "1" ]; then
  chromium=${BANSHI_CHROMIUM:-/usr/bin/chromium}
  if [ ! -x "$chromium" ]; then
    [ "$chromium" = /usr/bin/chromium ] || { echo "BANSHI_CHROMIUM=$chromium is not an executable" >&2; exit 1; }
    need+=(chromium)
  fi
  installed fonts-wqy-microhei || need+=(fonts-wqy-microhei)
  # fc-cache for the font (a recommendation of fonts-wqy-microhei, which --no-install-recommends leaves out)
  installed fontconfig || need+=(fontconfig)
fi
[ ${#need[@]} -eq 0 ] && exit 0

echo "installing system packages: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "need root (or sudo) to apt-get install ${need[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
