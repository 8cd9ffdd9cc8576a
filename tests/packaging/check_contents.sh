#!/usr/bin/env bash
# The packages' files, modes and control fields: programs in /usr/bin, assets under
# /usr/share, the config a root-only conffile in /etc/wardkiosk, units in
# /lib/systemd/system, Depends with the fonts, cage and shlibdeps' libraries, the
# project's version. Usage: check_contents.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
WK_BUILD=${1:?usage: check_contents.sh BUILD_DIR SOURCE_DIR}
SRC=${2:?}
source "$(dirname "$0")/lib.sh"
KIOSK=$(pkg_deb wardkiosk)
PORTAL=$(pkg_deb wardkiosk-portal)
VERSION=$(sed -n 's/^project(wardkiosk VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")
[ -n "$VERSION" ] || pkg_fail "no project version in CMakeLists.txt"

# has DEB MODE OWNER PATH: the listing shows PATH with MODE (e.g. -rwxr-xr-x) and OWNER.
has() {
  local deb=$1 mode=$2 owner=$3 path=$4
  dpkg-deb -c "$deb" | awk -v m="$mode" -v o="$owner" -v p="./${path#/}" \
    '$1 == m && $2 == o && $6 == p { found = 1 } END { exit !found }' ||
    pkg_fail "$(basename "$deb") lacks $mode $owner $path"
}
lacks() { ! dpkg-deb -c "$1" | awk '{print $6}' | grep -q -- "$2" || pkg_fail "$(basename "$1") has $2"; }

for p in wardkiosk wardkiosk-sync wardkiosk-ime; do has "$KIOSK" -rwxr-xr-x root/root /usr/bin/$p; done
has "$KIOSK" -rwxr-xr-x root/root /usr/libexec/wardkiosk/portal-configured
for f in categories.json locale/vi.mo locale/en.mo wardkiosk.toml.example; do
  has "$KIOSK" -rw-r--r-- root/root /usr/share/wardkiosk/$f
done
has "$KIOSK" -rw-r----- root/root /etc/wardkiosk/wardkiosk.toml
for u in wardkiosk.service wardkiosk-sync.service; do has "$KIOSK" -rw-r--r-- root/root /lib/systemd/system/$u; done
for d in copyright changelog.Debian.gz; do has "$KIOSK" -rw-r--r-- root/root /usr/share/doc/wardkiosk/$d; done
has "$KIOSK" -rw-r--r-- root/root /usr/share/polkit-1/rules.d/50-wardkiosk.rules
lacks "$KIOSK" wardkiosk-portal
lacks "$KIOSK" contact.key
lacks "$KIOSK" '\.db$'

has "$PORTAL" -rwxr-xr-x root/root /usr/bin/wardkiosk-portal
has "$PORTAL" -rw-r--r-- root/root /usr/share/wardkiosk-portal/categories.json
has "$PORTAL" -rw-r----- root/root /etc/wardkiosk/portal.toml
has "$PORTAL" -rw-r--r-- root/root /lib/systemd/system/wardkiosk-portal.service
for d in copyright changelog.Debian.gz; do has "$PORTAL" -rw-r--r-- root/root /usr/share/doc/wardkiosk-portal/$d; done
lacks "$PORTAL" /usr/bin/wardkiosk-sync

# field DEB NAME: one control field's value.
field() { dpkg-deb -f "$1" "$2"; }
[ "$(field "$KIOSK" Package)" = wardkiosk ] || pkg_fail "kiosk package name"
[ "$(field "$PORTAL" Package)" = wardkiosk-portal ] || pkg_fail "portal package name"
for deb in "$KIOSK" "$PORTAL"; do
  [ "$(field "$deb" Version)" = "$VERSION-1" ] || pkg_fail "$(basename "$deb"): version $(field "$deb" Version), not $VERSION-1"
  [ "$(field "$deb" Architecture)" = "$(dpkg --print-architecture)" ] || pkg_fail "architecture"
done
KDEP=$(field "$KIOSK" Depends)
PDEP=$(field "$PORTAL" Depends)
[ "$(field "$KIOSK" Recommends)" = "polkitd" ] || pkg_fail "wardkiosk should recommend polkitd (staff mode's shut down)"
echo "wardkiosk Depends: $KDEP"
echo "wardkiosk-portal Depends: $PDEP"
# dep LIST NAME: NAME is one of the comma-separated dependencies (with or without a version).
dep() { tr ',' '\n' <<<"$1" | sed 's/^ *//; s/ .*//' | grep -qx -- "$2" || pkg_fail "Depends lacks $2: $1"; }
for d in fonts-noto-core cage xwayland adduser libc6 libstdc++6 libsqlite3-0 libcurl4 libsodium23 \
         libqrencode4 libglfw3; do dep "$KDEP" "$d"; done
for d in adduser libc6 libstdc++6 libsqlite3-0 libsodium23; do dep "$PDEP" "$d"; done
# shlibdeps gives versions; a hand-written list would not.
grep -Eq 'libc6 \(>= [0-9]' <<<"$KDEP" || pkg_fail "libc6 without a shlibdeps version: $KDEP"

# Conffiles and maintainer scripts in the control area.
CTRL=$(mktemp -d)
trap 'rm -rf "$CTRL"' EXIT
dpkg-deb -e "$KIOSK" "$CTRL/k"
dpkg-deb -e "$PORTAL" "$CTRL/p"
grep -qx /etc/wardkiosk/wardkiosk.toml "$CTRL/k/conffiles" || pkg_fail "wardkiosk.toml is not a conffile"
grep -qx /etc/wardkiosk/portal.toml "$CTRL/p/conffiles" || pkg_fail "portal.toml is not a conffile"
for s in postinst prerm postrm; do
  for c in k p; do
    [ -x "$CTRL/$c/$s" ] || pkg_fail "no executable $s in $c"
    sh -n "$CTRL/$c/$s" || pkg_fail "$s in $c does not parse"
  done
done
grep -q 'adduser --quiet --system --group --home /var/lib/wardkiosk wardkiosk' "$CTRL/k/postinst" ||
  pkg_fail "postinst does not create the wardkiosk user"
! grep -Eq 'rm -r.*/var/lib/wardkiosk' "$CTRL/k/postrm" "$CTRL/k/prerm" || pkg_fail "a script deletes the store"
echo "contents, modes, conffiles, maintainer scripts and Depends as expected"
