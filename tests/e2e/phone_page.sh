#!/usr/bin/env bash
# The phone's path of issue 16 through the real programs and a real browser engine: the
# agent finds the reference portal, the kiosk (headless) files a report and shows the
# signed "add photos" QR (the dump's "qr:" line), a photo goes up on that link before the
# report reaches the portal and joins it when it arrives, and Debian's chromium, headless
# at a phone's width, renders the page in Vietnamese and English and the refusal of a
# forged link. The pictures stay in BUILD/screenshots/phone/ for people to look at.
set -euo pipefail
WK_BUILD=${1:?usage: phone_page.sh BUILD_DIR}
source "$(dirname "$0")/lib.sh"
OUT=$WK_BUILD/screenshots/phone
DIR=$(mktemp -d /tmp/wardkiosk-phone.XXXXXX)
trap 'wk_stop_all; [ -n "${WK_KEEP:-}" ] || rm -rf "$DIR"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v chromium >/dev/null || fail "chromium is not installed (packaging/install-deps.sh installs it)"
rm -rf "$OUT" && mkdir -p "$OUT"
PORT=$(wk_free_port)
wk_write_config "$DIR" "$PORT" 1
BASE="http://127.0.0.1:$PORT"

# 1. The agent finds the reference portal (its health report is answered).
wk_start_portal "$DIR"
wk_start_agent "$DIR"
found_ours() { [ "$(wk_db "$DIR" "SELECT value FROM kv WHERE key = 'agent.portal_kind'")" = wardkiosk ]; }
wk_wait_for 20 "the agent to find the reference portal" found_ours
# The report stays on the kiosk until the photo is up: the agent waits.
kill -STOP "$WK_AGENT_PID"

# 2. The kiosk files a report; its receipt lists both QR codes.
cat > "$DIR/file.txt" <<SCRIPT
tap home.report
tap cat.moi-truong
type Rác thải đổ trộm cạnh hồ, bốc mùi cả tuần nay.
tap wizard.next
type Số 5 ngõ Đội Cấn
tap wizard.next
tap wizard.next
tap wizard.submit
expect Mã phiếu của bạn
expect Thêm ảnh từ điện thoại
dump $DIR/receipt.txt
SCRIPT
"$WK_BUILD/bin/wardkiosk" --config "$DIR/wardkiosk.toml" --script "$DIR/file.txt" --headless >>"$DIR/kiosk.log" 2>&1 ||
  { cat "$DIR/kiosk.log"; fail "the kiosk could not file the report"; }
CODE=$(wk_receipt_code "$DIR/receipt.txt")
LINK=$(sed -n 's|^qr: \(.*/photos/.*\)$|\1|p' "$DIR/receipt.txt" | head -n 1)
[ -n "$CODE" ] && [[ "$LINK" == "$BASE/photos/$CODE?k=1&x="*"&s="* ]] || fail "no signed photo link for $CODE: '$LINK'"
grep -qxF "qr: $BASE/lookup/$CODE" "$DIR/receipt.txt" || fail "the lookup QR is not on the receipt"
echo "receipt $CODE shows the photo link $LINK"

# 3. A photo goes up before the report reaches the portal: it waits under the code.
convert -size 2400x1600 gradient:'#d9534f-#1b5e20' -quality 90 "$DIR/photo.jpg"
answer=$(curl -sS -H 'Accept: application/json' -F "photo=@$DIR/photo.jpg;type=image/jpeg" "$LINK")
[[ "$answer" == *'"ok":true'* && "$answer" == *'"have":1'* ]] || fail "the photo was not taken: $answer"
[ "$(sqlite3 -cmd ".timeout 5000" "$DIR/portal.db" "SELECT COUNT(*) FROM waiting_media WHERE code = '$CODE'")" = 1 ] ||
  fail "the photo does not wait under $CODE"
forged=${LINK%?}A; [ "$forged" != "$LINK" ] || forged=${LINK%?}B
status=$(curl -sS -o /dev/null -w '%{http_code}' -F "photo=@$DIR/photo.jpg;type=image/jpeg" "$forged")
[ "$status" = 403 ] || fail "a forged link answered $status"

# 4. The report arrives and the photo joins its case (not public until an officer approves).
kill -CONT "$WK_AGENT_PID"
joined() {
  [ "$(sqlite3 -cmd ".timeout 5000" "$DIR/portal.db" "SELECT COUNT(*) FROM media m JOIN requests r ON r.id = m.request_id
     WHERE r.lookup_code = '$CODE' AND m.from_phone = 1")" = 1 ]
}
wk_wait_for 20 "the report to reach the portal with its photo" joined
[ "$(sqlite3 -cmd ".timeout 5000" "$DIR/portal.db" "SELECT COUNT(*) FROM waiting_media")" = 0 ] || fail "the photo still waits"
id=$(sqlite3 -cmd ".timeout 5000" "$DIR/portal.db" "SELECT service_request_id FROM requests WHERE lookup_code = '$CODE'")
curl -sS "$(wk_portal_url "$DIR")/requests/$id.json" | grep -q '"media_url"' && fail "an unapproved photo is public"
echo "the photo waited for $CODE and joined $id"

# 5. The page in a real browser at a phone's width (412 x 915 CSS pixels), both languages.
shot() {  # shot NAME URL
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=412,915 \
    --screenshot="$OUT/$1.png" "$2" >>"$DIR/chromium.log" 2>&1 || { cat "$DIR/chromium.log"; fail "chromium: $1"; }
  [ "$(convert "$OUT/$1.png" -format '%[fx:standard_deviation > 0.02]' info:)" = 1 ] || fail "$1 is blank"
  chromium --headless --no-sandbox --disable-gpu --dump-dom "$2" 2>>"$DIR/chromium.log" > "$OUT/$1.html"
}
shot vi "$LINK"
shot en "$LINK&lang=en"
shot forged-vi "$forged"
grep -q 'Đã nhận <span id="have">1</span>/5 ảnh' "$OUT/vi.html" || fail "the page does not count the photo"
grep -q "${CODE:0:3}-${CODE:3:3}-${CODE:6:3}" "$OUT/vi.html" || fail "the page does not show the code"
grep -q '1</span> of 5 photos received' "$OUT/en.html" || fail "the English page does not count the photo"
grep -q 'type="file"' "$OUT/vi.html" || fail "the page offers no picker"
grep -q 'Liên kết không hợp lệ' "$OUT/forged-vi.html" || fail "the forged link's page does not say so"
grep -q 'type="file"' "$OUT/forged-vi.html" && fail "a forged link offers a picker"
echo "phone page rendered by $(chromium --version | head -c 40): $OUT"
