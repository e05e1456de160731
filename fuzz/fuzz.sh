#!/usr/bin/env bash
# Fuzzes one target for N minutes, then merges what it found into the
# committed corpus (fuzz/corpus/TARGET, only inputs that add coverage).
#
#   fuzz/fuzz.sh TARGET MINUTES [BUILD_DIR]
#
# TARGET: a fuzz/TARGET_fuzzer.cc (zip_archive, module_scan, glob, ...). BUILD_DIR
# (default build-fuzz) is configured here with clang and LEL_FUZZ=ON when
# missing. libFuzzer runs in fork mode and keeps going after a crash, a
# timeout or an out-of-memory: each is saved as BUILD_DIR/artifacts/TARGET-*.
# Reproduce one with: BUILD_DIR/fuzz/TARGET_fuzzer ARTIFACT
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TARGET="${1:?usage: fuzz/fuzz.sh TARGET MINUTES [BUILD_DIR]}"
MINUTES="${2:?usage: fuzz/fuzz.sh TARGET MINUTES [BUILD_DIR]}"
BUILD="${3:-$ROOT/build-fuzz}"
case "$TARGET" in
  resolver) MAX_LEN=8192 ;;
  glob) MAX_LEN=4096 ;;
  *) MAX_LEN=16384 ;;
esac
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -G Ninja -DLEL_FUZZ=ON
fi
cmake --build "$BUILD" --target "${TARGET}_fuzzer"
WORK="$BUILD/work/$TARGET"
mkdir -p "$WORK" "$BUILD/artifacts"
cp -n "$ROOT/fuzz/corpus/$TARGET"/* "$WORK"/
start=$(date +%s)
ASAN_OPTIONS=detect_leaks=1 "$BUILD/fuzz/${TARGET}_fuzzer" "$WORK" \
  -dict="$ROOT/fuzz/$TARGET.dict" -max_total_time=$((MINUTES * 60)) -max_len=$MAX_LEN \
  -timeout=10 -rss_limit_mb=2560 -print_final_stats=1 \
  -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
  -artifact_prefix="$BUILD/artifacts/$TARGET-" 2>&1 | tee "$BUILD/$TARGET.log" | grep -E '^#|crash|timeout|oom' || true
echo "fuzzed $TARGET for $(( $(date +%s) - start )) s; last status:"
grep -E '^#[0-9]+' "$BUILD/$TARGET.log" | tail -n 1
"$BUILD/fuzz/${TARGET}_fuzzer" -merge=1 -timeout=10 -rss_limit_mb=2560 \
  "$ROOT/fuzz/corpus/$TARGET" "$WORK" 2>&1 | grep 'MERGE-OUTER: .* new files' || true
ls "$BUILD/artifacts" | grep "^$TARGET-" || echo "no crash, timeout or oom artifacts"
