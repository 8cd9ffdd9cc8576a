#!/usr/bin/env bash
# Screenshots of every screen, in both languages, at the three screen sizes, from the
# real kiosk in a real window under Xvfb. Each picture must have content, the
# receipt's on-screen QR must read back (zbarimg) as the lookup URL of its code, and
# each screen's own words must be visible in its language. The pictures stay in
# BUILD/screenshots/ for people to look at. Walk 3 is staff mode (an officer with PIN
# 2468), the consent question of an assisted report, and rating an answered report;
# walk 4 drags the board's long list of fields and a long audit log part way; walk 6
# follows a similar open report instead of filing; a last walk is in the high-contrast
# look. WK_SHOT_SIZES="1280x800" runs one size.
set -euo pipefail
WK_BUILD=${1:?usage: screenshots.sh BUILD_DIR}
source "$(dirname "$0")/lib.sh"
OUT=$WK_BUILD/screenshots
DIR=$(mktemp -d /tmp/wardkiosk-shots.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
wk_write_config "$DIR" "$(wk_free_port)" 30
sed -i "s|^device = .*|device = \"file:$DIR/receipts.escpos\"|" "$DIR/wardkiosk.toml"
# The receipt's second QR (photos from the phone) is shown whatever the portal is.
sed -i "s|^from_phone = .*|from_phone = \"on\"|" "$DIR/wardkiosk.toml"
# Shut down is offered (its button is in the pictures) and never pressed here.
sed -i "s|^power_off_command = .*|power_off_command = \"true\"|" "$DIR/wardkiosk.toml"
rm -rf "$OUT"
# One officer. The PIN's argon2id hash is made with the system's libsodium, as the
# kiosk checks it (until the agent's command line can add an officer).
pin_hash=$(python3 - <<'PY'
import ctypes, ctypes.util
so = ctypes.CDLL(ctypes.util.find_library("sodium") or "libsodium.so.23")
so.sodium_init()
so.crypto_pwhash_opslimit_interactive.restype = ctypes.c_ulonglong
so.crypto_pwhash_memlimit_interactive.restype = ctypes.c_size_t
out = ctypes.create_string_buffer(so.crypto_pwhash_strbytes())
pin = b"2468"
assert so.crypto_pwhash_str(out, pin, ctypes.c_ulonglong(len(pin)), ctypes.c_ulonglong(so.crypto_pwhash_opslimit_interactive()),
                            ctypes.c_size_t(so.crypto_pwhash_memlimit_interactive())) == 0
print(out.value.decode())
PY
)
printf '[[staff]]\nid = "cb-01"\nname = "Trần Văn Cán"\npin_hash = "%s"\n' "$pin_hash" > "$DIR/staff.toml"

# Eighteen fields as the portal might publish them, each with public reports this year
# (fewer for each next field), and sixty older audit rows of another officer.
scroll_rows_sql() {
  cat <<'SQL'
INSERT INTO categories (code, name_vi, name_en, grp, sort, updated_at) VALUES
  ('an-ninh-trat-tu', 'An ninh trật tự', 'Public order and security', '', 1, 0),
  ('ha-tang-do-thi', 'Hạ tầng đô thị', 'Urban infrastructure', '', 2, 0),
  ('moi-truong', 'Môi trường', 'Environment', '', 3, 0),
  ('gop-y-hien-ke', 'Góp ý hiến kế', 'Suggestions and ideas', '', 4, 0),
  ('y-te', 'Y tế', 'Health', '', 5, 0),
  ('giao-duc', 'Giáo dục', 'Education', '', 6, 0),
  ('dien-chieu-sang', 'Điện và chiếu sáng', 'Electricity and street lights', '', 7, 0),
  ('cap-thoat-nuoc', 'Cấp thoát nước', 'Water supply and drainage', '', 8, 0),
  ('vi-pham-phap-luat', 'Vi phạm pháp luật', 'Violations of the law', '', 9, 0),
  ('giao-thong', 'Giao thông', 'Traffic', '', 10, 0),
  ('trat-tu-xay-dung', 'Trật tự xây dựng', 'Building order', '', 11, 0),
  ('dat-dai', 'Đất đai', 'Land', '', 12, 0),
  ('van-hoa-the-thao', 'Văn hoá và thể thao', 'Culture and sports', '', 13, 0),
  ('lao-dong-viec-lam', 'Lao động và việc làm', 'Labour and jobs', '', 14, 0),
  ('an-toan-thuc-pham', 'An toàn thực phẩm', 'Food safety', '', 15, 0),
  ('phong-chay', 'Phòng cháy chữa cháy', 'Fire safety', '', 16, 0),
  ('thue-phi', 'Thuế và phí', 'Taxes and fees', '', 17, 0),
  ('khac', 'Khác', 'Other', '', 18, 0);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
INSERT INTO public_reports (service_request_id, service_code, status, requested_at, ward)
  SELECT 'HN-SHOT-' || c.sort || '-' || n.i, c.code, CASE n.i % 3 WHEN 0 THEN 'fixed' ELSE 'in_progress' END,
         (strftime('%s', 'now') - 60) * 1000, 'Phường Điện Biên'
  FROM categories c JOIN n ON n.i <= 200 - c.sort * 9;
INSERT OR REPLACE INTO kv (key, value) VALUES ('agent.last_ok.public', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
INSERT INTO staff_audit (at, staff_id, action, report_code, detail)
  SELECT (strftime('%s', 'now') - 86400 - (61 - n.i) * 1800) * 1000, 'cb-07',
         CASE n.i % 3 WHEN 0 THEN 'sync_now' WHEN 1 THEN 'reprint' ELSE 'retry' END, '', '' FROM n;
SQL
}

shots() {  # shots SIZE LANG: one walk through every screen
  local size=$1 lang=$2 d="$OUT/$1-$2" w=${1%x*} h=${1#*x}
  mkdir -p "$d"
  local home report lookup next
  local field1
  if [ "$lang" = vi ]; then home="Gửi phản ánh"; lookup="Tra cứu phản ánh"; next="Bước 2/6"; report="Mã phiếu của bạn"
    field1="An ninh trật tự"
  else home="File a report"; lookup="Look up a report"; next="Step 2 of 6"; report="Your receipt code"
    field1="Public order and security"; fi
  cat > "$DIR/walk.txt" <<SCRIPT
expect $home
screenshot $d/01-home.png
tap home.report
screenshot $d/02-category.png
tap cat.ha-tang-do-thi
expect $next
screenshot $d/02b-questions.png
tap answer.muc-do.can-tro
tap wizard.next
type Ổ gà lớn trước cổng trường tiểu học, xe máy dễ ngã.
screenshot $d/03-description.png
tap wizard.next
type Số 14 phố Ngọc Hà
screenshot $d/04-place.png
tap wizard.next
tap contact.give
type Trần Thị Bình
tap field.phone
type 0987654321
screenshot $d/05-contact.png
tap wizard.next
screenshot $d/06-review.png
tap wizard.submit
expect $report
absent 0987654321
screenshot $d/07-receipt.png
dump $d/07-receipt.txt
tap receipt.done
tap home.lookup
screenshot $d/08-lookup-empty.png
SCRIPT
  xvfb-run -a -s "-screen 0 ${w}x${h}x24" "$WK_BUILD/bin/wardkiosk" --config "$DIR/wardkiosk.toml" \
    --lang "$lang" --size "$size" --script "$DIR/walk.txt" 2>/dev/null || fail "$size $lang: walk 1"
  local code
  code=$(wk_receipt_code "$d/07-receipt.txt")
  [ -n "$code" ] || fail "$size $lang: no code on the receipt"
  local qr
  qr=$(zbarimg -q --raw "$d/07-receipt.png" 2>/dev/null | grep /lookup/ | head -n 1 || true)
  [[ "$qr" == */lookup/$code ]] || fail "$size $lang: the receipt's QR reads '$qr', not the lookup of $code"
  # The photos QR reads back as the signed link the kiosk lists (dump's "qr:" lines).
  qr=$(zbarimg -q --raw "$d/07-receipt.png" 2>/dev/null | grep /photos/ | head -n 1 || true)
  [[ "$qr" == */photos/$code\?k=*\&x=*\&s=* ]] || fail "$size $lang: the photos QR reads '$qr'"
  grep -qxF "qr: $qr" "$d/07-receipt.txt" || fail "$size $lang: the photos QR is not the one the kiosk lists"
  # A photo of the case as the agent leaves it once an officer approved it on the portal.
  convert -size 320x213 gradient:'#9e9e9e-#616161' -fill '#3e2723' -draw 'ellipse 160,130 80,32 0,360' \
    -fill '#fdd835' -draw 'rectangle 0,196 320,204' "$DIR/thumb.jpg"
  wk_db "$DIR" "INSERT INTO report_photos (code, url, state, thumb, width, height)
    VALUES ('$code', 'http://127.0.0.1/media/a.jpg', 'ok', readfile('$DIR/thumb.jpg'), 320, 213)" >/dev/null
  cat > "$DIR/walk2.txt" <<SCRIPT
tap home.lookup
type $code
tap lookup.go
expect $lookup
expect [photo 320x213]
screenshot $d/09-lookup-result.png
type X
tap lookup.go
screenshot $d/10-lookup-wrong.png
tap nav.home
tap home.board
screenshot $d/11-board.png
tap nav.home
tap home.stats
screenshot $d/12-stats.png
tap nav.home
tap home.report
tap cat.khac
screenshot $d/13a-description-empty.png
wait 61
screenshot $d/13-idle-prompt.png
SCRIPT
  xvfb-run -a -s "-screen 0 ${w}x${h}x24" "$WK_BUILD/bin/wardkiosk" --config "$DIR/wardkiosk.toml" \
    --lang "$lang" --size "$size" --script "$DIR/walk2.txt" 2>/dev/null || fail "$size $lang: walk 2"
  # The high-contrast look: the home tiles, an empty field's hint, the idle prompt's edges.
  cat > "$DIR/walk_hc.txt" <<SCRIPT
tap home.contrast
screenshot $d/29-hc-home.png
tap home.report
tap cat.khac
screenshot $d/30-hc-description-empty.png
tap wizard.next
screenshot $d/30b-hc-few-words.png
wait 61
screenshot $d/31-hc-idle-prompt.png
SCRIPT
  xvfb-run -a -s "-screen 0 ${w}x${h}x24" "$WK_BUILD/bin/wardkiosk" --config "$DIR/wardkiosk.toml" \
    --lang "$lang" --size "$size" --script "$DIR/walk_hc.txt" 2>/dev/null || fail "$size $lang: high-contrast walk"
  # The report as the agent leaves it once the agency has answered (no portal runs here).
  wk_db "$DIR" "UPDATE reports SET sync_state = 'acknowledged', service_request_id = 'HN-2026-$code',
    status = 'fixed', status_notes = 'Đã vá ổ gà, cảm ơn người dân.', agency = 'Ban Quản lý dự án hạ tầng'
    WHERE code = '$code';
    INSERT INTO report_events (report_id, at, kind, status, notes) SELECT id, created_at + 60000, 'status', 'fixed',
    'Đã vá ổ gà, cảm ơn người dân.' FROM reports WHERE code = '$code';" >/dev/null
  # For the operations screen: a second report the portal refused (it needs an officer)
  # whose receipt did not print (the paper ran out).
  wk_db "$DIR" "INSERT OR IGNORE INTO reports (code, service_code, description, ward, channel, created_at, sync_state,
    last_error, status_notes)
    SELECT 'K7Q4M2X9P', service_code, description, ward, 'self', created_at + 1000, 'attention',
    'HTTP 400', 'The portal refused the report: service_code is not a known category.' FROM reports WHERE code = '$code';
    INSERT OR REPLACE INTO receipt_prints (code, at, ok, problem)
    SELECT 'K7Q4M2X9P', created_at + 2000, 0, 'paper_out' FROM reports WHERE code = 'K7Q4M2X9P';" >/dev/null
  local staff telex=""
  if [ "$lang" = vi ]; then staff="Chế độ cán bộ"; else staff="Staff mode"; telex="tap osk.mode"; fi
  cat > "$DIR/walk3.txt" <<SCRIPT
hold home.ward 3
tap pin.1
tap pin.1
tap pin.1
tap pin.1
tap pin.ok
screenshot $d/14-staff-pin-wrong.png
tap pin.2
tap pin.4
tap pin.6
tap pin.8
tap pin.ok
expect $staff
screenshot $d/15-staff-operations.png
tap staff.power
screenshot $d/15b-staff-power.png
tap staff.power.cancel
tap staff.withdraw
type $code
tap field.reason
$telex
keys Nguwowif dana ddax tuwj xuwr lys
screenshot $d/16-staff-withdraw.png
tap nav.home
tap staff.reprint
type $code
tap staff.reprint.print
screenshot $d/17-staff-reprint.png
tap nav.home
tap staff.sync
tap staff.log
screenshot $d/18-staff-log.png
tap nav.home
tap staff.assisted
tap cat.khac
type Cây đổ chắn ngang đường
tap wizard.next
tap wizard.next
screenshot $d/19-assisted-consent.png
tap nav.home
screenshot $d/19b-leave-report.png
tap leave.discard
tap staff.leave
tap home.lookup
type $code
tap lookup.go
screenshot $d/20-lookup-rate.png
tap rate.yes
$telex
keys Suwar nhanh, caamr own
screenshot $d/21-lookup-rate-comment.png
tap rate.send
screenshot $d/22-lookup-rated.png
SCRIPT
  xvfb-run -a -s "-screen 0 ${w}x${h}x24" "$WK_BUILD/bin/wardkiosk" --config "$DIR/wardkiosk.toml" \
    --lang "$lang" --size "$size" --script "$DIR/walk3.txt" 2>/dev/null || fail "$size $lang: walk 3 (staff)"
  # Walk 4, drag to scroll: the board with the portal's eighteen fields (more than fit),
  # dragged part way, and a long audit log dragged down. The rows are taken out again
  # afterwards, so the next size's walks see the ten default fields.
  wk_db "$DIR" "$(scroll_rows_sql)" >/dev/null
  # The agent has learnt that this PC's clock is 90 minutes slow: the operations screen says so.
  wk_db "$DIR" "INSERT OR REPLACE INTO kv (key, value) VALUES ('agent.clock_offset_ms', '5400000');" >/dev/null
  local clock_wrong
  if [ "$lang" = vi ]; then clock_wrong="Đồng hồ của máy bị sai"; else clock_wrong="This PC's clock is wrong"; fi
  cat > "$DIR/walk4.txt" <<SCRIPT
tap home.board
expect $field1
drag board.rows -200
screenshot $d/23-board-scrolled.png
tap nav.home
hold home.ward 3
tap pin.2
tap pin.4
tap pin.6
tap pin.8
tap pin.ok
expect $clock_wrong
screenshot $d/24a-staff-clock-wrong.png
tap staff.log
drag staff.log.rows -600
screenshot $d/24-staff-log-scrolled.png
SCRIPT
  xvfb-run -a -s "-screen 0 ${w}x${h}x24" "$WK_BUILD/bin/wardkiosk" --config "$DIR/wardkiosk.toml" \
    --lang "$lang" --size "$size" --script "$DIR/walk4.txt" 2>/dev/null || fail "$size $lang: walk 4 (scrolling)"
  # Walk 5: a code issued at kiosk 2, typed here with no agent running: "looking it up
  # on the portal", then, the wait over, which kiosk issued it and what to do instead.
  local asking guide
  if [ "$lang" = vi ]; then asking="Đang tra cứu trên cổng thông tin"; guide="Quét mã QR trên phiếu"
  else asking="Looking it up on the portal"; guide="Scan the QR code on your receipt"; fi
  cat > "$DIR/walk5.txt" <<SCRIPT
tap home.lookup
type 002-ZCS-TMT
tap lookup.go
expect $asking
screenshot $d/25-lookup-elsewhere-asking.png
wait 9
expect $guide
absent $asking
screenshot $d/26-lookup-elsewhere-guidance.png
SCRIPT
  xvfb-run -a -s "-screen 0 ${w}x${h}x24" "$WK_BUILD/bin/wardkiosk" --config "$DIR/wardkiosk.toml" \
    --lang "$lang" --size "$size" --script "$DIR/walk5.txt" 2>/dev/null || fail "$size $lang: walk 5 (lookup elsewhere)"
  wk_db "$DIR" "DELETE FROM categories; DELETE FROM public_reports WHERE service_request_id LIKE 'HN-SHOT-%';
    DELETE FROM kv WHERE key IN ('agent.last_ok.public', 'agent.clock_offset_ms'); DELETE FROM staff_audit WHERE staff_id = 'cb-07';" >/dev/null
  # Walk 6, "is it one of these?": three open reports of the same field and ward (one
  # filed at another kiosk, with its code), listed after the category; the citizen
  # follows the newest, which the lookup shows as another citizen's, with its slip.
  wk_db "$DIR" "INSERT INTO public_reports (service_request_id, service_code, status, requested_at, updated_at,
      ward, receipt, description, address) VALUES
    ('HN-SIM-1', 'moi-truong', 'open', (strftime('%s', 'now') - 3 * 86400) * 1000, 0, 'Phường Điện Biên', '',
     'Rác thải sinh hoạt đổ thành đống ở đầu ngõ, bốc mùi nhiều ngày.', 'Ngõ 12 phố Lê Trực'),
    ('HN-SIM-2', 'moi-truong', 'in_progress', (strftime('%s', 'now') - 86400) * 1000, 0, 'Phường Điện Biên',
     '002ZCSTMT', 'Cống thoát nước bị tắc, nước đọng sau mưa gây muỗi và mùi hôi cho cả khu tập thể.',
     'Khu tập thể Điện Biên, nhà C2'),
    ('HN-SIM-3', 'moi-truong', 'open', (strftime('%s', 'now') - 7 * 86400) * 1000, 0, 'Phường Điện Biên', '', '', '');" >/dev/null
  local similar followed
  if [ "$lang" = vi ]; then similar="Có phải một trong các phản ánh này?"; followed="Do người dân khác gửi"
  else similar="Is it one of these?"; followed="Filed by another citizen"; fi
  cat > "$DIR/walk6.txt" <<SCRIPT
tap home.report
tap cat.moi-truong
expect $similar
screenshot $d/27-similar-list.png
dump $d/27-similar-list.txt
expect Khu tập thể Điện Biên, nhà C2
tap similar.follow.0
expect $followed
expect 002-ZCS-TMT
screenshot $d/28-similar-followed.png
SCRIPT
  xvfb-run -a -s "-screen 0 ${w}x${h}x24" "$WK_BUILD/bin/wardkiosk" --config "$DIR/wardkiosk.toml" \
    --lang "$lang" --size "$size" --script "$DIR/walk6.txt" 2>"$DIR/walk6.err" ||
    fail "$size $lang: walk 6 (similar reports): $(tail -n 3 "$DIR/walk6.err")"
  wk_db "$DIR" "DELETE FROM public_reports WHERE service_request_id LIKE 'HN-SIM-%';" >/dev/null
  for png in "$d"/*.png; do
    local sd
    sd=$(convert "$png" -format '%[fx:standard_deviation]' info:)
    awk -v s="$sd" 'BEGIN { exit !(s > 0.02) }' || fail "$png is blank (deviation $sd)"
  done
}

for size in ${WK_SHOT_SIZES:-1920x1080 1080x1920 1280x800}; do
  for lang in vi en; do shots "$size" "$lang"; done
done
echo "screenshots in $OUT: $(find "$OUT" -name '*.png' | wc -l) pictures"
