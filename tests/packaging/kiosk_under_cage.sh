#!/usr/bin/env bash
# The kiosk as wardkiosk.service starts it: the unit's own ExecStart (cage, no VT
# switching, the kiosk full screen), pointed at the build tree, with a script appended.
# cage runs headless (wlroots' headless backend, pixman renderer) with Xwayland for the
# kiosk's GLFW window, as an unprivileged user (cage refuses root), as on the kiosk PC.
# Checks: the kiosk starts under cage, fills cage's output, takes taps through a whole
# step, draws real pixels, and exits cleanly (cage with it).
# Usage: kiosk_under_cage.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
WK_BUILD=$(realpath "${1:?usage: kiosk_under_cage.sh BUILD_DIR SOURCE_DIR}")
SRC=$(realpath "${2:?}")
source "$(dirname "$0")/lib.sh"
command -v cage >/dev/null || pkg_fail "cage is not installed (packaging/install-deps.sh)"
command -v Xwayland >/dev/null || pkg_fail "Xwayland is not installed (packaging/install-deps.sh)"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
chmod 755 "$TMP"
mkdir -m 700 "$TMP/run"
cp "$WK_BUILD/assets/wardkiosk.toml" "$TMP/wardkiosk.toml"
cat > "$TMP/story.txt" <<'STORY'
expect Gửi phản ánh
screenshot SHOTS/home.png
tap home.report
expect Môi trường
tap cat.moi-truong
expect Bước 2
tap nav.home
expect Gửi phản ánh
dump SHOTS/last-screen.txt
STORY
sed -i "s|SHOTS|$TMP|" "$TMP/story.txt"

exec_start=$(sed -n 's/^ExecStart=//p' "$SRC/packaging/systemd/wardkiosk.service")
[[ "$exec_start" == "/usr/bin/cage "* ]] || pkg_fail "wardkiosk.service does not start the kiosk under cage: $exec_start"
[[ "$exec_start" != *" -s "* ]] || pkg_fail "cage -s would allow VT switching: $exec_start"
cmd=${exec_start//\/usr\/bin\/wardkiosk/$WK_BUILD/bin/wardkiosk}
cmd=${cmd//\/etc\/wardkiosk\/wardkiosk.toml/$TMP/wardkiosk.toml}
cmd="$cmd --script $TMP/story.txt"

as_user=()
if [ "$(id -u)" -eq 0 ]; then  # cage will not run as root: the kiosk's own user is not root either
  chown -R nobody:nogroup "$TMP"
  as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
  "${as_user[@]}" test -x "$WK_BUILD/bin/wardkiosk" || pkg_fail "nobody cannot run $WK_BUILD/bin/wardkiosk"
fi
set +e
# shellcheck disable=SC2086  # the unit's command line, split as systemd splits it
(cd "$TMP" && timeout 120 "${as_user[@]}" env -i PATH=/usr/bin:/bin HOME="$TMP" XDG_RUNTIME_DIR="$TMP/run" \
   WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 WK_ASSET_DIR="$WK_BUILD/assets" \
   $cmd) > "$TMP/cage.log" 2>&1
rc=$?
set -e
[ $rc -eq 0 ] || { cat "$TMP/cage.log" >&2; pkg_fail "the kiosk under cage exited with $rc"; }
# cage's own exit status does not carry the kiosk's: the script's last step leaves a file.
[ -s "$TMP/last-screen.txt" ] || { cat "$TMP/cage.log" >&2; pkg_fail "the kiosk's script did not run to its end under cage"; }
[ -s "$TMP/home.png" ] || pkg_fail "no screenshot from the kiosk under cage"
size=$(identify -format '%wx%h' "$TMP/home.png")
[ "$size" = 1280x720 ] || pkg_fail "the kiosk did not fill cage's 1280x720 output: $size"
colors=$(identify -format '%k' "$TMP/home.png")
[ "$colors" -gt 20 ] || pkg_fail "the kiosk under cage drew almost nothing ($colors colours)"
echo "the kiosk ran under cage as the unit starts it ($size, $colors colours), took taps and exited cleanly"
