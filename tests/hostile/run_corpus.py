#!/usr/bin/env python3
"""Runs `lambda-esm-lint check` on every hostile archive of cases.json.

The zips are written first by the hostile_corpus program (make_corpus.cc,
one recipe per case). Each check runs under a time limit and, outside
sanitizer builds, an address-space limit (ulimit -v); its peak RSS is
measured. A case passes when the linter
  - ends by itself (no signal, no timeout) within the limits, and
  - exits 2 with exactly one line on stderr, starting 'lambda-esm-lint: '
    and containing the expected text, when the case expects exit 2; or
  - exits with the expected status (0 or 1) and reports every expected
    rule id, when it expects a finding.

  run_corpus.py --linter BIN --generator BIN --out DIR [--sanitized]
                [--show] [CASE...]

Fields of a case in cases.json: what (the recipe in words), exit (status or
list of statuses), message (text of the exit-2 line), rules (ids that must
be reported), finding (true: at least one finding of any severity), sim
(what lambda-sim did with the zip as the function), note, max_rss_mb,
timeout_s (default 60, times 4 under the sanitizers; max_rss_mb is not
asserted there), slow (true: skipped
under the sanitizers, the time being a known cost of the linter), and
gap: a known shortcoming of the linter on this case (reported to the lead).
For a gap case only robustness is asserted (no crash or hang, the limits,
a one-line exit 2); a wrong outcome prints as "gap", and a right one asks
for the gap to be removed.

--show prints what the linter did for each case (to write expectations).
"""
import argparse
import concurrent.futures
import json
import os
import re
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
RULE_RE = re.compile(r"\[([a-z0-9-]+)\]$")
AS_LIMIT = 1 << 30          # ulimit -v: 1 GiB of address space
RSS_LIMIT_MB = 256          # 64 MB + twice the 64 MiB read cap
TIMEOUT_S = 60


def run_case(name, case, args):
    zip_path = os.path.join(args.out, name + ".zip")
    cmd = [args.linter, "check", zip_path] + case.get("args", [])
    limit_as = None if args.sanitized else case.get("address_space", AS_LIMIT)

    def limits():
        if limit_as:
            resource.setrlimit(resource.RLIMIT_AS, (limit_as, limit_as))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    timeout = case.get("timeout_s", TIMEOUT_S) * (4 if args.sanitized else 1)
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=limits)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return name, ["timed out after %d s (hang?)" % timeout], {}
    seconds = time.monotonic() - start
    return name, None, {"code": proc.returncode, "out": out.decode("utf-8", "replace"),
                        "err": err.decode("utf-8", "replace"), "seconds": seconds}


