#!/usr/bin/env bash
# End-to-end, a kiosk PC whose clock reads 2019 (a dead CMOS battery), under
# libfaketime: the portal runs on the right time; the agent, on the PC's, learns the
# offset from the portal's Date headers on its first pass; the kiosk, on the PC's clock
# too, then dates a citizen's receipt and report by the portal's time; `status` and the
# portal's kiosks list say how far off the clock is.
set -euo pipefail
WK_BUILD=${1:?usage: clock.sh BUILD_DIR}
source "$(dirname "$0")/lib.sh"
DIR=$(mktemp -d /tmp/wardkiosk-clock.XXXXXX)
trap 'wk_stop_all; [ -n "${WK_KEEP:-}" ] || rm -rf "$DIR"' EXIT
fail() { echo "FAIL: $*" >&2; echo "--- agent.log" >&2; tail -n 20 "$DIR/agent.log" >&2 || true; exit 1; }
command -v faketime >/dev/null || fail "faketime is not installed (packaging/install-deps.sh installs it)"
BEHIND_DAYS=2555  # seven years: the PC reads 2019
on_pc() { FAKETIME_DONT_RESET=1 faketime -f "-${BEHIND_DAYS}d" "$@"; }
[ "$(on_pc date -u +%Y)" -le 2020 ] || fail "faketime did not move the clock: $(on_pc date -u)"

wk_write_config "$DIR" "$(wk_free_port)" 1
wk_start_portal "$DIR"

# 1. One pass of the agent on the PC's clock: it learns the offset.
on_pc "$WK_BUILD/bin/wardkiosk-sync" --config "$DIR/wardkiosk.toml" --once >>"$DIR/agent.log" 2>&1 \
  || fail "the agent's pass failed"
offset=$(on_pc "$WK_BUILD/bin/wardkiosk-sync" --config "$DIR/wardkiosk.toml" status |
         sed -n 's/.*"clock_offset_s": \(-\{0,1\}[0-9]*\).*/\1/p')
expected=$((BEHIND_DAYS * 86400))
[ -n "$offset" ] || fail "status has no clock_offset_s"
[ $((offset - expected)) -le 5 ] && [ $((expected - offset)) -le 5 ] \
  || fail "status says the clock is off by $offset s, not about $expected s"
echo "the agent learnt the offset: $offset s"

# 2. A citizen files at the kiosk on the PC's clock: the receipt shows today's date.
cat > "$DIR/file.txt" <<SCRIPT
tap home.report
tap cat.moi-truong
type Cống thoát nước bị tắc trước số 5 ngõ Đội Cấn.
tap wizard.next
type Số 5 ngõ Đội Cấn
tap wizard.next
tap wizard.next
tap wizard.submit
expect Mã phiếu của bạn
dump $DIR/receipt.txt
SCRIPT
on_pc "$WK_BUILD/bin/wardkiosk" --config "$DIR/wardkiosk.toml" --headless --script "$DIR/file.txt" --lang vi \
  2>>"$DIR/kiosk.log" || fail "the kiosk could not file the report: $(tail -n 3 "$DIR/kiosk.log")"
today=$(TZ=Asia/Ho_Chi_Minh date +%d/%m/%Y)
grep -q "$today" "$DIR/receipt.txt" || fail "the receipt is not dated $today: $(grep -E '[0-9]{2}/[0-9]{2}/[0-9]{4}' "$DIR/receipt.txt")"
! grep -q "/2019" "$DIR/receipt.txt" || fail "the receipt shows the PC's 2019"
created=$(wk_db "$DIR" "SELECT created_at / 1000 FROM reports ORDER BY id DESC LIMIT 1")
now=$(date +%s)
[ $((now - created)) -le 120 ] && [ $((created - now)) -le 120 ] || fail "the report is dated $created, now is $now"
echo "the receipt is dated $today; the report's time is the portal's"

# 3. The report goes out, and the next health report tells the portal's officers.
on_pc "$WK_BUILD/bin/wardkiosk-sync" --config "$DIR/wardkiosk.toml" --once >>"$DIR/agent.log" 2>&1 \
  || fail "the second pass failed"
[ "$(wk_db "$DIR" "SELECT sync_state FROM reports ORDER BY id DESC LIMIT 1")" = acknowledged ] \
  || fail "the report was not delivered"
echo "PASS"
