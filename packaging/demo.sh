#!/usr/bin/env bash
# The demo: the reference portal, the sync agent and the kiosk on loopback, all state
# in SQLite files in demo-state/. With a display the kiosk opens its window; without
# one it runs under Xvfb through a scripted walkthrough and writes a screenshot of
# each screen to demo-state/screenshots/. Called by `bash packaging/run.sh demo`.
set -euo pipefail
WK_BUILD=${1:?usage: demo.sh BUILD_DIR}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/tests/e2e/lib.sh"
DIR=$ROOT/demo-state
SHOTS=$DIR/screenshots
mkdir -p "$DIR" "$SHOTS"
trap wk_stop_all EXIT

if [ ! -f "$DIR/wardkiosk.toml" ]; then
  PORT=8311
  (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && PORT=$(wk_free_port)
  wk_write_config "$DIR" "$PORT" 2
  echo "demo: state and config in $DIR (portal on port $PORT)"
fi
wk_start_portal "$DIR"
wk_start_agent "$DIR"
echo "demo: portal at $(wk_portal_url "$DIR"), agent running; logs in $DIR/*.log"

if [ -n "${DISPLAY:-}" ] && [ -z "${CI:-}" ] && [ -z "${WK_DEMO_HEADLESS:-}" ]; then
  "$WK_BUILD/bin/wardkiosk" --config "$DIR/wardkiosk.toml"
  exit 0
fi

command -v xvfb-run >/dev/null || { echo "demo: no display and no xvfb-run" >&2; exit 1; }
echo "demo: no display; running the scripted walkthrough under Xvfb"
cat > "$DIR/walkthrough-1.txt" <<SCRIPT
screenshot $SHOTS/01-home.png
tap home.report
screenshot $SHOTS/02-category.png
tap cat.dien-chieu-sang
type Đèn đường trước số 25 phố Đội Cấn không sáng từ tối thứ hai, ngõ rất tối.
screenshot $SHOTS/03-description.png
tap wizard.next
type Trước số 25 Đội Cấn
screenshot $SHOTS/04-place.png
tap wizard.next
screenshot $SHOTS/05-contact.png
tap wizard.next
screenshot $SHOTS/06-review.png
tap wizard.submit
screenshot $SHOTS/07-receipt.png
dump $DIR/receipt.txt
tap receipt.done
tap home.board
screenshot $SHOTS/09-board.png
tap nav.home
tap home.stats
screenshot $SHOTS/10-stats.png
tap nav.home
tap home.lang_en
screenshot $SHOTS/11-home-en.png
SCRIPT
wk_kiosk "$DIR" "$DIR/walkthrough-1.txt" --lang vi
CODE=$(wk_receipt_code "$DIR/receipt.txt")
echo "demo: filed report $CODE; waiting for the agent to upload it"
acked() { [ "$(wk_db "$DIR" "SELECT sync_state FROM reports WHERE code='$CODE'")" = acknowledged ]; }
wk_wait_for 30 "the upload" acked
CASE=$(wk_db "$DIR" "SELECT service_request_id FROM reports WHERE code='$CODE'")
echo "demo: the portal gave it case number $CASE; an officer answers"
wk_officer_update "$DIR" "$CASE" in_progress "Đội điện chiếu sáng sẽ thay bóng đèn trong ngày 30/11." \
  "Công ty Chiếu sáng đô thị" >/dev/null
answered() { [ "$(wk_db "$DIR" "SELECT status FROM reports WHERE code='$CODE'")" = in_progress ]; }
wk_wait_for 30 "the answer to reach the kiosk" answered
cat > "$DIR/walkthrough-2.txt" <<SCRIPT
tap home.lookup
type $CODE
tap lookup.go
expect Đội điện chiếu sáng
screenshot $SHOTS/08-lookup.png
SCRIPT
wk_kiosk "$DIR" "$DIR/walkthrough-2.txt" --lang vi
echo "demo: done; screenshots:"
ls -1 "$SHOTS"
