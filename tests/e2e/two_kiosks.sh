#!/usr/bin/env bash
# End-to-end, one province: one reference portal, kiosks 1 and 2 in two ward offices,
# each with its own store, key and agent, all real processes on loopback (the kiosks
# headless, scripted). A code filed at kiosk 1 is looked up at kiosk 2 online (the
# answer within 3 s of the agent's wake) and, with the portal down, a code the portal
# cannot know gets the guidance instead; kiosk 1 reinstalled with an empty store gives
# a new code; kiosk 1's disk copied to a third machine with the same number issues a
# code twice: the collision is caught, neither citizen sees the other's report, and
# both reports are delivered or with staff. The board counts a report right after it
# is filed, and kiosk 2 offers kiosk 1's report as a similar one to follow.
# Kiosks run under faketime only where the story needs a time of its own (the
# reinstall minutes later; the copies filing at one same moment).
set -euo pipefail
WK_BUILD=${1:?usage: two_kiosks.sh BUILD_DIR}
source "$(dirname "$0")/lib.sh"
ROOT=$(mktemp -d /tmp/wardkiosk-province.XXXXXX)
trap 'wk_stop_all; [ -n "${WK_KEEP:-}" ] || rm -rf "$ROOT"' EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$ROOT"/*/agent.log "$ROOT"/*/kiosk.log; do [ -s "$f" ] && { echo "--- $f" >&2; tail -n 8 "$f" >&2; }; done
  exit 1
}
PORT=$(wk_free_port)
P=$ROOT/portal A=$ROOT/kiosk1 B=$ROOT/kiosk2 C=$ROOT/kiosk1-copy
mkdir -p "$P" "$A" "$B" "$C"
wk_write_config "$P" "$PORT" 1
# Each kiosk's own key, bound to its number; the demo key stays the province's own.
sed -i 's|^api_keys = \["demo-kiosk-key"\].*|&\nkiosk_keys = { 1 = "key-kiosk-1", 2 = "key-kiosk-2" }|' "$P/wardkiosk.toml"
for n in 1 2; do
  d=$ROOT/kiosk$n
  wk_write_config "$d" "$PORT" 1
  sed -i -e "s|^id = 1 |id = $n |" -e "s|^api_key = .*|api_key = \"key-kiosk-$n\"|" "$d/wardkiosk.toml"
done
grep -q '^id = 2 ' "$B/wardkiosk.toml" || fail "kiosk 2's config was not made"
portal() { curl -fsS "$(wk_portal_url "$P")/$1"; }
db() { wk_db "$1" "$2"; }
state_of() { db "$1" "SELECT sync_state FROM reports WHERE code='$2'"; }
state_is() { [ "$(state_of "$1" "$2")" = "$3" ]; }
# kiosk DIR NAME [FAKETIME...]: runs DIR/NAME.txt in the headless kiosk.
kiosk() {
  local dir=$1 name=$2
  shift 2
  "$@" "$WK_BUILD/bin/wardkiosk" --config "$dir/wardkiosk.toml" --headless --script "$dir/$name.txt" --lang vi \
    2>>"$dir/kiosk.log" || fail "$dir: script $name failed: $(tail -n 2 "$dir/kiosk.log")"
}
# file_script DIR TEXT [similar]: a citizen's anonymous report, its receipt dumped to
# DIR/receipt.txt; "similar": the store holds open reports like it, which the citizen passes.
file_script() {
  local pass=""
  [ "${3:-}" = similar ] && pass=$'expect Có phải một trong các phản ánh này?\ntap similar.none'
  cat > "$1/file.txt" <<SCRIPT
tap home.report
tap cat.moi-truong
$pass
type $2
tap wizard.next
type Số 5 ngõ Đội Cấn
tap wizard.next
tap wizard.next
tap wizard.submit
expect Mã phiếu của bạn
dump $1/receipt.txt
tap receipt.done
SCRIPT
}
grouped() { echo "${1:0:3}-${1:3:3}-${1:6:3}"; }
agent() { wk_start_agent "$1"; eval "AGENT_$(basename "$1" | tr -c 'a-z0-9\n' _)=$WK_AGENT_PID"; }

wk_start_portal "$P"
agent "$A"
agent "$B"

# 1. Filed at kiosk 1; its board counts it at once.
file_script "$A" "Cống thoát nước bị tắc, nước tràn ra ngõ 5 Đội Cấn."
cat >> "$A/file.txt" <<SCRIPT
tap home.board
expect Môi trường
absent Năm nay chưa có phản ánh nào.
SCRIPT
kiosk "$A" file
CODE1=$(wk_receipt_code "$A/receipt.txt")
[ -n "$CODE1" ] || fail "no code on kiosk 1's receipt"
[ "${CODE1:0:3}" = 001 ] || fail "kiosk 1's code $CODE1 does not carry its number"
wk_wait_for 20 "kiosk 1's report to reach the portal" state_is "$A" "$CODE1" acknowledged
echo "kiosk 1 filed $(grouped "$CODE1"); its board counted it at once; the portal has it"

