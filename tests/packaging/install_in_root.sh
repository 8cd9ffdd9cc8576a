#!/usr/bin/env bash
# The packages installed for real, maintainer scripts and all, into a throwaway root:
# in a private mount namespace an overlayfs over the host's / (read-only lower layer, so
# the host's dpkg database and libraries come along; writes land in a temp upper dir) is
# the root `dpkg -i` installs both .debs into. Inside it: the postinsts' users, conffiles,
# keys, modes and unit state; nothing started and the kiosk's units held back by their
# ExecCondition until staff name a portal; then, configured as staff would, the installed
# portal and agent run as their service users and a queued report reaches the portal.
# A reinstall keeps the edited config and the contact key; `dpkg --remove` and
# `--purge` then do what the postrms say. The host's passwd, group, shadow and dpkg
# status stay byte-identical and nothing is left running.
# Exits 77 (ctest SKIP_RETURN_CODE) when not root or namespaces/overlayfs are refused.
# Usage: install_in_root.sh BUILD_DIR
set -euo pipefail
WK_BUILD=${1:?usage: install_in_root.sh BUILD_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"
SKIP=77
skip() { echo "SKIP: $*" >&2; exit $SKIP; }
HOST_FILES=(/etc/passwd /etc/group /etc/shadow /etc/gshadow /var/lib/dpkg/status)

if [ "${2:-}" != --inner ]; then
  # --- outside: the host's view, before and after ------------------------------------
  [ "$(id -u)" -eq 0 ] || skip "needs root (mount namespace, overlayfs, chroot, dpkg -i)"
  for t in unshare chroot setpriv curl dpkg dpkg-query; do
    command -v "$t" >/dev/null || pkg_fail "no $t (packaging/install-deps.sh)"
  done
  # dpkg -i inside the root sees the host's packages: the Depends must be installed here.
  for dep in adduser fonts-noto-core cage xwayland; do
    dpkg-query -W -f='${Status}' "$dep" 2>/dev/null | grep -q "install ok installed" ||
      pkg_fail "$dep is not installed on this machine: run packaging/install-deps.sh"
  done
  for p in wardkiosk wardkiosk-portal; do pkg_deb "$p" >/dev/null; done
  err=$(unshare -m --propagation private true 2>&1) || skip "no private mount namespace here: $err"
  for u in wardkiosk wardkiosk-portal; do
    ! getent passwd "$u" >/dev/null || pkg_fail "this machine already has a $u user; the test needs a clean host"
  done
  [ ! -e /etc/wardkiosk ] || pkg_fail "this machine already has /etc/wardkiosk; the test needs a clean host"

  TMP=$(mktemp -d /tmp/wk-root.XXXXXX)
  before=$(sha256sum "${HOST_FILES[@]}")
  # A left-over process would keep the namespace, and so the overlay, alive: find it
  # by its mount namespace and end it.
  leftovers() {
    local ns pid found=()
    ns=$(cat "$TMP/mntns" 2>/dev/null) || return 0
    for pid in /proc/[0-9]*; do
      [ "$(readlink "$pid/ns/mnt" 2>/dev/null)" = "$ns" ] && found+=("${pid#/proc/}")
    done
    [ ${#found[@]} -eq 0 ] && return 0
    echo "left running in the root: $(ps -o pid=,user=,args= -p "$(IFS=,; echo "${found[*]}")" || true)" >&2
    kill -KILL "${found[@]}" 2>/dev/null || true
    return 1
  }
  cleanup() { leftovers || true; rm -rf "$TMP"; }
  trap cleanup EXIT
  start=$SECONDS
  rc=0
  unshare -m --propagation private bash "$0" "$WK_BUILD" --inner "$TMP" || rc=$?
  [ $rc -eq $SKIP ] && exit $SKIP
  leftovers || pkg_fail "processes were left running in the root"
  after=$(sha256sum "${HOST_FILES[@]}")
  [ "$before" = "$after" ] || pkg_fail "the host's files changed: $(diff <(echo "$before") <(echo "$after"))"
  for u in wardkiosk wardkiosk-portal; do
    ! getent passwd "$u" >/dev/null || pkg_fail "the host gained a $u user"
  done
  [ ! -e /etc/wardkiosk ] || pkg_fail "the host gained /etc/wardkiosk"
  [ $rc -eq 0 ] || exit $rc
  echo "host untouched (${HOST_FILES[*]} byte-identical); $((SECONDS - start)) s in the root"
  exit 0
fi

# --- inside the private mount namespace ------------------------------------------------
source "$HERE/../e2e/lib.sh"   # wk_free_port, wk_wait_for, wk_stop_all
TMP=${3:?}
R=$TMP/root
readlink /proc/self/ns/mnt > "$TMP/mntns"
mkdir -p "$TMP/upper" "$TMP/work" "$R"
if ! err=$(mount -t overlay overlay -o "lowerdir=/,upperdir=$TMP/upper,workdir=$TMP/work" "$R" 2>&1); then
  case $err in
    *"ermission denied"* | *"not permitted"*) skip "overlayfs over / refused: $err" ;;
    *) pkg_fail "overlayfs over /: $err" ;;
  esac
fi
mount --bind /dev "$R/dev"
mount -t proc proc "$R/proc"
mount -t tmpfs -o mode=0755 tmpfs "$R/run"   # no /run/systemd/system: systemd is not running here
mount -t tmpfs -o mode=1777 tmpfs "$R/tmp"

# Processes whose root is the throwaway root (the portal, a stray daemon).
in_root_pids() {
  local pid out=()
  for pid in /proc/[0-9]*; do
    [ "$(readlink "$pid/root" 2>/dev/null)" = "$R" ] && out+=("${pid#/proc/}")
  done
  echo "${out[*]}"
}
# On any exit: stop what we started, then anything else still running in the root.
stop_root() {
  wk_stop_all
  local pids
  pids=$(in_root_pids)
  [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
}
trap stop_root EXIT

ENV=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8)
in_root() { chroot "$R" "${ENV[@]}" "$@"; }
# as USER CMD...: CMD in the root as USER, as the units run it (User=, Group=, UMask=0027).
# With AS_EXEC=1 (in a background subshell) CMD replaces the shell, so $! is its pid.
as() {
  local u=$1
  shift
  ${AS_EXEC:+exec} chroot "$R" "${ENV[@]}" setpriv --reuid="$u" --regid="$u" --init-groups -- \
    sh -c 'umask 0027 && exec "$@"' sh "$@"
}
mode_of() { in_root stat -c '%a %U:%G' "$1"; }
expect_mode() {
  local got
  got=$(mode_of "$1") || pkg_fail "$1 is missing"
  [ "$got" = "$2" ] || pkg_fail "$1 is $got, want $2"
}
status_of() { in_root dpkg-query -W -f='${Status}' "$1" 2>/dev/null || echo "not known"; }
wants() { echo "$R/etc/systemd/system/multi-user.target.wants/$1"; }
dsh=/var/lib/systemd/deb-systemd-helper-enabled
UNITS=(wardkiosk.service wardkiosk-sync.service wardkiosk-portal.service)

# --- install ------------------------------------------------------------------------------
mkdir -p "$R/pkgs"
cp "$(pkg_deb wardkiosk)" "$(pkg_deb wardkiosk-portal)" "$R/pkgs/"
DEBS=("/pkgs/$(basename "$(pkg_deb wardkiosk)")" "/pkgs/$(basename "$(pkg_deb wardkiosk-portal)")")
t0=$SECONDS
in_root dpkg -i "${DEBS[@]}" > "$TMP/install.log" 2>&1 ||
  { cat "$TMP/install.log" >&2; pkg_fail "dpkg -i of both packages failed in the root"; }
echo "dpkg -i of both packages in the root: $((SECONDS - t0)) s"
for p in wardkiosk wardkiosk-portal; do
  [ "$(status_of "$p")" = "install ok installed" ] || pkg_fail "$p: $(status_of "$p")"
done
grep -qi 'warning\|error' "$TMP/install.log" && pkg_fail "dpkg -i said: $(cat "$TMP/install.log")"

# The postinsts' system users: no login shell, home in their state dir, a group each.
for u in wardkiosk wardkiosk-portal; do
  pw=$(in_root getent passwd "$u") || pkg_fail "no $u user in the root"
  IFS=: read -r _ _ uid gid _ home shell <<<"$pw"
  [ "$uid" -lt 1000 ] || pkg_fail "$u is not a system user: $pw"
  [ "$home" = "/var/lib/$u" ] || pkg_fail "$u's home: $pw"
  [ "$shell" = /usr/sbin/nologin ] || pkg_fail "$u can log in: $pw"
  gr=$(in_root getent group "$u") || pkg_fail "no $u group in the root"
  [ "$(cut -d: -f3 <<<"$gr")" = "$gid" ] || pkg_fail "$u's primary group is not $u: $pw / $gr"
done

# Conffiles, the secrets the postinsts make, and the state dirs: owners and modes.
in_root dpkg-query -W -f='${Conffiles}\n' wardkiosk | grep -Eqx ' /etc/wardkiosk/wardkiosk.toml [0-9a-f]{32}' ||
  pkg_fail "wardkiosk.toml is not a conffile: $(in_root dpkg-query -W -f='${Conffiles}' wardkiosk)"
in_root dpkg-query -W -f='${Conffiles}\n' wardkiosk-portal | grep -Eqx ' /etc/wardkiosk/portal.toml [0-9a-f]{32}' ||
  pkg_fail "portal.toml is not a conffile: $(in_root dpkg-query -W -f='${Conffiles}' wardkiosk-portal)"
expect_mode /etc/wardkiosk "755 root:root"
expect_mode /etc/wardkiosk/wardkiosk.toml "640 root:wardkiosk"
expect_mode /etc/wardkiosk/contact.key "640 root:wardkiosk"
expect_mode /etc/wardkiosk/api.key "640 root:wardkiosk"
expect_mode /etc/wardkiosk/portal.toml "640 root:wardkiosk-portal"
expect_mode /etc/wardkiosk/portal-api-keys "640 root:wardkiosk-portal"
expect_mode /var/lib/wardkiosk "750 wardkiosk:wardkiosk"
expect_mode /var/lib/wardkiosk-portal "750 wardkiosk-portal:wardkiosk-portal"
[ "$(stat -c %s "$R/etc/wardkiosk/contact.key")" -eq 32 ] || pkg_fail "contact.key is not 32 bytes"
[ ! -s "$R/etc/wardkiosk/api.key" ] && [ ! -s "$R/etc/wardkiosk/portal-api-keys" ] ||
  pkg_fail "the key files staff fill in are not empty"
KEY_SUM=$(sha256sum < "$R/etc/wardkiosk/contact.key")
# Each service user reads its own secrets and not the other's.
as wardkiosk cat /etc/wardkiosk/wardkiosk.toml /etc/wardkiosk/contact.key /etc/wardkiosk/api.key >/dev/null ||
  pkg_fail "the wardkiosk user cannot read its config and keys"
as wardkiosk-portal cat /etc/wardkiosk/portal.toml /etc/wardkiosk/portal-api-keys >/dev/null ||
  pkg_fail "the wardkiosk-portal user cannot read its config and keys"
as wardkiosk cat /etc/wardkiosk/portal-api-keys 2>/dev/null && pkg_fail "the wardkiosk user reads the portal's keys"
as wardkiosk-portal cat /etc/wardkiosk/contact.key 2>/dev/null && pkg_fail "the portal user reads the contact key"

# The units: enabled for boot (deb-systemd-helper), none started, and the kiosk's two
# skipped by their ExecCondition (run as the unit's User=) while the config names no portal.
for u in "${UNITS[@]}"; do
  [ "$(readlink "$(wants "$u")")" = "/lib/systemd/system/$u" ] || pkg_fail "$u is not enabled for boot"
  [ -e "$R$dsh/$u.dsh-also" ] || pkg_fail "deb-systemd-helper has no state for $u"
done
[ -z "$(in_root_pids)" ] || pkg_fail "dpkg -i left processes running: $(in_root_pids)"
as wardkiosk /usr/libexec/wardkiosk/portal-configured /etc/wardkiosk/wardkiosk.toml &&
  pkg_fail "the shipped config passes the units' ExecCondition: the services would start unconfigured"
echo "installed: users, conffiles, keys, modes and unit state as documented; nothing started"

# --- configured as staff would, then the installed portal and agent as their users ------
PORT=$(wk_free_port)
KEY=pkg-root-$RANDOM$RANDOM
URL=http://127.0.0.1:$PORT/open311/v2
# Edited in place (as an editor would save it), so owner and mode stay the postinst's.
edit() { local f=$R$1; shift; sed "$@" "$f" > "$TMP/edit" && cat "$TMP/edit" > "$f"; }
edit /etc/wardkiosk/wardkiosk.toml -e "s|^url = \"\"|url = \"$URL\"|" \
  -e "s|^public_url = \"\"|public_url = \"http://127.0.0.1:$PORT\"|" -e "s|^connect_s = .*|connect_s = 2|"
edit /etc/wardkiosk/portal.toml -e "s|^listen = .*|listen = \"127.0.0.1:$PORT\"|" \
  -e "s|^public_url = .*|public_url = \"http://127.0.0.1:$PORT\"|"
echo "$KEY" > "$R/etc/wardkiosk/api.key"
echo "$KEY" > "$R/etc/wardkiosk/portal-api-keys"
expect_mode /etc/wardkiosk/wardkiosk.toml "640 root:wardkiosk"
as wardkiosk /usr/libexec/wardkiosk/portal-configured /etc/wardkiosk/wardkiosk.toml ||
  pkg_fail "a config naming a portal does not pass the units' ExecCondition"

# As wardkiosk-portal.service runs it: its user, its Environment=, its ExecStart=.
(AS_EXEC=1 as wardkiosk-portal env WK_ASSET_DIR=/usr/share/wardkiosk-portal \
  /usr/bin/wardkiosk-portal --config /etc/wardkiosk/portal.toml > "$TMP/portal.log" 2>&1) &
WK_PIDS+=($!)
wk_wait_for 15 "the installed portal to answer" curl -fsS "$URL/services.json" ||
  { cat "$TMP/portal.log" >&2; pkg_fail "the installed portal did not come up as wardkiosk-portal"; }
expect_mode /var/lib/wardkiosk-portal/portal.db "640 wardkiosk-portal:wardkiosk-portal"

SYNC=(as wardkiosk env WK_ASSET_DIR=/usr/share/wardkiosk /usr/bin/wardkiosk-sync --config /etc/wardkiosk/wardkiosk.toml)
DESC="Nắp cống vỡ trước số 3 phố Hàng Bông, đã có xe máy sụt bánh (gói cài thật)."
echo "{\"category\": \"moi-truong\", \"description\": \"$DESC\", \"ward\": \"Phường Điện Biên\", \"address\": \"3 Hàng Bông\"}" |
  "${SYNC[@]}" enqueue - > "$TMP/enqueue.out" 2> "$TMP/enqueue.err" ||
  { cat "$TMP/enqueue.err" >&2; pkg_fail "enqueue as the wardkiosk user"; }
grep -q "1 queued, 0 rejected" "$TMP/enqueue.err" || pkg_fail "enqueue: $(cat "$TMP/enqueue.err")"
expect_mode /var/lib/wardkiosk/wardkiosk.db "640 wardkiosk:wardkiosk"
"${SYNC[@]}" --once 2> "$TMP/once.err" || { cat "$TMP/once.err" >&2; pkg_fail "wardkiosk-sync --once as wardkiosk"; }
REQS=$(curl -fsS "$URL/requests.json")
grep -qF "$DESC" <<<"$REQS" || pkg_fail "the portal does not have the report: $REQS"
[ "$(grep -o '"service_request_id"' <<<"$REQS" | wc -l)" -eq 1 ] || pkg_fail "not exactly one request: $REQS"
"${SYNC[@]}" status | grep -q '"acknowledged": 1' || pkg_fail "the agent's store does not count it acknowledged"
wk_stop_all
pids=$(in_root_pids); [ -z "$pids" ] || pkg_fail "still running after the portal stopped: $(ps -o pid=,user=,args= -p "${pids// /,}")"
echo "the installed agent, as wardkiosk, delivered a report to the installed portal, as wardkiosk-portal"

# --- reinstall: staff's edits and the contact key survive; a deleted conffile stays gone --
rm "$R/etc/wardkiosk/portal.toml"   # a kiosk-only machine's admin drops the portal's config
in_root dpkg -i "${DEBS[@]}" > "$TMP/reinstall.log" 2>&1 ||
  { cat "$TMP/reinstall.log" >&2; pkg_fail "reinstalling over a configured kiosk failed"; }
grep -qF "url = \"$URL\"" "$R/etc/wardkiosk/wardkiosk.toml" || pkg_fail "a reinstall lost staff's portal url"
[ "$(cat "$R/etc/wardkiosk/api.key")" = "$KEY" ] || pkg_fail "a reinstall lost the API key"
[ "$(sha256sum < "$R/etc/wardkiosk/contact.key")" = "$KEY_SUM" ] || pkg_fail "a reinstall replaced the contact key"
[ ! -e "$R/etc/wardkiosk/portal.toml" ] || pkg_fail "a reinstall brought back a conffile the admin deleted"
expect_mode /etc/wardkiosk/wardkiosk.toml "640 root:wardkiosk"
expect_mode /etc/wardkiosk/contact.key "640 root:wardkiosk"
[ -z "$(in_root_pids)" ] || pkg_fail "a reinstall started processes: $(in_root_pids)"

# --- remove: programs go; config, keys, store, users and the units' state stay ----------
in_root dpkg --remove wardkiosk wardkiosk-portal > "$TMP/remove.log" 2>&1 ||
  { cat "$TMP/remove.log" >&2; pkg_fail "dpkg --remove failed"; }
for p in wardkiosk wardkiosk-portal; do
  [ "$(status_of "$p")" = "deinstall ok config-files" ] || pkg_fail "after --remove $p is: $(status_of "$p")"
done
for f in /usr/bin/wardkiosk /usr/bin/wardkiosk-sync /usr/bin/wardkiosk-ime /usr/bin/wardkiosk-portal \
         /usr/libexec/wardkiosk/portal-configured /lib/systemd/system/wardkiosk-sync.service; do
  [ ! -e "$R$f" ] || pkg_fail "$f is still there after --remove"
done
for f in /etc/wardkiosk/wardkiosk.toml /etc/wardkiosk/contact.key /etc/wardkiosk/api.key \
         /etc/wardkiosk/portal-api-keys /var/lib/wardkiosk/wardkiosk.db /var/lib/wardkiosk-portal/portal.db; do
  [ -e "$R$f" ] || pkg_fail "--remove took $f (only --purge may)"
done
for u in "${UNITS[@]}"; do
  [ "$(readlink "$R/etc/systemd/system/$u")" = /dev/null ] || pkg_fail "--remove did not mask $u"
done

# --- purge: config and API keys go; the store, its key and the users stay (postrm says) --
in_root dpkg --purge wardkiosk wardkiosk-portal > "$TMP/purge.log" 2>&1 ||
  { cat "$TMP/purge.log" >&2; pkg_fail "dpkg --purge failed"; }
for p in wardkiosk wardkiosk-portal; do
  case $(status_of "$p") in "unknown ok not-installed" | "not known") ;; *) pkg_fail "after --purge $p is: $(status_of "$p")" ;; esac
