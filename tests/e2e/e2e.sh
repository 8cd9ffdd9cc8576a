#!/usr/bin/env bash
# End-to-end: the portal, the agent and the scripted kiosk under Xvfb, on loopback.
# A citizen files a report while the portal is down; the portal comes up; the report
# reaches it exactly once with the contact erased from the kiosk; an officer answers;
# the answer comes back and the citizen sees it on the kiosk's lookup.
set -euo pipefail
WK_BUILD=${1:?usage: e2e.sh BUILD_DIR}
source "$(dirname "$0")/lib.sh"
DIR=$(mktemp -d /tmp/wardkiosk-e2e.XXXXXX)
trap 'wk_stop_all; echo "state kept in $DIR" >&2' EXIT
field_of() { wk_db "$DIR" "SELECT $1 FROM reports WHERE code='$CODE'"; }
field_is() { [ "$(field_of "$1")" = "$2" ]; }
fail() { echo "FAIL: $*" >&2; echo "--- agent.log" >&2; tail -n 20 "$DIR/agent.log" >&2 || true; exit 1; }

PORT=$(wk_free_port)
wk_write_config "$DIR" "$PORT" 1
PHONE=0912345678
NAME="Nguyễn Văn An"

# 1. The agent runs; the portal does not.
wk_start_agent "$DIR"

# 2. A citizen files a report with contact details.
cat > "$DIR/file.txt" <<SCRIPT
tap home.report
tap cat.moi-truong
type Rác thải đổ trộm ở đầu ngõ 12 phố Đội Cấn đã ba ngày.
tap wizard.next
type Ngõ 12 Đội Cấn
tap wizard.next
tap contact.give
type $NAME
tap field.phone
type $PHONE
tap wizard.next
tap wizard.submit
expect Mã phiếu của bạn
absent $PHONE
dump $DIR/receipt.txt
screenshot $DIR/receipt.png
tap receipt.done
absent $NAME
SCRIPT
wk_kiosk "$DIR" "$DIR/file.txt" --lang vi || fail "the kiosk could not file the report"
CODE=$(wk_receipt_code "$DIR/receipt.txt")
[ -n "$CODE" ] || fail "no receipt code on the receipt screen"
echo "filed $CODE with the portal down"

# 3. Offline: the report waits, its contact sealed, the agent has seen the failure.
[ "$(wk_db "$DIR" "SELECT sync_state FROM reports WHERE code='$CODE'")" = queued ] || fail "report not queued"
[ "$(wk_db "$DIR" "SELECT contact IS NOT NULL FROM reports WHERE code='$CODE'")" = 1 ] || fail "contact not kept while offline"
! grep -q "$PHONE" "$DIR/wardkiosk.db" "$DIR"/wardkiosk.db-wal 2>/dev/null || fail "the phone number is readable in the store file"
upload_failed() { "$WK_BUILD/bin/wardkiosk-sync" --config "$DIR/wardkiosk.toml" status | grep -q '"upload": "[0-9T:Z-]* Could'; }
wk_wait_for 10 "the agent to record the failed upload" upload_failed
[ "$(field_of attempts)" -ge 1 ] || fail "the agent never tried to upload"

# 4. The portal comes up; the report arrives once and the kiosk forgets the contact.
wk_start_portal "$DIR"
wk_wait_for 30 "the report to be acknowledged" field_is sync_state acknowledged
CASE=$(wk_db "$DIR" "SELECT service_request_id FROM reports WHERE code='$CODE'")
[ "$(wk_db "$DIR" "SELECT contact IS NULL FROM reports WHERE code='$CODE'")" = 1 ] || fail "contact not erased after acknowledgement"
ALL=$(curl -fsS "$(wk_portal_url "$DIR")/requests.json")
N=$(grep -o '"service_request_id"' <<<"$ALL" | wc -l)
[ "$N" = 1 ] || fail "the portal holds $N requests, expected exactly 1"
! grep -q "$PHONE" <<<"$ALL" || fail "the portal shows the phone number publicly"
echo "portal case $CASE, exactly one request"

# 5. The agent restarts (a power cut): nothing is sent twice.
kill -9 "$WK_AGENT_PID"; wait "$WK_AGENT_PID" 2>/dev/null || true
wk_start_agent "$DIR"
sleep 2
N=$(curl -fsS "$(wk_portal_url "$DIR")/requests.json" | grep -o '"service_request_id"' | wc -l)
[ "$N" = 1 ] || fail "after an agent restart the portal holds $N requests"

# 6. An officer answers; the kiosk learns it.
wk_officer_update "$DIR" "$CASE" in_progress "Đội vệ sinh sẽ thu gom trong ngày 30/11." "Công ty Môi trường đô thị" >/dev/null \
  || fail "the officer's update was refused"
wk_wait_for 30 "the status to reach the kiosk" field_is status in_progress

# 7. The citizen comes back and looks the code up.
cat > "$DIR/lookup.txt" <<SCRIPT
tap home.lookup
type $CODE
tap lookup.go
expect Đang xử lý
expect Đội vệ sinh sẽ thu gom
expect Công ty Môi trường đô thị
expect $CASE
absent $PHONE
absent $NAME
screenshot $DIR/lookup.png
SCRIPT
wk_kiosk "$DIR" "$DIR/lookup.txt" --lang vi || fail "the lookup did not show the answer"

# 8. A screenshot never replaces what is not a file: a FIFO gets the PNG's bytes, a
# folder given by mistake is refused and left as it was.
mkfifo "$DIR/shot.fifo"
mkdir "$DIR/shots"
cat "$DIR/shot.fifo" > "$DIR/via-fifo.png" &
READER=$!
echo "screenshot $DIR/shot.fifo" > "$DIR/fifo.txt"
wk_kiosk "$DIR" "$DIR/fifo.txt" --lang vi || fail "a screenshot into a FIFO failed"
wait "$READER"
[ -p "$DIR/shot.fifo" ] || fail "the FIFO was replaced"
[ "$(head -c 4 "$DIR/via-fifo.png" | tail -c 3)" = PNG ] || fail "what came through the FIFO is not a PNG"
echo "screenshot $DIR/shots" > "$DIR/folder.txt"
! wk_kiosk "$DIR" "$DIR/folder.txt" --lang vi 2>"$DIR/folder.err" || fail "a screenshot onto a folder was not refused"
grep -q "is a directory" "$DIR/folder.err" || fail "the refusal does not say why: $(cat "$DIR/folder.err")"
[ -d "$DIR/shots" ] && [ -z "$(ls -A "$DIR/shots")" ] || fail "the folder was touched"
echo "screenshots into a FIFO and onto a folder behave"
