"""A tally of a test script's expectations: each failure is printed with
FAIL, then "N passed, M failed"; the exit status is 1 when any failed."""


class Expectations:
    def __init__(self):
        self.checks = 0
        self.problems = []

    def expect(self, ok, what):
        """Counts one expectation; `what` is printed if `ok` is false."""
        self.checks += 1
        if not ok:
            self.problems.append(what)

    def finish(self):
        """Prints the failures and the summary; returns the exit status."""
        for p in self.problems:
            print("FAIL " + p)
        print(f"{self.checks - len(self.problems)} passed, {len(self.problems)} failed")
        return 1 if self.problems else 0
