#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium; install it (with CJK fonts for readable Chinese
# screenshots, and openssl for the test server's certificate) when this machine lacks it.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null 2>&1; then
  echo "Missing: ${need[*]}. Install them with: apt-get install -y ${need[*]}" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" != 0 ] && SUDO=sudo
echo "Installing ${need[*]} (apt-get)…" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
