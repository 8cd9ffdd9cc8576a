#!/usr/bin/env bash
# The packaged files working together: both .debs unpacked (dpkg -x) into a throwaway
# root, the unpacked portal and agent started from it with its assets, configs made
# from the packaged conffiles, a report queued with `wardkiosk-sync enqueue`, one
# `--once` pass, and the portal holding the report. Usage: install_and_sync.sh BUILD_DIR
set -euo pipefail
WK_BUILD=${1:?usage: install_and_sync.sh BUILD_DIR}
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../e2e/lib.sh"   # wk_free_port, wk_wait_for, wk_stop_all
TMP=$(mktemp -d)
trap 'wk_stop_all; rm -rf "$TMP"' EXIT
R=$TMP/root
mkdir -p "$R" "$TMP/state"
dpkg -x "$(pkg_deb wardkiosk)" "$R"
dpkg -x "$(pkg_deb wardkiosk-portal)" "$R"

# Every program runs from the unpacked root and links against the system's libraries.
for p in wardkiosk wardkiosk-sync wardkiosk-ime wardkiosk-portal; do
  ! ldd "$R/usr/bin/$p" | grep -q 'not found' || pkg_fail "$p: $(ldd "$R/usr/bin/$p" | grep 'not found')"
  "$R/usr/bin/$p" --version | grep -q "$p" || pkg_fail "$p --version"
done
echo "xin chaof" | "$R/usr/bin/wardkiosk-ime" --method telex | grep -qx "xin chào" || pkg_fail "wardkiosk-ime"

PORT=$(wk_free_port)
KEY=pkg-test-$RANDOM$RANDOM
URL=http://127.0.0.1:$PORT/open311/v2
# The packaged configs, with what staff set: the portal's url and key; paths moved to $TMP.
sed -e "s|^url = \"\"|url = \"$URL\"|" -e "s|^public_url = \"\"|public_url = \"http://127.0.0.1:$PORT\"|" \
    -e "s|/etc/wardkiosk/api.key|$TMP/api.key|" -e "s|/var/lib/wardkiosk/|$TMP/state/|" \
    -e "s|/etc/wardkiosk/contact.key|$TMP/contact.key|" -e "s|^connect_s = .*|connect_s = 2|" \
    "$R/etc/wardkiosk/wardkiosk.toml" > "$TMP/wardkiosk.toml"
sed -e "s|^listen = .*|listen = \"127.0.0.1:$PORT\"|" -e "s|/var/lib/wardkiosk-portal/|$TMP/|" \
    -e "s|/etc/wardkiosk/portal-api-keys|$TMP/portal-api-keys|" "$R/etc/wardkiosk/portal.toml" > "$TMP/portal.toml"
# The secrets in files of their own, as staff set them (0640).
(umask 027 && echo "$KEY" > "$TMP/api.key" && echo "$KEY" > "$TMP/portal-api-keys")
"$R/usr/libexec/wardkiosk/portal-configured" "$R/etc/wardkiosk/wardkiosk.toml" &&
  pkg_fail "the packaged config would start the services"
"$R/usr/libexec/wardkiosk/portal-configured" "$TMP/wardkiosk.toml" || pkg_fail "a configured portal is not seen"
# As systemd's units do: the key made by postinst (32 random bytes, 0640).
head -c 32 /dev/urandom > "$TMP/contact.key" && chmod 0640 "$TMP/contact.key"

WK_ASSET_DIR=$R/usr/share/wardkiosk-portal "$R/usr/bin/wardkiosk-portal" --config "$TMP/portal.toml" \
  >"$TMP/portal.log" 2>&1 &
WK_PIDS+=($!)
wk_wait_for 15 "the packaged portal to answer" curl -fsS "$URL/services.json" ||
  { cat "$TMP/portal.log" >&2; exit 1; }
grep -q "seeded .* services from $R/usr/share/wardkiosk-portal/categories.json" "$TMP/portal.log" ||
  pkg_fail "the portal did not seed from its packaged categories: $(cat "$TMP/portal.log")"

export WK_ASSET_DIR=$R/usr/share/wardkiosk
SYNC=("$R/usr/bin/wardkiosk-sync" --config "$TMP/wardkiosk.toml")
DESC="Cây đổ chắn ngang vỉa hè trước số 12 phố Quán Thánh, người đi bộ phải xuống lòng đường."
echo "{\"category\": \"moi-truong\", \"description\": \"$DESC\", \"ward\": \"Phường Điện Biên\", \"address\": \"12 Quán Thánh\"}" |
  "${SYNC[@]}" enqueue - > "$TMP/enqueue.out" 2> "$TMP/enqueue.err" || { cat "$TMP/enqueue.err" >&2; pkg_fail "enqueue"; }
grep -q "1 queued, 0 rejected" "$TMP/enqueue.err" || pkg_fail "enqueue: $(cat "$TMP/enqueue.err")"
CODE=$(grep -Eo '[0-9A-Z]{3}-?[0-9A-Z]{3}-?[0-9A-Z]{3}' "$TMP/enqueue.out" | head -n 1 | tr -d '-')
"${SYNC[@]}" --once 2> "$TMP/once.err" || { cat "$TMP/once.err" >&2; pkg_fail "wardkiosk-sync --once failed"; }
grep -q '^<[0-9]>wardkiosk-sync: ' "$TMP/once.err" || pkg_fail "no journald priority prefix: $(cat "$TMP/once.err")"

REQS=$(curl -fsS "$URL/requests.json")
grep -qF "$DESC" <<<"$REQS" || pkg_fail "the portal does not have the report: $REQS"
[ "$(grep -o '"service_request_id"' <<<"$REQS" | wc -l)" -eq 1 ] || pkg_fail "not exactly one request: $REQS"
"${SYNC[@]}" status | grep -q '"acknowledged": 1' || pkg_fail "the agent's store does not count it acknowledged"
echo "report ${CODE:-?} went from the packaged agent to the packaged portal"
