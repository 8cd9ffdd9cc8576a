#!/usr/bin/env bash
# lintian on both packages: no errors (E: lines). Warnings and notes are printed for
# people to read but do not fail the test. Usage: lintian.sh BUILD_DIR
set -euo pipefail
WK_BUILD=${1:?usage: lintian.sh BUILD_DIR}
source "$(dirname "$0")/lib.sh"
command -v lintian >/dev/null || pkg_fail "lintian is not installed (bash packaging/install-deps.sh)"
start=$SECONDS
# Root gets a warning from lintian, not a refusal; --allow-root quiets it where known.
opts=(--tag-display-limit 0)
lintian --help 2>&1 | grep -q -- --allow-root && opts+=(--allow-root)
out=$(lintian "${opts[@]}" "$(pkg_deb wardkiosk)" "$(pkg_deb wardkiosk-portal)" 2>&1) || true
echo "$out"
echo "lintian took $((SECONDS - start)) s"
errors=$(grep -E '^E: ' <<<"$out" | grep -v 'running with root privileges' || true)
[ -z "$errors" ] || pkg_fail "lintian errors:
$errors"
grep -q -i 'internal error\|cannot\b.*\.deb' <<<"$out" && pkg_fail "lintian did not check the packages"
echo "lintian: no errors"