done
for f in /etc/wardkiosk/wardkiosk.toml /etc/wardkiosk/portal.toml /etc/wardkiosk/api.key /etc/wardkiosk/portal-api-keys; do
  [ ! -e "$R$f" ] || pkg_fail "$f is still there after --purge"
done
for u in "${UNITS[@]}"; do
  [ ! -L "$R/etc/systemd/system/$u" ] || pkg_fail "$u is still masked after --purge"
  [ ! -L "$(wants "$u")" ] || pkg_fail "$u is still enabled after --purge"
  [ ! -e "$R$dsh/$u.dsh-also" ] || pkg_fail "deb-systemd-helper still has state for $u after --purge"
done
grep -q "kept /var/lib/wardkiosk and /etc/wardkiosk/contact.key" "$TMP/purge.log" ||
  pkg_fail "--purge did not say what it kept: $(cat "$TMP/purge.log")"
[ "$(sha256sum < "$R/etc/wardkiosk/contact.key")" = "$KEY_SUM" ] || pkg_fail "--purge took or changed the contact key"
left=$(cd "$R/etc/wardkiosk" && echo *)
[ "$left" = contact.key ] || pkg_fail "--purge left more than the contact key in /etc/wardkiosk: $left"
expect_mode /var/lib/wardkiosk "750 wardkiosk:wardkiosk"
expect_mode /var/lib/wardkiosk/wardkiosk.db "640 wardkiosk:wardkiosk"
expect_mode /var/lib/wardkiosk-portal/portal.db "640 wardkiosk-portal:wardkiosk-portal"
in_root getent passwd wardkiosk >/dev/null && in_root getent passwd wardkiosk-portal >/dev/null ||
  pkg_fail "--purge removed a service user"
[ -z "$(in_root_pids)" ] || pkg_fail "left running after --purge: $(in_root_pids)"
echo "remove and purge: as the postrms document (store, contact key and users kept)"