# 2. Looked up at kiosk 2, online: "looking it up", then kiosk 1's report.
cat > "$B/lookup.txt" <<SCRIPT
tap home.lookup
type $(grouped "$CODE1")
tap lookup.go
await 3 Phản ánh nộp tại kiosk số 1
SCRIPT
start=$(date +%s%N)
kiosk "$B" lookup
echo "kiosk 2 showed it in $(( ($(date +%s%N) - start) / 1000000 )) ms (kiosk start included)"

# 3. Kiosk 2 offers it to the next citizen with the same problem, who follows it.
CASE1=$(db "$A" "SELECT service_request_id FROM reports WHERE code='$CODE1'")
has_public() { [ "$(db "$B" "SELECT count(*) FROM public_reports WHERE service_request_id='$CASE1'")" = 1 ]; }
wk_wait_for 20 "kiosk 2 to pull kiosk 1's report" has_public
cat > "$B/similar.txt" <<SCRIPT
tap home.report
tap cat.moi-truong
expect Có phải một trong các phản ánh này?
expect Cống thoát nước bị tắc, nước tràn ra ngõ 5 Đội Cấn.
tap similar.follow.0
expect Do người dân khác gửi
expect $CASE1
SCRIPT
kiosk "$B" similar
[ "$(db "$B" "SELECT count(*) FROM reports")" = 0 ] || fail "following a similar report filed one"
echo "kiosk 2 offered it as a similar report; followed, nothing filed twice"

# 4. The portal goes down; kiosk 1 is reinstalled (empty store) minutes later and files.
wk_stop_portal
kill -TERM "$AGENT_kiosk1"; wait "$AGENT_kiosk1" 2>/dev/null || true
rm -f "$A"/wardkiosk.db "$A"/wardkiosk.db-wal "$A"/wardkiosk.db-shm
file_script "$A" "Đèn đường trước số 9 ngõ Đội Cấn tắt cả tuần."
kiosk "$A" file faketime -f +180s
CODE2=$(wk_receipt_code "$A/receipt.txt")
[ -n "$CODE2" ] && [ "$CODE2" != "$CODE1" ] || fail "the reinstalled kiosk gave $CODE2 again (first: $CODE1)"
echo "reinstalled, kiosk 1 gave a new code: $(grouped "$CODE2")"

# 5. Kiosk 2, portal down, asked for that code: the guidance, not "no such report".
cat > "$B/offline.txt" <<SCRIPT
tap home.lookup
type $(grouped "$CODE2")
tap lookup.go
expect Đang tra cứu trên cổng thông tin
await 20 Quét mã QR trên phiếu
expect 1
SCRIPT
kiosk "$B" offline
echo "offline, kiosk 2 told the citizen where the code comes from and what to do"

# 6. The portal is back: the reinstalled kiosk's report arrives, no collision.
wk_start_portal "$P"
agent "$A"
wk_wait_for 30 "the reinstalled kiosk's report to arrive" state_is "$A" "$CODE2" acknowledged
[ "$(portal requests.json | grep -o '"service_request_id"' | wc -l)" = 2 ] || fail "the portal does not hold 2 reports"

# 7. Kiosk 1's disk copied to a third machine with the same number; both file at the
# same moment and so give the same code.
kill -TERM "$AGENT_kiosk1"; wait "$AGENT_kiosk1" 2>/dev/null || true
sqlite3 "$A/wardkiosk.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
cp "$A"/wardkiosk.toml "$A"/staff-demo.toml "$A"/wardkiosk.db "$A"/contact.key "$C"/
moment=$(( ($(date +%s) + 600) / 10 * 10 + 1 ))  # past both stores' last code; not on a 10 s step
at=$(date -u -d "@$moment" '+%Y-%m-%d %H:%M:%S')
file_script "$A" "Rác thải ở đầu ngõ 7 phố Đội Cấn, kiosk bản gốc." similar
kiosk "$A" file env TZ=UTC faketime "$at"
CODE_A=$(wk_receipt_code "$A/receipt.txt")
file_script "$C" "Vỉa hè bị lấn chiếm ở số 20 Đội Cấn, kiosk bản sao." similar
kiosk "$C" file env TZ=UTC faketime "$at"
CODE_C=$(wk_receipt_code "$C/receipt.txt")
[ "$CODE_A" = "$CODE_C" ] || fail "the copies gave $CODE_A and $CODE_C: the story needs one code twice"
agent "$A"
agent "$C"
done_or_staff() {
  local a c
  a=$(state_of "$A" "$CODE_A") c=$(state_of "$C" "$CODE_C")
  [[ "$a $c" == "acknowledged attention" || "$a $c" == "attention acknowledged" ]]
}
wk_wait_for 40 "one copy's report delivered and the other with staff" done_or_staff \
  || fail "states: kiosk 1 $(state_of "$A" "$CODE_A"), copy $(state_of "$C" "$CODE_C")"
page=$(curl -sS "$(wk_portal_url "$P" | sed 's|/open311/v2$||')/lookup/$CODE_A")
! grep -q "kiosk bản gốc\|kiosk bản sao" <<<"$page" || fail "the code's page shows a citizen's report"
json=$(portal "requests.json")
[ "$(grep -o '"service_request_id"' <<<"$json" | wc -l)" = 3 ] || fail "the portal does not hold 3 reports"
echo "the same code from two machines: one delivered, one with staff, the code's page shows neither"
echo "PASS"
