#!/usr/bin/env bash
# Fills an audit folder for `lambda-esm-lint audit DIR` with every function of
# an account and region (docs/audit.md):
#
#   DIR/functions/<name>.json   `aws lambda get-function` (Code.Location removed)
#   DIR/functions/<name>.zip    the code of each Node.js zip function
#   DIR/layers/<region>.<account>.<layer>.<version>.zip   each layer version used
#
# usage: scripts/fetch-functions.sh DIR [--region REGION] [--profile PROFILE] [--all-code]
#
# Needs the AWS CLI (v2 or v1, credentials allowing lambda:ListFunctions,
# lambda:GetFunction and lambda:GetLayerVersion), curl and python3. Code is
# downloaded only for Node.js functions packaged as zips unless --all-code.
# Existing layer zips are kept (a layer version never changes). A function
# whose configuration or code cannot be fetched is reported and skipped;
# the exit status is then 1. $AWS names the aws command (tests use a
# stand-in, see tests/fetch_functions_test.py).
set -euo pipefail

usage() {
  sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

dir=""
aws_args=()
all_code=0
while [ $# -gt 0 ]; do
  case "$1" in
    --region) [ $# -ge 2 ] || usage; aws_args+=(--region "$2"); shift 2 ;;
    --profile) [ $# -ge 2 ] || usage; aws_args+=(--profile "$2"); shift 2 ;;
    --all-code) all_code=1; shift ;;
    -h|--help) usage ;;
    -*) echo "fetch-functions.sh: unknown option $1" >&2; usage ;;
    *) [ -z "$dir" ] || usage; dir="$1"; shift ;;
  esac
done
[ -n "$dir" ] || usage
AWS="${AWS:-aws}"
for tool in "$AWS" curl python3; do
  command -v "$tool" >/dev/null || { echo "fetch-functions.sh: $tool not found" >&2; exit 2; }
done
mkdir -p "$dir/functions" "$dir/layers"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Reads a JSON document on stdin and prints what the Python expression
# `$1` (over `doc`) yields: one line per item of a list, a string as is.
json() {
  python3 -c '
import json, sys
doc = json.load(sys.stdin)
value = eval(sys.argv[1], {"doc": doc})
for item in (value if isinstance(value, list) else [value]):
    if item is not None:
        print(item)
' "$1"
}

# The layer file name (lambda-esm-lint LayerFileName): region, account, name
# and version of arn:PARTITION:lambda:REGION:ACCOUNT:layer:NAME:VERSION.
layer_file() {
  python3 -c '
import re, sys
parts = sys.argv[1].split(":")
ok = (len(parts) == 8 and parts[0] == "arn" and parts[2] == "lambda" and parts[5] == "layer"
      and re.fullmatch(r"[a-z0-9-]+", parts[3]) and re.fullmatch(r"[0-9]+", parts[4])
      and re.fullmatch(r"[A-Za-z0-9_-]+", parts[6]) and re.fullmatch(r"[0-9]+", parts[7]))
if not ok:
    sys.exit("not a layer version ARN: " + sys.argv[1])
print(".".join([parts[3], parts[4], parts[6], parts[7]]) + ".zip")
' "$1"
}

# Downloads URL (a presigned S3 URL; file:// in the tests) to FILE, through
# a temporary name so a failed download leaves nothing behind.
download() {
  curl --fail --silent --show-error --location --retry 2 -o "$2.part" "$1" && mv "$2.part" "$2"
}

failures=0
# list-functions: the CLI follows NextMarker itself and merges the pages.
"$AWS" lambda list-functions "${aws_args[@]}" --output json > "$tmp/list.json"
mapfile -t names < <(json '[f["FunctionName"] for f in doc.get("Functions", [])]' < "$tmp/list.json")
echo "fetch-functions.sh: ${#names[@]} functions" >&2

declare -A layers=()
fetched=0
for name in "${names[@]}"; do
  if [[ ! "$name" =~ ^[A-Za-z0-9_-]+$ ]]; then
    echo "fetch-functions.sh: $name: unexpected function name, skipped" >&2
    failures=$((failures + 1))
    continue
  fi
  if ! "$AWS" lambda get-function --function-name "$name" "${aws_args[@]}" --output json \
      > "$tmp/$name.json"; then
    echo "fetch-functions.sh: $name: get-function failed, skipped" >&2
    failures=$((failures + 1))
    continue
  fi
  runtime="$(json 'doc["Configuration"].get("Runtime", "")' < "$tmp/$name.json")"
  type="$(json 'doc["Configuration"].get("PackageType", "Zip")' < "$tmp/$name.json")"
  location="$(json 'doc.get("Code", {}).get("Location")' < "$tmp/$name.json")"
  # The presigned URL is a short-lived credential: not kept in the folder.
  python3 -c '
import json, sys
doc = json.load(sys.stdin)
if isinstance(doc.get("Code"), dict) and "Location" in doc["Code"]:
    doc["Code"]["Location"] = "(removed by fetch-functions.sh)"
json.dump(doc, sys.stdout, indent=2)
print()
' < "$tmp/$name.json" > "$dir/functions/$name.json"
  if [ "$type" = "Zip" ] && { [[ "$runtime" == nodejs* ]] || [ "$all_code" = 1 ]; }; then
    if [ -z "$location" ] || ! download "$location" "$dir/functions/$name.zip"; then
      echo "fetch-functions.sh: $name: cannot download its code" >&2
      failures=$((failures + 1))
      continue
    fi
    while IFS= read -r arn; do
      [ -n "$arn" ] && layers["$arn"]=1
    done < <(json '[l["Arn"] for l in doc["Configuration"].get("Layers", [])]' < "$tmp/$name.json")
  fi
  fetched=$((fetched + 1))
done

for arn in "${!layers[@]}"; do
  if ! file="$(layer_file "$arn")"; then
    failures=$((failures + 1))
    continue
  fi
  [ -f "$dir/layers/$file" ] && continue
  region="$(echo "$arn" | cut -d: -f4)"
  args=()
  for ((i = 0; i < ${#aws_args[@]}; i++)); do  # the layer's own region, same profile
    if [ "${aws_args[$i]}" = "--region" ]; then i=$((i + 1)); else args+=("${aws_args[$i]}"); fi
  done
  if ! "$AWS" lambda get-layer-version-by-arn --arn "$arn" --region "$region" "${args[@]}" \
      --output json > "$tmp/layer.json" ||
     ! download "$(json 'doc["Content"]["Location"]' < "$tmp/layer.json")" "$dir/layers/$file"; then
    echo "fetch-functions.sh: layer $arn: cannot download it" >&2
    failures=$((failures + 1))
  fi
done

echo "fetch-functions.sh: $fetched functions and ${#layers[@]} layer versions in $dir" \
     "($failures failures)" >&2
[ "$failures" = 0 ]
