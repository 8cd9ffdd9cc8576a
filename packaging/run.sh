#!/usr/bin/env bash
# The README's commands: `demo`, `test`, `bench` and `package`. Each installs what is missing,
# builds into build/, then runs. Run from anywhere; paths are relative to the repo.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${WK_BUILD_DIR:-$ROOT/build}
JOBS=${WK_JOBS:-$(nproc)}

build() {
  bash packaging/install-deps.sh
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$BUILD" -j"$JOBS"
}

case "${1:-}" in
  demo)
    build -DWK_BUILD_TESTS=OFF -DWK_BUILD_BENCH=OFF
    exec bash packaging/demo.sh "$BUILD"
    ;;
  test)
    build -DWK_BUILD_TESTS=ON -DWK_BUILD_BENCH=OFF
    cd "$BUILD"
    exec ctest --output-on-failure -j"$JOBS" --timeout 600
    ;;
  bench)
    build -DWK_BUILD_TESTS=ON -DWK_BUILD_BENCH=ON
    (cd "$BUILD" && "$BUILD/bin/wardkiosk-bench" --benchmark_counters_tabular=true "${@:2}")
    exec bash tests/bench/kiosk_window.sh "$BUILD"
    ;;
  package)
    # The Debian packages wardkiosk and wardkiosk-portal, into build/packages.
    build -DWK_BUILD_TESTS=OFF -DWK_BUILD_BENCH=OFF
    rm -rf "$BUILD/packages"
    (cd "$BUILD" && cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$BUILD/packages" >/dev/null)
    ls -1 "$BUILD"/packages/*.deb
    ;;
  *)
    echo "usage: bash packaging/run.sh demo|test|bench|package" >&2
    exit 2
    ;;
esac
