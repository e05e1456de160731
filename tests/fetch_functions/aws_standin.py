#!/usr/bin/env python3
"""A stand-in for the `aws` command: replays recorded AWS CLI responses.

Only what scripts/fetch-functions.sh calls is understood:
  aws lambda list-functions [--region R] [--profile P] --output json
  aws lambda get-function --function-name NAME ... --output json
  aws lambda get-layer-version-by-arn --arn ARN --region R ... --output json
The responses are the JSON files below $LEL_FAKE_AWS_RESPONSES
(list-functions.json, or the file $LEL_FAKE_AWS_LIST names;
get-function/NAME.json; get-layer-version-by-arn/<region>.<account>.<name>.<version>.json),
with "@CODE@" replaced by $LEL_FAKE_AWS_CODE (a file:// URL of the folder
holding the zips). Every call is appended, as one JSON line, to
$LEL_FAKE_AWS_LOG. Anything else fails as the real CLI does for a missing
resource (exit 254, the message on stderr).
"""
import json
import os
import sys


def fail(message):
    print(f"\nAn error occurred (ResourceNotFoundException) when calling the operation: {message}",
          file=sys.stderr)
    sys.exit(254)


def main(argv):
    with open(os.environ["LEL_FAKE_AWS_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps(argv) + "\n")
    if len(argv) < 2 or argv[0] != "lambda":
        fail(f"the stand-in does not know `aws {' '.join(argv)}`")
    op, rest = argv[1], argv[2:]
    options = {}
    for i in range(0, len(rest) - 1, 2):
        if not rest[i].startswith("--"):
            fail(f"unexpected argument {rest[i]}")
        options[rest[i]] = rest[i + 1]
    if options.get("--output") != "json":
        fail("fetch-functions.sh must ask for --output json")
    root = os.environ["LEL_FAKE_AWS_RESPONSES"]
    if op == "list-functions":
        path = os.path.join(root, os.environ.get("LEL_FAKE_AWS_LIST", "list-functions.json"))
    elif op == "get-function":
        path = os.path.join(root, "get-function", options.get("--function-name", "") + ".json")
    elif op == "get-layer-version-by-arn":
        parts = options.get("--arn", "").split(":")
        if len(parts) != 8 or options.get("--region") != parts[3]:
            fail("get-layer-version-by-arn needs --arn and the ARN's own --region")
        path = os.path.join(root, "get-layer-version-by-arn",
                            ".".join([parts[3], parts[4], parts[6], parts[7]]) + ".json")
    else:
        fail(f"the stand-in does not know `aws lambda {op}`")
    if not os.path.isfile(path):
        fail(f"Function not found: {path}")
    text = open(path, encoding="utf-8").read()
    sys.stdout.write(text.replace("@CODE@", os.environ["LEL_FAKE_AWS_CODE"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
