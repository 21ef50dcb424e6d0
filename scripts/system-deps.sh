#!/bin/sh
# Installs the Debian packages the app needs, only those that are missing.
#   scripts/system-deps.sh run   -> PDF libraries, fonts, gettext
#   scripts/system-deps.sh test  -> the same plus poppler-utils and chromium for browser tests
set -e
packages="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 gettext"
[ "$1" = "test" ] && packages="$packages poppler-utils chromium"
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing system packages:$missing — install them with your package manager." >&2
    exit 1
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "Installing system packages:$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
