#!/bin/sh
# Installs the Debian packages listed in build-deps.txt that are not installed yet.
set -eu
here=$(dirname "$0")
missing=""
for pkg in $(grep -v '^#' "$here/build-deps.txt" | tr -s ' \n' ' '); do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $pkg"
    fi
done
[ -z "$missing" ] && exit 0
echo "Installing missing packages:$missing"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
# The package lists may be absent or stale on a fresh machine; refresh once.
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends $missing
