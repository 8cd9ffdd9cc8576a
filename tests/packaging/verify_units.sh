#!/usr/bin/env bash
# systemd-analyze verify on the three units, in a container without a running systemd:
# a copy of each unit with the programs it runs pointed at the build tree (cage at a
# stand-in), so verify checks syntax, directives and executables. Then the hardening
# the issue asks for, and ExecCondition's portal-configured check on real configs.
# Usage: verify_units.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
WK_BUILD=${1:?usage: verify_units.sh BUILD_DIR SOURCE_DIR}
SRC=${2:?}
source "$(dirname "$0")/lib.sh"
UNITS=$SRC/packaging/systemd
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
command -v systemd-analyze >/dev/null || pkg_fail "systemd-analyze is not installed"

printf '#!/bin/sh\nexit 0\n' > "$TMP/cage" && chmod +x "$TMP/cage"
for u in wardkiosk.service wardkiosk-sync.service wardkiosk-portal.service; do
  sed -e "s|/usr/bin/cage|$TMP/cage|g" -e "s|/usr/bin/|$WK_BUILD/bin/|g" \
      -e "s|/usr/libexec/wardkiosk/portal-configured|$SRC/packaging/portal-configured|g" \
      "$UNITS/$u" > "$TMP/$u"
done
out=$(SYSTEMD_LOG_COLOR=0 systemd-analyze verify --man=no "$TMP"/*.service 2>&1) && rc=0 || rc=$?
echo "$out"
# Only what is about our units counts: the host's own units may be odd in a container.
ours=$(grep -E "$TMP|wardkiosk" <<<"$out" || true)
[ "$rc" -eq 0 ] || [ -z "$ours" ] || pkg_fail "systemd-analyze verify failed ($rc)"
[ -z "$ours" ] || pkg_fail "systemd-analyze verify complained about our units:
$ours"

# key UNIT LINE: the unit has exactly this line.
key() { grep -qxF -- "$2" "$UNITS/$1" || pkg_fail "$1 lacks '$2'"; }
for u in wardkiosk-sync.service wardkiosk-portal.service; do
  for l in Type=notify ProtectSystem=strict ProtectHome=yes NoNewPrivileges=yes PrivateTmp=yes \
           CapabilityBoundingSet= AmbientCapabilities= SyslogLevelPrefix=yes; do key "$u" "$l"; done
done
for l in User=wardkiosk StateDirectory=wardkiosk ReadWritePaths=/var/lib/wardkiosk Restart=always WatchdogSec=120 \
         "ExecStart=/usr/bin/wardkiosk-sync --config /etc/wardkiosk/wardkiosk.toml"; do key wardkiosk-sync.service "$l"; done
for l in User=wardkiosk-portal StateDirectory=wardkiosk-portal ReadWritePaths=/var/lib/wardkiosk-portal; do
  key wardkiosk-portal.service "$l"; done
for l in User=wardkiosk TTYPath=/dev/tty1 Restart=always Conflicts=getty@tty1.service \
         "ExecStart=/usr/bin/cage -d -- /usr/bin/wardkiosk --config /etc/wardkiosk/wardkiosk.toml --fullscreen"; do
  key wardkiosk.service "$l"; done
for u in wardkiosk.service wardkiosk-sync.service; do
  key "$u" "ExecCondition=/usr/libexec/wardkiosk/portal-configured /etc/wardkiosk/wardkiosk.toml"; done
! grep -h '^ExecStart=' "$UNITS"/*.service | grep -q -- '--log\|\.log' || pkg_fail "a unit writes a log file"

# systemd's own exposure score, where this systemd can score a unit offline (v252 can).
if systemd-analyze security --help 2>&1 | grep -q -- --offline; then
  for u in wardkiosk-sync.service wardkiosk-portal.service; do
    score=$(systemd-analyze security --offline=yes --no-pager "$TMP/$u" 2>&1 | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p')
    echo "$u: exposure $score"
    [ -n "$score" ] && awk -v s="$score" 'BEGIN { exit !(s <= 3.0) }' || pkg_fail "$u exposure ${score:-unknown} > 3.0"
  done
fi

# ExecCondition: the packaged config keeps the services stopped; a portal url starts them.
PC=$SRC/packaging/portal-configured
"$PC" "$SRC/packaging/wardkiosk.toml" && pkg_fail "portal-configured accepts the packaged config (url = \"\")"
"$PC" "$TMP/missing.toml" && pkg_fail "portal-configured accepts a missing config"
sed 's|^url = ""|url = "https://phananh.example.gov.vn/open311/v2"|' "$SRC/packaging/wardkiosk.toml" > "$TMP/set.toml"
"$PC" "$TMP/set.toml" || pkg_fail "portal-configured refuses a config with a portal url"
printf '[server]\nurl = "http://x/"\n[portal]\nurl = ""\n' > "$TMP/other.toml"
"$PC" "$TMP/other.toml" && pkg_fail "portal-configured took a url outside [portal]"
echo "units verified"
