#!/usr/bin/env bash
# The blow-up classes of issue 17 at two sizes (bench/README.md, "Hostile
# input"): each class at N and 2N, median of RUNS runs of hostile_bench, and
# the ratio of the times (linear growth: about 2; quadratic: about 4) and of
# the peak RSS.
#
# Usage: bench/hostile.sh [-n RUNS] [-b BUILD_DIR]   (BUILD_DIR has bench/hostile_bench)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS=5
BUILD="$ROOT/build"
while [ $# -gt 0 ]; do
  case "$1" in
    -n) RUNS="$2"; shift 2 ;;
    -b) BUILD="$2"; shift 2 ;;
    *) echo "usage: bench/hostile.sh [-n RUNS] [-b BUILD_DIR]" >&2; exit 2 ;;
  esac
done
BENCH="$BUILD/bench/hostile_bench"
[ -x "$BENCH" ] || cmake --build "$BUILD" --target hostile_bench

# median of RUNS runs: "MS RSS_KB"
mid() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
median() {
  local out
  out="$(for _ in $(seq "$RUNS"); do "$BENCH" "$1" "$2" 2>/dev/null; done)"
  echo "$(awk '{ print $3 }' <<<"$out" | mid) $(awk '{ print $4 }' <<<"$out" | mid)"
}

printf '%-9s %9s %10s %10s %9s %11s %11s %9s\n' class N "ms(N)" "ms(2N)" ratio "RSS(N) KB" "RSS(2N) KB" ratio
for spec in "glob 20000" "suppress 20000" "folders 16000" "rule-id 1048576"; do
  set -- $spec
  read -r t1 r1 < <(median "$1" "$2")
  read -r t2 r2 < <(median "$1" $(( $2 * 2 )))
  awk -v c="$1" -v n="$2" -v t1="$t1" -v t2="$t2" -v r1="$r1" -v r2="$r2" 'BEGIN {
    printf "%-9s %9d %10.2f %10.2f %9.2f %11d %11d %9.2f\n", c, n, t1, t2, (t1 > 0 ? t2 / t1 : 0),
           r1, r2, r2 / r1 }'
done
