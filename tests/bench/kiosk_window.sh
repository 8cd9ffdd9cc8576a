#!/usr/bin/env bash
# The kiosk in a real window under Xvfb (Mesa llvmpipe, no GPU): start to first frame
# beside the bare-window floor measured in the same run (medians of 15 pairs), the CPU
# the interactive kiosk uses over 10 s of idling, and its peak memory headless. Run by
# `bash packaging/run.sh bench`.
set -euo pipefail
BUILD=${1:?usage: kiosk_window.sh BUILD_DIR}
DIR=$(mktemp -d /tmp/wardkiosk-bench.XXXXXX)
trap 'kill $XVFB 2>/dev/null || true; rm -rf "$DIR"' EXIT
Xvfb :77 -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
export DISPLAY=:77
sleep 1
sed -e "s|^path = .*|path = \"$DIR/k.db\"|" -e "s|^key_file = .*|key_file = \"$DIR/k.key\"|" \
    -e "s|^device = .*|device = \"none\"|" "$BUILD/assets/wardkiosk.toml" > "$DIR/k.toml"
: > "$DIR/empty.txt"  # a script with no steps: first frames, then exit

sync  # the benchmarks before this one leave gigabytes to write back: not during the timings
# Start to first frame: the kiosk and the bare window launched in turns, each timed to
# the READY=1 it sends once its first frame is shown (tests/bench/bench_start.cpp).
(cd "$BUILD" && "$BUILD/bin/wardkiosk-bench" --benchmark_filter=BM_FirstFrameWindowed --benchmark_counters_tabular=true)

"$BUILD/bin/wardkiosk" --config "$DIR/k.toml" >/dev/null 2>&1 &
PID=$!
sleep 3
ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
t0=$(ticks); sleep 10; t1=$(ticks)
kill "$PID"; wait "$PID" 2>/dev/null || true
hz=$(getconf CLK_TCK)
echo "idle CPU over 10 s: $(awk -v d=$((t1 - t0)) -v hz="$hz" 'BEGIN { printf "%.2f", 100 * d / hz / 10 }') % of one core (target under 1 %)"
peak=$( { /usr/bin/time -f '%M' "$BUILD/bin/wardkiosk" --config "$DIR/k.toml" --script "$DIR/empty.txt" --headless >/dev/null; } 2>&1 | tail -n 1)
echo "peak memory, headless kiosk: $((peak / 1024)) MB (target under 80 MB)"
