#!/usr/bin/env python3
"""The README's usage section names every command and option the binary has.

usage: tests/check_readme_usage.py LINTER

Reads `lambda-esm-lint --help` for the sub-commands and each sub-command's
`--help` for its long options, and checks that the "## Usage" section of
README.md mentions each command and each option (as `--name`). Keeps the
README in step when a flag is added.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def help_text(linter, *args):
    return subprocess.run([linter, *args, "--help"], capture_output=True, text=True,
                          check=True).stdout


def subcommands(text):
    # The lines after "Subcommands:", each "  name  summary".
    section = text.split("Subcommands:", 1)[1] if "Subcommands:" in text else ""
    return [line.split()[0] for line in section.splitlines() if line.startswith("  ")]


def long_options(text):
    return sorted(set(re.findall(r"^\s+(?:-\w,)?(--[a-z][a-z-]*)", text, re.M)) - {"--help"})


def mentions(text, word):
    """Whether `word` stands in a code span of `text` (`--x`, `lambda-esm-lint --x`)."""
    return re.search(r"`[^`\n]*" + re.escape(word) + r"(?![\w-])[^`\n]*`", text) is not None


def main():
    linter = sys.argv[1]
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    usage = readme.split("## Usage", 1)[1].split("\n## ", 1)[0] if "## Usage" in readme else ""
    problems = []
    top = help_text(linter)
    for option in long_options(top):
        if not mentions(readme, option):
            problems.append(f"README does not mention {option}")
    commands = subcommands(top)
    if not commands:
        problems.append("the binary lists no sub-commands")
    for command in commands:
        if not mentions(usage, command):
            problems.append(f"README usage does not describe `{command}`")
        for option in long_options(help_text(linter, command)):
            if not mentions(usage, option):
                problems.append(f"README usage does not mention {command} {option}")
    for p in problems:
        print("FAIL " + p)
    print(f"{len(commands)} commands checked: {0 if problems else 1} passed, "
          f"{1 if problems else 0} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
