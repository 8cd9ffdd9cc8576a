#!/usr/bin/env bash
# Installs the Debian 12 packages wardkiosk builds, tests and runs with. Installs only
# what is missing, so a machine that has them all needs no network and no root.
set -euo pipefail

PACKAGES=(
  cmake g++ make pkg-config gettext
  libimgui-dev libstb-dev libglfw3-dev libgl-dev libgl1-mesa-dri
  libsqlite3-dev libcurl4-openssl-dev libqrencode-dev libsodium-dev
  nlohmann-json3-dev libcpp-httplib-dev libtomlplusplus-dev libxml2-dev zlib1g-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  fonts-noto-core xvfb xauth
  libzbar-dev curl sqlite3 zbar-tools imagemagick time
  faketime  # tests/e2e/clock.sh: a kiosk PC whose clock reads 2019
  chromium  # tests/e2e/phone_page.sh: the phone's photo page in a real browser engine
  dpkg-dev lintian systemd
  cage xwayland  # the wardkiosk package's Depends: tests/packaging/install_in_root.sh dpkg -i's it
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root to install: ${missing[*]}" >&2; exit 1; }
  SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
