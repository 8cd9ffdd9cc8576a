#!/usr/bin/env bash
# Screenshots of every screen, in both languages, at the three screen sizes, from the
# real kiosk in a real window under Xvfb. Each picture must have content, the
# receipt's on-screen QR must read back (zbarimg) as the lookup URL of its code, and
# each screen's own words must be visible in its language. The pictures stay in
# BUILD/screenshots/ for people to look at.
set -euo pipefail
WK_BUILD=${1:?usage: screenshots.sh BUILD_DIR}
source "$(dirname "$0")/lib.sh"
OUT=$WK_BUILD/screenshots
DIR=$(mktemp -d /tmp/wardkiosk-shots.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
wk_write_config "$DIR" "$(wk_free_port)" 30
sed -i "s|^device = .*|device = \"file:$DIR/receipts.escpos\"|" "$DIR/wardkiosk.toml"
rm -rf "$OUT"

shots() {  # shots SIZE LANG: one walk through every screen
  local size=$1 lang=$2 d="$OUT/$1-$2" w=${1%x*} h=${1#*x}
  mkdir -p "$d"
  local home report lookup next
  if [ "$lang" = vi ]; then home="Gửi phản ánh"; lookup="Tra cứu phản ánh"; next="Bước 2/6"; report="Mã phiếu của bạn"
  else home="File a report"; lookup="Look up a report"; next="Step 2 of 6"; report="Your receipt code"; fi
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
  qr=$(zbarimg -q --raw "$d/07-receipt.png" 2>/dev/null | head -n 1)
  [[ "$qr" == */lookup/$code ]] || fail "$size $lang: the receipt's QR reads '$qr', not the lookup of $code"
  cat > "$DIR/walk2.txt" <<SCRIPT
tap home.lookup
type $code
tap lookup.go
expect $lookup
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
wait 61
screenshot $d/13-idle-prompt.png
SCRIPT
  xvfb-run -a -s "-screen 0 ${w}x${h}x24" "$WK_BUILD/bin/wardkiosk" --config "$DIR/wardkiosk.toml" \
    --lang "$lang" --size "$size" --script "$DIR/walk2.txt" 2>/dev/null || fail "$size $lang: walk 2"
  for png in "$d"/*.png; do
    local sd
    sd=$(convert "$png" -format '%[fx:standard_deviation]' info:)
    awk -v s="$sd" 'BEGIN { exit !(s > 0.02) }' || fail "$png is blank (deviation $sd)"
  done
}

for size in 1920x1080 1080x1920 1280x800; do
  for lang in vi en; do shots "$size" "$lang"; done
done
echo "screenshots in $OUT: $(find "$OUT" -name '*.png' | wc -l) pictures"
