#!/usr/bin/env bash
# The benchmark (bench/README.md): lambda-esm-lint check against lambda-sim
# and against the floor (unzip -t of both zips + a bare tree-sitter parse),
# on the workload of make_workload.sh. Prints medians of N runs and ratios.
#
# Usage: bench/run.sh [-n RUNS] [-b BUILD_DIR] [-w WORK_DIR] [--no-sim]
#   BUILD_DIR: a Release build with lambda-esm-lint and ts_parse (built here
#   if missing: cmake -DCMAKE_BUILD_TYPE=Release). lambda-sim needs root.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS=5
BUILD="$ROOT/build-bench"
WORK="$ROOT/bench/work"
SIM=1
while [ $# -gt 0 ]; do
  case "$1" in
    -n) RUNS="$2"; shift 2 ;;
    -b) BUILD="$2"; shift 2 ;;
    -w) WORK="$2"; shift 2 ;;
    --no-sim) SIM=0; shift ;;
    *) echo "usage: bench/run.sh [-n RUNS] [-b BUILD_DIR] [-w WORK_DIR] [--no-sim]" >&2; exit 2 ;;
  esac
done

if [ ! -x "$BUILD/src/cli/lambda-esm-lint" ] || [ ! -x "$BUILD/bench/ts_parse" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" --target lambda-esm-lint ts_parse
fi
[ -f "$WORK/function.zip" ] && [ -f "$WORK/layer.zip" ] || "$ROOT/bench/make_workload.sh" "$WORK"
LINT="$BUILD/src/cli/lambda-esm-lint"
TSP="$BUILD/bench/ts_parse"
SIMBIN="$ROOT/../shared/lambda-sim/lambda-sim"
FN="$WORK/function.zip"
LAYER="$WORK/layer.zip"
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT

# The layer's ES module files, for the deep reference: .mjs files and .js
# files in the ES module builds (dist-es) of the SDK.
(cd "$WORK/layer" && find "$PWD" -type f \( -name '*.mjs' -o -path '*/dist-es/*.js' \) | LC_ALL=C sort) \
  > "$TMP/layer-esm.txt"

# measure NAME CMD...: runs CMD $RUNS times (after one warm-up), records the
# median wall time (ms), median CPU time (user + system, ms, of the process
# and its children) and median peak RSS (MB) in $TMP/NAME. CPU time is the
# figure to compare on a busy machine; wall time includes waiting.
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() {
  local name="$1"; shift
  "$@" >/dev/null 2>&1 || true
  : > "$TMP/$name.runs"
  for _ in $(seq "$RUNS"); do
    local t0 t1
    t0=$(date +%s%N)
    /usr/bin/time -f '%M %U %S' -o "$TMP/rss" "$@" >/dev/null 2>"$TMP/$name.err" || true
    t1=$(date +%s%N)
    read -r rss user sys < <(tail -n1 "$TMP/rss")
    echo "$(( (t1 - t0) / 1000000 )) $rss $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }')" \
      >> "$TMP/$name.runs"
  done
  local ms rss cpu
  ms=$(cut -d' ' -f1 "$TMP/$name.runs" | median)
  rss=$(cut -d' ' -f2 "$TMP/$name.runs" | median | awk '{printf "%.1f", $1 / 1024}')
  cpu=$(cut -d' ' -f3 "$TMP/$name.runs" | median)
  echo "$ms $rss $cpu" > "$TMP/$name"
  printf '  %-20s wall %6s ms  cpu %6s ms  %6s MB   (wall: %s)\n' "$name" "$ms" "$cpu" "$rss" \
    "$(cut -d' ' -f1 "$TMP/$name.runs" | tr '\n' ' ')"
}
ms() { cut -d' ' -f1 "$TMP/$1"; }
mb() { cut -d' ' -f2 "$TMP/$1"; }
cpu() { cut -d' ' -f3 "$TMP/$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "workload: $(stat -c %s "$FN") + $(stat -c %s "$LAYER") bytes zipped; layer $(unzip -Z1 "$LAYER" | grep -vc '/$') files, $(wc -l < "$TMP/layer-esm.txt") ES module files; median of $RUNS runs"
largest=$( (unzip -Zl "$FN"; unzip -Zl "$LAYER") | awk '$1 ~ /^-/ {print $4}' | sort -n | tail -1)
echo

echo "(a) lambda-esm-lint check"
measure check-stock   "$LINT" check "$FN" --layer "$LAYER" --runtime nodejs22.x
measure check-managed "$LINT" check "$FN" --layer "$LAYER" --runtime nodejs22.x --resolution managed
echo "(b) lambda-sim"
if [ "$SIM" = 1 ] && [ "$(id -u)" = 0 ]; then
  measure sim-managed "$SIMBIN" --function "$FN" --layer "$LAYER" --runtime nodejs22.x \
    --handler index.handler --flavor managed
  measure sim-stock "$SIMBIN" --function "$FN" --layer "$LAYER" --runtime nodejs22.x \
    --handler index.handler --flavor stock
else
  echo "  skipped (--no-sim, or not root)"
fi
echo "(c) the floor"
measure unzip-t-function unzip -tqq "$FN"
measure unzip-t-layer    unzip -tqq "$LAYER"
measure parse-function   "$TSP" "$WORK/function"
measure parse-function-2 "$TSP" --jobs 2 "$WORK/function"
echo "deep reference: bare parse of the layer's ES module files"
measure parse-layer-esm   "$TSP" --list "$TMP/layer-esm.txt"
measure parse-layer-esm-2 "$TSP" --jobs 2 --list "$TMP/layer-esm.txt"
# The deep run: every file of the layer Node loads as an ES module (its
# package.json says "type": "module", or .mjs), scanned by `imports
# --include-node-modules`, against the bare parse of exactly those files.
"$LINT" imports "$LAYER" --include-node-modules --format json |
  python3 -c 'import json, sys; [print(sys.argv[1] + "/" + f["path"]) for f in json.load(sys.stdin)["files"]]' "$WORK/layer" \
  > "$TMP/layer-node-esm.txt"
echo "deep run: the layer's $(wc -l < "$TMP/layer-node-esm.txt") files that Node loads as ES modules"
measure deep-imports     "$LINT" imports "$LAYER" --include-node-modules --format json
measure parse-deep-files "$TSP" --list "$TMP/layer-node-esm.txt"
help=$("$LINT" --help)  # not piped into grep -q: with pipefail an early exit of grep fails the test
if grep -q '^  audit' <<<"$help"; then
  # 50 functions (the same zip, hard-linked) sharing the one layer, laid out
  # as `audit` reads a folder (docs/audit.md).
  A="$TMP/audit50"
  mkdir -p "$A/functions" "$A/layers"
  ln "$LAYER" "$A/layers/us-east-1.123456789012.bench-layer.1.zip" 2>/dev/null ||
    cp "$LAYER" "$A/layers/us-east-1.123456789012.bench-layer.1.zip"
  for i in $(seq -w 1 50); do
    ln "$FN" "$A/functions/fn$i.zip" 2>/dev/null || cp "$FN" "$A/functions/fn$i.zip"
    printf '{"Configuration": {"FunctionName": "fn%s", "Runtime": "nodejs22.x", "Handler": "index.handler", "Architectures": ["x86_64"], "PackageType": "Zip", "Layers": [{"Arn": "arn:aws:lambda:us-east-1:123456789012:layer:bench-layer:1"}]}}\n' \
      "$i" > "$A/functions/fn$i.json"
  done
  # measure ignores the exit status: make sure the layout is right (50
  # checked, none failed) so that a broken run is not timed as a fast one.
  "$LINT" audit "$A" --format json -o "$TMP/audit50.json" || true
  python3 -c 'import json, sys; t = json.load(open(sys.argv[1]))["totals"]; sys.exit(t["checked"] != 50 or t["failed"] != 0)' \
    "$TMP/audit50.json" || { echo "audit of 50: the audit did not check the 50 functions" >&2; exit 1; }
  echo "audit of 50 functions sharing the layer ($(python3 -c 'import json, sys; t = json.load(open(sys.argv[1]))["totals"]; print(t.get("file_scans", "?"), "file scans,", t.get("file_scans_shared", "?"), "from the scan cache")' "$TMP/audit50.json"))"
  measure audit-50 "$LINT" audit "$A" --quiet
else
  echo "  audit of 50 functions sharing the layer: not measured, the linter has no audit command"
fi
echo

floor=$(( $(ms unzip-t-function) + $(ms unzip-t-layer) + $(ms parse-function) ))
floor_cpu=$(( $(cpu unzip-t-function) + $(cpu unzip-t-layer) + $(cpu parse-function) ))
floor2=$(( $(ms unzip-t-function) + $(ms unzip-t-layer) + $(ms parse-function-2) ))
echo "ratios, wall time (cpu time) [target]"
if [ -f "$TMP/sim-managed" ]; then
  echo "  lambda-sim / check, managed: $(ratio "$(ms sim-managed)" "$(ms check-managed)")x faster ($(ratio "$(cpu sim-managed)" "$(cpu check-managed)")x)  [>= 5]"
  echo "  lambda-sim / check, stock:   $(ratio "$(ms sim-stock)" "$(ms check-stock)")x faster ($(ratio "$(cpu sim-stock)" "$(cpu check-stock)")x)  [>= 5]"
fi
echo "  check stock / floor:         $(ratio "$(ms check-stock)" "$floor") ($(ratio "$(cpu check-stock)" "$floor_cpu"))  [<= 1.5]   floor: $floor ms wall, $floor_cpu ms cpu"
echo "  check managed / floor:       $(ratio "$(ms check-managed)" "$floor") ($(ratio "$(cpu check-managed)" "$floor_cpu"))  [<= 1.5]"
echo "  check stock / floor with a 2-thread parse ($floor2 ms): $(ratio "$(ms check-stock)" "$floor2")"
echo "  deep run / bare parse of the same files: $(ratio "$(ms deep-imports)" "$(ms parse-deep-files)") ($(ratio "$(cpu deep-imports)" "$(cpu parse-deep-files)"))  [<= 1.5]"
echo "  bare parse: layer ES modules / function JS: $(ratio "$(cpu parse-layer-esm)" "$(cpu parse-function)") (cpu)"
if [ -f "$TMP/audit-50" ]; then
  # audit resolves as the managed runtime does (its default), so one check managed is the unit.
  echo "  audit of 50 / one check managed: $(ratio "$(ms audit-50)" "$(ms check-managed)") ($(ratio "$(cpu audit-50)" "$(cpu check-managed)"))  [<= 3]"
fi
limit=$(awk -v l="$largest" 'BEGIN { printf "%.1f", 64 + 2 * l / 1048576 }')
echo "  peak RSS of check: stock $(mb check-stock) MB, managed $(mb check-managed) MB  [< $limit MB = 64 + 2 x the largest file, $largest bytes]"
