#!/usr/bin/env bash
# Generates the benchmark workload, reproducibly, from pinned npm packages:
#
#   $WORK/layer.zip     nodejs/node_modules/ with the AWS SDK v3 clients (S3,
#                       DynamoDB, SQS, SNS, lib-dynamodb) and Powertools
#                       (logger, tracer, metrics): bench/layer/package-lock.json
#   $WORK/function.zip  index.mjs (the handler), 30 small ES modules under
#                       src/ importing those packages, bundle.mjs (one ~2 MB
#                       single-file ES module made by esbuild from the same
#                       packages) and the node_modules -> /opt/nodejs/node_modules
#                       symlink
#   $WORK/layer/, $WORK/function/   the same trees, extracted
#
# Usage: bench/make_workload.sh [WORK]   (default: bench/work)
# Needs node, npm (registry access on first run), zip. Same inputs give
# byte-identical zips: fixed mtimes, sorted entry order, no extra fields.
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
WORK="$(mkdir -p "${1:-$BENCH/work}" && cd "${1:-$BENCH/work}" && pwd)"

# --- the layer: npm ci from the committed lock -------------------------------
rm -rf "$WORK/layer" && mkdir -p "$WORK/layer/nodejs"
cp "$BENCH/layer/package.json" "$BENCH/layer/package-lock.json" "$WORK/layer/nodejs/"
npm ci --prefix "$WORK/layer/nodejs" --ignore-scripts --no-audit --no-fund --loglevel=error

# --- the bundler, only a bench-time tool --------------------------------------
if [ ! -x "$WORK/tools/node_modules/.bin/esbuild" ]; then
  rm -rf "$WORK/tools" && mkdir -p "$WORK/tools"
  cp "$BENCH/tools/package.json" "$BENCH/tools/package-lock.json" "$WORK/tools/"
  npm ci --prefix "$WORK/tools" --no-audit --no-fund --loglevel=error
fi

# --- the function --------------------------------------------------------------
FN="$WORK/function"
rm -rf "$FN" && mkdir -p "$FN/src"

# One single-file ES module as esbuild makes it: every client bundled in, with
# the createRequire banner that bundles for Node use for their CommonJS parts.
cat > "$WORK/bundle-entry.mjs" <<'JS'
export * as s3 from '@aws-sdk/client-s3';
export * as dynamodb from '@aws-sdk/client-dynamodb';
export * as sqs from '@aws-sdk/client-sqs';
export * as sns from '@aws-sdk/client-sns';
export * as ddbDoc from '@aws-sdk/lib-dynamodb';
export { Logger } from '@aws-lambda-powertools/logger';
export { Metrics } from '@aws-lambda-powertools/metrics';
JS
NODE_PATH="$WORK/layer/nodejs/node_modules" "$WORK/tools/node_modules/.bin/esbuild" \
  "$WORK/bundle-entry.mjs" --bundle --format=esm --platform=node --target=node20 \
  --minify-whitespace --minify-syntax --legal-comments=none --log-level=warning \
  --banner:js="import { createRequire as __lelCreateRequire } from 'node:module'; const require = __lelCreateRequire(import.meta.url);" \
  --outfile="$FN/bundle.mjs"

# 30 small modules, each importing a few of the layer's packages.
clients=("@aws-sdk/client-s3:S3Client:ListBucketsCommand"
         "@aws-sdk/client-dynamodb:DynamoDBClient:ListTablesCommand"
         "@aws-sdk/client-sqs:SQSClient:ListQueuesCommand"
         "@aws-sdk/client-sns:SNSClient:ListTopicsCommand"
         "@aws-sdk/lib-dynamodb:DynamoDBDocumentClient:GetCommand")
powertools=("@aws-lambda-powertools/logger:Logger"
            "@aws-lambda-powertools/tracer:Tracer"
            "@aws-lambda-powertools/metrics:Metrics")
index_imports=""
index_calls=""
for i in $(seq -w 1 30); do
  n=$((10#$i))
  c="${clients[$((n % 5))]}"; pkg="${c%%:*}"; rest="${c#*:}"; cls="${rest%%:*}"; cmd="${rest#*:}"
  p="${powertools[$((n % 3))]}"; ppkg="${p%%:*}"; pcls="${p#*:}"
  {
    echo "// Module $i of the benchmark function."
    if [ "$pkg" = "@aws-sdk/lib-dynamodb" ]; then
      echo "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';"
      echo "import { $cls, $cmd } from '$pkg';"
    else
      echo "import { $cls, $cmd } from '$pkg';"
    fi
    echo "import { $pcls } from '$ppkg';"
    [ "$n" -gt 1 ] && printf "import { describe as describe%02d } from './m%02d.mjs';\n" $((n - 1)) $((n - 1))
    [ $((n % 10)) -eq 0 ] && echo "import * as bundle from '../bundle.mjs';"
    echo ""
    echo "const tool = new $pcls({ serviceName: 'bench-$i' });"
    echo "export function describe() {"
    echo "  return { module: $n, client: '$cls', command: typeof $cmd, tool: typeof tool };"
    echo "}"
    echo "export async function run(event) {"
    if [ "$pkg" = "@aws-sdk/lib-dynamodb" ]; then
      echo "  const client = $cls.from(new DynamoDBClient({ region: 'us-east-1' }));"
    else
      echo "  const client = new $cls({ region: 'us-east-1' });"
    fi
    echo "  const { hint } = await import('./m$i.mjs').then(() => ({ hint: event?.hint ?? null }));"
    echo "  return { ...describe(), hint, config: typeof client.config };"
    echo "}"
  } > "$FN/src/m$i.mjs"
  index_imports+="import * as m$i from './src/m$i.mjs';"$'\n'
  index_calls+="m$i.describe(), "
done
cat > "$FN/index.mjs" <<JS
// The benchmark function's handler: loads all 30 modules and the bundle.
$index_imports
import { s3 } from './bundle.mjs';

export const handler = async (event) => {
  return { statusCode: 200, modules: [$index_calls].length, bundled: typeof s3.S3Client };
};
JS
ln -s /opt/nodejs/node_modules "$FN/node_modules"

# --- zips, reproducibly ---------------------------------------------------------
# zip stores the (local) mtime: fix it, and the entry order, and drop extra
# fields (-X) so the same inputs give the same bytes.
make_zip() {  # make_zip DIR OUT.zip
  local dir="$1" out="$2"
  find "$dir" -exec touch -h -d '2024-01-01 00:00:00' {} +
  rm -f "$out"
  (cd "$dir" && find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort | zip -q -X --symlinks -@ "$out")
}
# npm's own metadata is not part of a layer as people ship it.
rm -f "$WORK/layer/nodejs/node_modules/.package-lock.json"
make_zip "$WORK/layer" "$WORK/layer.zip"
make_zip "$FN" "$WORK/function.zip"

files=$(unzip -Z1 "$WORK/layer.zip" | grep -vc '/$')
esm=$(cd "$WORK/layer" && find . -name '*.mjs' -o -path '*/dist-es/*.js' | wc -l)
echo "layer.zip:    $(stat -c %s "$WORK/layer.zip") bytes, $files files ($esm ES module files: .mjs or dist-es/*.js)"
echo "function.zip: $(stat -c %s "$WORK/function.zip") bytes, bundle.mjs $(stat -c %s "$FN/bundle.mjs") bytes"
sha256sum "$WORK/layer.zip" "$WORK/function.zip"