def run_one(name, case, args):
    """Runs one case in a fresh helper process so that its peak RSS is its own."""
    helper = [sys.executable, os.path.abspath(__file__), "--one", name,
              "--linter", args.linter, "--out", args.out]
    if args.sanitized:
        helper.append("--sanitized")
    result = subprocess.run(helper, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if result.returncode != 0:
        return name, ["runner failed: " + result.stderr.decode(errors="replace")], {}
    got = json.loads(result.stdout)
    return name, got.get("problems"), got.get("result", {})


def one(args, cases):
    """--one NAME: run the case here and print the result as JSON."""
    name = args.one
    case = cases[name]
    _, problems, result = run_case(name, case, args)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["max_rss_mb"] = usage.ru_maxrss / 1024.0
    json.dump({"problems": problems, "result": result}, sys.stdout)
    return 0


def judge(name, case, result, args):
    """Returns (robustness problems, outcome problems)."""
    code = result["code"]
    if code < 0:
        return ["killed by signal %d (crash?)" % -code], []
    if code not in (0, 1, 2):
        return ["exit status %d" % code], []
    robustness, outcome = [], []
    err_lines = result["err"].splitlines()
    if code == 2:
        if len(err_lines) != 1:
            robustness.append("exit 2 with %d lines on stderr, expected one" % len(err_lines))
        elif not err_lines[0].startswith("lambda-esm-lint: "):
            robustness.append("stderr line does not start with 'lambda-esm-lint: '")
    elif result["err"].strip():
        robustness.append("unexpected stderr: %r" % result["err"][:200])
    # Memory is asserted in the plain build only: under ASan, RSS holds the
    # shadow memory, redzones and a 256 MB quarantine of freed blocks, so it
    # says nothing about the linter (many-entries: 92 MB plain, 1054 MB there).
    rss_limit = case.get("max_rss_mb", RSS_LIMIT_MB)
    if not args.sanitized and result["max_rss_mb"] > rss_limit:
        robustness.append("peak RSS %.0f MB over %d MB" % (result["max_rss_mb"], rss_limit))

    expected_exit = case["exit"]
    allowed = expected_exit if isinstance(expected_exit, list) else [expected_exit]
    if code not in allowed:
        outcome.append("exit %d, expected %s" % (code, allowed))
    if code == 2:
        if "message" in case and case["message"] not in result["err"]:
            outcome.append("stderr lacks %r" % case["message"])
    else:
        found = rules_of(result["out"])
        for rule in case.get("rules", []):
            if rule not in found:
                outcome.append("no [%s] finding (found: %s)" % (rule, sorted(found)))
        if case.get("finding") and not found:
            outcome.append("no finding at all")
    return robustness, outcome


def rules_of(text):
    return {m.group(1) for line in text.splitlines() for m in [RULE_RE.search(line)] if m}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--linter", required=True)
    parser.add_argument("--generator")
    parser.add_argument("--out", required=True)
    parser.add_argument("--sanitized", action="store_true")
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--one")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    with open(os.path.join(HERE, "cases.json")) as f:
        cases = json.load(f)
    if args.one:
        return one(args, cases)

    # An empty argument comes from CMake's $<$<BOOL:...>:--sanitized> when off.
    names = [n for n in args.names if n] or sorted(cases)
    if args.sanitized and not [n for n in args.names if n]:
        # Slow because of a known quadratic or size-scaled cost in the linter
        # (their notes say which), not because of what ASan checks: skipped
        # under the sanitizers to keep the suite's time down.
        for n in [n for n in names if cases[n].get("slow")]:
            print("skip %-32s slow under the sanitizers" % n)
        names = [n for n in names if not cases[n].get("slow")]
    unknown = [n for n in names if n not in cases]
    if unknown:
        print("unknown cases: %s" % unknown)
        return 2
    listed = subprocess.run([args.generator, "--list"], check=True,
                            stdout=subprocess.PIPE, text=True).stdout.split()
    missing = sorted(set(cases) ^ set(listed))
    if missing:
        print("cases.json and make_corpus.cc disagree on: %s" % missing)
        return 1
    subprocess.run([args.generator, args.out] + names, check=True)

    failed = gaps = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(run_one, n, cases[n], args) for n in names]
        for future in futures:
            name, problems, result = future.result()
            case = cases[name]
            status = "ok"
            if problems is None:
                problems, outcome = judge(name, case, result, args)
                if "gap" in case:
                    status = "gap" if outcome else "FIXED?"
                    if not outcome:
                        print("note %s: meets its expectation now; remove its 'gap'" % name)
                else:
                    problems += outcome
            summary = ""
            if result.get("code") is not None:  # a timed-out case has no output
                first_err = (result["err"].splitlines() or [""])[0]
                rules = sorted(rules_of(result["out"]))
                summary = "exit %d, %.2f s, %.0f MB%s%s" % (
                    result["code"], result["seconds"], result["max_rss_mb"],
                    ", rules %s" % rules if rules else "",
                    ", stderr %r" % first_err[:160] if first_err else "")
            if args.show:
                print("%-32s %s" % (name, summary))
            if problems:
                failed += 1
                print("FAIL %s: %s [%s]" % (name, "; ".join(problems), summary))
            elif not args.show:
                print("%-4s %-32s %s" % (status, name, summary))
                gaps += status == "gap"
    print("hostile corpus: %d cases, %d known gaps (see cases.json)" % (len(names), gaps))
    print("%d passed, %d failed" % (len(names) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
