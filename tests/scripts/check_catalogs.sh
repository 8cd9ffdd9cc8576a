#!/usr/bin/env bash
# Every string the kiosk can show (marked _() or N_() in the sources) has a
# Vietnamese and an English entry, and no Vietnamese entry is left empty, so nothing
# appears in English in Vietnamese mode.
set -euo pipefail
SRC=${1:?usage: check_catalogs.sh SOURCE_DIR}
POT=$(mktemp)
trap 'rm -f "$POT"' EXIT
cd "$SRC"
xgettext --from-code=UTF-8 -k_ -kN_ -c++ -o "$POT" kiosk/src/*.cpp kiosk/src/screens/*.cpp sync/src/report.cpp
sed -i 's/charset=CHARSET/charset=UTF-8/' "$POT"
ids() { msgcat --no-wrap "$1" | sed -n 's/^msgid "\(.\+\)"$/\1/p' | sort -u; }
status=0
count=$(ids "$POT" | wc -l)
[ "$count" -ge 50 ] || { echo "only $count strings found in the sources: the extraction is broken"; exit 1; }
for lang in vi en; do
  missing=$(comm -23 <(ids "$POT") <(ids "assets/po/$lang.po"))
  if [ -n "$missing" ]; then
    echo "assets/po/$lang.po lacks:"; echo "$missing"; status=1
  fi
done
empty=$(msgattrib --untranslated --no-obsolete assets/po/vi.po | sed -n 's/^msgid "\(.\+\)"$/\1/p')
if [ -n "$empty" ]; then echo "assets/po/vi.po leaves untranslated:"; echo "$empty"; status=1; fi
[ $status -eq 0 ] && echo "$count strings, all translated"
exit $status
