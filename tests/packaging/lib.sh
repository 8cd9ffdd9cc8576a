# Shell helpers for the packaging tests: where the test .debs are, and failing loudly.
# Source this file with WK_BUILD set to the build tree; it defines functions only.

WK_DEB_DIR=${WK_DEB_DIR:-$WK_BUILD/packages-test}

pkg_fail() { echo "FAIL: $*" >&2; exit 1; }

# pkg_deb NAME: the path of the built NAME_<version>_<arch>.deb (exactly one).
pkg_deb() {
  local found=("$WK_DEB_DIR/$1"_*.deb)
  [ -f "${found[0]}" ] || pkg_fail "no $1 package in $WK_DEB_DIR (did packaging_build_debs run?)"
  [ ${#found[@]} -eq 1 ] || pkg_fail "more than one $1 package in $WK_DEB_DIR"
  echo "${found[0]}"
}
