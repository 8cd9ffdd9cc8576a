#!/usr/bin/env bash
# Builds the two Debian packages with CPack from the build tree into BUILD/packages-test
# (the fixture the other packaging tests use). Usage: build_debs.sh BUILD_DIR
set -euo pipefail
WK_BUILD=${1:?usage: build_debs.sh BUILD_DIR}
source "$(dirname "$0")/lib.sh"
rm -rf "$WK_DEB_DIR"
mkdir -p "$WK_DEB_DIR"
start=$SECONDS
cpack -G DEB --config "$WK_BUILD/CPackConfig.cmake" -B "$WK_DEB_DIR" >"$WK_DEB_DIR/cpack.log" 2>&1 ||
  { cat "$WK_DEB_DIR/cpack.log" >&2; pkg_fail "cpack failed"; }
for p in wardkiosk wardkiosk-portal; do
  deb=$(pkg_deb "$p")
  echo "built $(basename "$deb") ($(stat -c %s "$deb") bytes)"
done
echo "cpack took $((SECONDS - start)) s"
