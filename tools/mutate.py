"""A small, dependency-free mutation test of socialvalue's test suite.

Each mutation is one exact replacement in one source file (``file``, ``old`` text that must
occur exactly once, ``new`` text). For every mutation the script

1. copies the repository's files (``git ls-files --cached --others --exclude-standard``: the
   working tree as it is, uncommitted edits included, ignored files left out) to a fresh
   temporary folder,
2. applies the one replacement there (and fails loudly if ``old`` is not found exactly once),
3. runs the fast test subset chosen for the mutation's area in a fresh interpreter,
   ``python -m pytest -x -q`` with ``PYTHONPATH`` pointing at the copy's ``src`` (so the copy's
   code is imported, not the editable install), and
4. records **killed** (the tests failed), **survived** (they passed), the first failing test
   and the time taken.

Before the mutations, every area's subset is run once on an unmutated copy: a subset that
fails without a mutation would "kill" everything, so the script stops instead.

Usage (from anywhere; the repository is the folder above this file)::

    python tools/mutate.py                     # every mutation
    python tools/mutate.py --area lm3 compare  # only these areas
    python tools/mutate.py --only lm3-leakage-from-r2
    python tools/mutate.py --list              # print the mutations and the test subsets
    python tools/mutate.py --jobs 2            # run two mutations at a time

It prints a table and writes the results as JSON (``build/mutation-results.json`` by default,
``--json PATH`` to choose). Exit status: 0 when every mutation was killed, 1 when any survived,
2 when the set-up failed (text not found, a baseline subset failing).

The fuzz suite (tests/fuzz) is deliberately not used: a mutation must be caught by a test
that states what is expected, not by a crash found at random.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENGINE = "src/socialvalue/engine"
FRAMEWORKS = "src/socialvalue/frameworks"
COMPARE = "src/socialvalue/compare"


@dataclass(frozen=True)
class Mutation:
    name: str
    area: str
    file: str
    old: str
    new: str
    why: str = ""


# The fast test subset run for each area (never tests/fuzz).
AREAS: dict[str, list[str]] = {
    "engine": ["tests/test_engine_compile.py", "tests/test_engine_valuation.py", "tests/test_engine_exact.py",
               "tests/test_engine_uncertainty.py", "tests/test_engine_sensitivity.py", "tests/test_golden.py",
               "tests/test_prices.py"],
    "units": ["tests/test_units.py", "tests/test_proxies.py"],
    "validation": ["tests/test_validation.py", "tests/test_model.py"],
    "model": ["tests/test_model.py", "tests/test_validation.py"],
    "scoring": ["tests/test_toms_scoring.py", "tests/test_toms_monitoring.py"],
    "lm3": ["tests/test_lm3.py"],
    "compare": ["tests/test_compare.py", "tests/test_compare_decomposition.py", "tests/test_compare_properties.py",
                "tests/test_compare_ranking.py"],
}

MUTATIONS: list[Mutation] = [
    # ------------------------------------------------------------------ engine
    Mutation("stream-negative-rate-sign", "engine", f"{ENGINE}/stream.py",
             "    elif scalar:\n        np.expm1(L, out=L)",
             "    elif scalar:\n        np.expm1(np.negative(L), out=L)",
             "audit: sign error in the negative-rate branch of _geometric (PV +433 became -398)"),
    Mutation("stream-positive-rate-denominator", "engine", f"{ENGINE}/stream.py",
             "tmp *= -1.0 / (1.0 + rate)", "tmp *= -1.0 / (1.0 - rate)",
             "wrong sign in g - 1 = -(do + r)/(1 + r) for rates >= 0"),
    Mutation("stream-kinked-drop-off-exponent", "engine", f"{ENGINE}/stream.py",
             "seg *= np.power(keep, a - u0f)", "seg *= np.power(keep, a - u0f - 1.0)",
             "drop-off counted one year short in the later bands of a kinked schedule"),
    Mutation("discount-band-boundary", "engine", f"{ENGINE}/discount.py",
             "while k + 1 < len(starts) and t >= starts[k + 1]:",
             "while k + 1 < len(starts) and t > starts[k + 1]:",
             "a new discount band starts one period late in the factor table"),
    Mutation("discount-rate-accepts-minus-one", "engine", f"{ENGINE}/discount.py",
             "-1.0 < rate < 1.0", "-1.0 <= rate < 1.0", "rate -1 (division by zero) accepted"),
    Mutation("discount-rate-accepts-one", "engine", f"{ENGINE}/discount.py",
             "-1.0 < rate < 1.0", "-1.0 < rate <= 1.0", "rate 1 (100%) accepted"),
    Mutation("columns-fraction-accepts-negative-zero-ish", "engine", f"{ENGINE}/columns.py",
             "    if col.lo >= 0.0 and col.hi <= top:", "    if col.lo >= -1e-300 and col.hi <= top:",
             "a column value just below 0 (-5e-324) accepted"),
    Mutation("exact-fallback-not-exact", "engine", f"{ENGINE}/exact.py",
             "total = math.fsum(x.tolist())", "total = float(np.sum(x))",
             "the exact-sum fallback replaced by numpy's pairwise sum"),
    Mutation("valuation-payback-from-present-value", "engine", f"{ENGINE}/valuation.py",
             "monthly = self.annual_impact / 12.0", "monthly = self.present_value / 12.0",
             "payback computed from the present value instead of the year-1 impact"),
    # ------------------------------------------------------------------ units
    Mutation("units-per-case-sensitive", "units", "src/socialvalue/units.py",
             '_PER = re.compile(r"\\s+per\\s+", re.IGNORECASE)', '_PER = re.compile(r"\\s+per\\s+")',
             "'GBP Per person' no longer read as GBP/person"),
    Mutation("units-money-flagged-per-year", "units", "src/socialvalue/units.py",
             "return float(money.to(gbp).magnitude), False", "return float(money.to(gbp).magnitude), True",
             "a one-off amount (hours x GBP/hour) reported as money per year"),
    Mutation("units-bare-per-year-rule", "units", "src/socialvalue/units.py",
             'return float(quantity), "[time]" in dims and len(dims) > 1',
             'return float(quantity), "[time]" in dims',
             "a bare count of a GBP/year proxy read as money per year"),
    Mutation("units-dimension-check-removed", "units", "src/socialvalue/units.py",
             "    if src.dimensionality != dst.dimensionality:\n", "    if False:\n",
             "hours converted to FTE-years reach pint (its own error, not UnitMismatchError)"),
    Mutation("units-offset-units-accepted", "units", "src/socialvalue/units.py",
             "    if offset is not None:\n        raise UnitError(", "    if False:\n        raise UnitError(",
             "degC and other offset units accepted as counts"),
    Mutation("units-length-limit-off-by-one", "units", "src/socialvalue/units.py",
             'if len(text) > current_limits().max_unit_chars:', 'if len(text) >= current_limits().max_unit_chars:',
             "a unit text exactly at the length limit refused"),
    Mutation("units-year-as-month", "units", "src/socialvalue/units.py",
             'per_year = gbp / reg.parse_units("year")', 'per_year = gbp / reg.parse_units("month")',
             "money per year expressed per month (factor 12)"),
    # ------------------------------------------------------------------ validation
    Mutation("fraction-upper-bound-1.0001", "validation", "src/socialvalue/validation.py",
             "if not 0.0 <= out <= 1.0:", "if not 0.0 <= out <= 1.0001:",
             "audit: fractions accepted up to 1.0001 (LM3 then exceeds 3)"),
    Mutation("fraction-lower-bound", "validation", "src/socialvalue/validation.py",
             "if not 0.0 <= out <= 1.0:", "if not -1e-12 <= out <= 1.0:",
             "a fraction just below 0 accepted"),
    Mutation("non-negative-tiny-negative", "validation", "src/socialvalue/validation.py",
             "    if out < 0:\n        raise ValidationError(f\"must not be negative",
             "    if out < -1e-300:\n        raise ValidationError(f\"must not be negative",
             "an amount of -5e-324 accepted"),
    Mutation("integer-minimum-off-by-one", "validation", "src/socialvalue/validation.py",
             "if minimum is not None and result < minimum:", "if minimum is not None and result <= minimum:",
             "the minimum itself refused (duration 1)"),
    Mutation("integer-half-accepted", "validation", "src/socialvalue/validation.py",
             "    if out != int(out):\n", "    if abs(out - int(out)) > 0.5:\n",
             "2.5 read as the whole number 2"),
    Mutation("numbers-grouping-four-digits", "validation", "src/socialvalue/numbers.py",
             r'_GROUPED = re.compile(r"[+-]?[1-9]\d{0,2}(?:,\d{3})+', r'_GROUPED = re.compile(r"[+-]?[1-9]\d{0,3}(?:,\d{3})+',
             "'1234,567' read as 1234567"),
    Mutation("numbers-leading-zero-accepted", "validation", "src/socialvalue/numbers.py",
             "        if _LEADING_ZERO.match(text) and not", "        if False and _LEADING_ZERO.match(text) and not",
             "'012' (octal in YAML 1.1) read as 12"),
    Mutation("numbers-overflow-accepted", "validation", "src/socialvalue/numbers.py",
             "    if not math.isfinite(value):\n        raise NumberTextError(",
             "    if False:\n        raise NumberTextError(",
             "'1e999' read as infinity"),
    Mutation("numbers-false-is-zero", "validation", "src/socialvalue/numbers.py",
             "    if isinstance(value, bool):\n        raise ValidationError(f\"expected a number",
             "    if isinstance(value, bool) and value:\n        raise ValidationError(f\"expected a number",
             "the boolean false read as the number 0"),
    # ------------------------------------------------------------------ model (investment totals)
    Mutation("investment-total-fsum-to-sum", "model", "src/socialvalue/frameworks/sroi/model.py",
             "return math.fsum(item.amount for item in self.investment)",
             "return sum(item.amount for item in self.investment)",
             "audit: math.fsum replaced by sum in Activity.total_investment"),
    # ------------------------------------------------------------------ scoring
    Mutation("scoring-qualitative-points-share", "scoring", f"{FRAMEWORKS}/toms_scoring.py",
             "return self.weight * (1.0 - self.quantitative_share)", "return self.weight * self.quantitative_share",
             "qualitative points use the quantitative share (same figure when the share is 0.5)"),
    Mutation("scoring-mark-above-100", "scoring", f"{FRAMEWORKS}/toms_scoring.py",
             "        if not 0.0 <= mark <= 100.0:\n            raise ValidationError(f\"a qualitative mark",
             "        if not 0.0 <= mark <= 100.5:\n            raise ValidationError(f\"a qualitative mark",
             "a qualitative mark of 100.5 accepted"),
    Mutation("scoring-weight-100-refused", "scoring", f"{FRAMEWORKS}/toms_scoring.py",
             "if weight > 100.0:", "if weight >= 100.0:", "a weight of exactly 100 points refused"),
    Mutation("scoring-target-floor-division", "scoring", f"{FRAMEWORKS}/toms_scoring.py",
             "min(1.0, percent / target)", "min(1.0, percent // target)",
             "target-percent scores floored to 0 below the target"),
    Mutation("scoring-shared-rank-is-lowest", "scoring", f"{FRAMEWORKS}/toms_scoring.py",
             "rank = 1 + sum(1 for other in keys if other < key)", "rank = sum(1 for other in keys if other <= key)",
             "tied bids share the lowest rank (2, 2) instead of the highest (1, 1)"),
    Mutation("scoring-tie-break-social-value-reversed", "scoring", f"{FRAMEWORKS}/toms_scoring.py",
             "parts.append(-round(bid.social_value, SCORE_TOLERANCE_DECIMALS))",
             "parts.append(round(bid.social_value, SCORE_TOLERANCE_DECIMALS))",
             "the social-value tie-break prefers the lower value"),
    Mutation("scoring-discounted-basis-offered", "scoring", f"{FRAMEWORKS}/toms.py",
             "scored = pv_adj if discounted else adjusted", "scored = pv_off if discounted else adjusted",
             "a discounted tender scored on the offered PV though the basis is 'adjusted'"),
    Mutation("scoring-sv-percent-offered", "scoring", f"{FRAMEWORKS}/toms.py",
             'sv_percent=100.0 * p["scored"] / contract.value', 'sv_percent=100.0 * p["offered"] / contract.value',
             "sv_percent computed from the offered value, not the scored one"),
    # ------------------------------------------------------------------ lm3
    Mutation("lm3-plain-sum", "lm3", f"{FRAMEWORKS}/lm3.py",
             "lm3 = math.fsum([1.0, r2 / r1, r3 / r1])", "lm3 = 1.0 + r2 / r1 + r3 / r1",
             "LM3 summed left to right (rounding drops small rounds)"),
    Mutation("lm3-leakage-from-r2", "lm3", f"{FRAMEWORKS}/lm3.py",
             "leakage=outside / r1", "leakage=1.0 - r2 / r1", "leakage computed as 1 - R2/R1 (rounds differently)"),
    Mutation("lm3-mean-share-plain-sum", "lm3", f"{FRAMEWORKS}/lm3.py",
             "return min(1.0, math.fsum(answers) / len(answers))", "return min(1.0, sum(answers) / len(answers))",
             "survey mean depends on the order of the answers"),
    Mutation("lm3-unsurveyed-includes-outside", "lm3", f"{FRAMEWORKS}/lm3.py",
             "unsurveyed = _fsum([ln.amount for ln in lines if ln.local and ln.share is None]",
             "unsurveyed = _fsum([ln.amount for ln in lines if ln.share is None]",
             "spend outside the boundary reported as unsurveyed local spend"),
    Mutation("lm3-respend-allowed-outside", "lm3", f"{FRAMEWORKS}/lm3.py",
             "    if not local:\n        if raw is not None:", "    if not local:\n        if raw is not None and local:",
             "a re-spend share on spend outside the boundary silently ignored"),
    Mutation("lm3-negative-amount-tolerance", "lm3", f"{FRAMEWORKS}/lm3.py",
             "    if amount < 0:\n", "    if amount < -1e-300:\n", "an amount of -5e-324 accepted"),
    Mutation("lm3-by-kind-local-all", "lm3", f"{FRAMEWORKS}/lm3.py",
             "local=math.fsum(ln.amount for ln in lines if ln.kind == k and ln.local)",
             "local=math.fsum(ln.amount for ln in lines if ln.kind == k)",
             "R2 by kind counts spend outside the boundary"),
    # ------------------------------------------------------------------ compare
    Mutation("compare-order-price-year-first", "compare", f"{COMPARE}/decompose.py",
             "DEFAULT_ORDER: tuple[str, ...] = CAUSES[:5]",
             'DEFAULT_ORDER: tuple[str, ...] = (CAUSES[1], CAUSES[0], *CAUSES[2:5])',
             "price year attributed before proxy value"),
    Mutation("compare-drop-off-not-switched", "compare", f"{COMPARE}/decompose.py",
             '"duration and drop-off": ("start", "duration", "drop_off"),',
             '"duration and drop-off": ("start", "duration"),',
             "drop-off switched with the next cause (blamed on discounting)"),
    Mutation("compare-changed-all-fields", "compare", f"{COMPARE}/decompose.py",
             "changed = [any(getattr(a, f) != getattr(b, f) for f in _FIELDS[c]) for c in order]",
             "changed = [all(getattr(a, f) != getattr(b, f) for f in _FIELDS[c]) for c in order]",
             "a cause counts as changed only when every one of its fields changes"),
    Mutation("compare-unit-factor-with-price-year", "compare", f"{COMPARE}/decompose.py",
             '"proxy value": ("proxy", "unit_factor"),\n    "price year": ("price_year",),',
             '"proxy value": ("proxy",),\n    "price year": ("price_year", "unit_factor"),',
             "the unit conversion of a new proxy blamed on the price year"),
    Mutation("compare-extra-years-ignored", "compare", f"{COMPARE}/views.py",
             '"duration": fact.years + template.extra_years', '"duration": fact.years',
             "the crosswalk's extra_years not counted by the SROI view"),
    Mutation("compare-investment-not-rebased", "compare", f"{COMPARE}/views.py",
             "return amount if from_year == to_year else amount * gdp_deflator().factor(from_year, to_year)",
             "return amount",
             "a view in another price year divides by the investment in the activity's prices"),
    Mutation("compare-toms-setting-duration", "compare", f"{COMPARE}/views.py",
             "adjustments=(0.0, 0.0, 0.0, 0.0), start=1, duration=fact.years, drop_off=0.0,",
             "adjustments=(0.0, 0.0, 0.0, 0.0), start=1, duration=fact.years + 1, drop_off=0.0,",
             "the TOMs setting values one year more than the tender counts"),
]


@dataclass
class Outcome:
    name: str
    area: str
    file: str
    status: str  # killed | survived | timeout | error
    killed_by: str | None  # the first failing test
    how: str | None  # assertion (a test's check failed) or crash (an unexpected exception)
    detail: str | None
    failing_tests: int | None  # with --all: how many tests of the subset fail
    seconds: float
    why: str
    failed: list[str] | None = None  # with --all: the failing tests (first 20)


def tracked_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                         capture_output=True, check=True).stdout.decode()
    return [p for p in out.split("\0") if p and (ROOT / p).is_file()]


def make_copy(files: list[str], parent: Path) -> Path:
    dest = Path(tempfile.mkdtemp(prefix="sv-mutant-", dir=parent))
    for rel in files:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, target)
    return dest


def apply(copy: Path, m: Mutation) -> None:
    path = copy / m.file
    text = path.read_text(encoding="utf-8")
    count = text.count(m.old)
    if count != 1:
        raise SystemExit(f"mutation {m.name!r}: the text to replace occurs {count} times in {m.file} (must be 1):\n"
                         f"{m.old}")
    path.write_text(text.replace(m.old, m.new), encoding="utf-8")


_FAILED = re.compile(r"^(FAILED|ERROR) (.+?)(?: - (.*))?$", re.MULTILINE)
_ASSERTION = ("assert", "AssertionError", "Failed: DID NOT RAISE", "Failed:")


def how(phase: str, detail: str | None) -> str:
    """``assertion`` when a test's own check failed (an assert, a pytest.raises that did not raise),
    ``crash`` when the mutant raised something no test expected (or a fixture failed)."""
    if phase == "ERROR" or detail is None:
        return "crash"
    return "assertion" if detail.startswith(_ASSERTION) else "crash"


def run_tests(copy: Path, tests: list[str], timeout: float, *, stop: bool = True
              ) -> tuple[str, list[tuple[str, str, str]], float, str]:
    """Run ``tests`` on ``copy``: (status, [(phase, test id, detail)] of the failures, seconds, output tail)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SOCIALVALUE_CI")}
    env["PYTHONPATH"] = str(copy / "src")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["COLUMNS"] = "1000"  # keep pytest's one-line failure summaries whole
    env.setdefault("HYPOTHESIS_PROFILE", "ci")
    cmd = [sys.executable, "-m", "pytest", *(["-x"] if stop else []), "-q", "-p", "no:cacheprovider", "-rfE",
           "--no-header", *tests]
    started = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=copy, env=env, capture_output=True, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        return "timeout", [], time.perf_counter() - started, f"no result in {timeout:.0f} s"
    seconds = time.perf_counter() - started
    tail = (proc.stdout.strip().splitlines() or ["(no output)"])[-1]
    if proc.returncode == 0:
        return "survived", [], seconds, tail
    if proc.returncode not in (1, 2):  # 3 internal error, 4 usage error, 5 no tests collected
        return "error", [], seconds, f"pytest exit status {proc.returncode}: {proc.stdout[-500:]}{proc.stderr[-500:]}"
    failures = [(m.group(1), m.group(2), (m.group(3) or "")[:300]) for m in _FAILED.finditer(proc.stdout)]
    return "killed", failures, seconds, tail


def check_import(copy: Path) -> None:
    """The copy's package must be the one imported (not the editable install)."""
    env = {**os.environ, "PYTHONPATH": str(copy / "src")}
    out = subprocess.run([sys.executable, "-c", "import socialvalue; print(socialvalue.__file__)"], cwd=copy,
                         env=env, capture_output=True, text=True, check=True).stdout.strip()
    if not Path(out).resolve().is_relative_to(copy.resolve()):
        raise SystemExit(f"the mutated copy is not what gets imported: socialvalue comes from {out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--area", nargs="+", choices=sorted(AREAS), help="only these areas")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these mutations")
    parser.add_argument("--list", action="store_true", help="list the mutations and test subsets, then stop")
    parser.add_argument("--jobs", type=int, default=1, help="mutations run at the same time (default 1)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per test run (default 600)")
    parser.add_argument("--json", type=Path, default=ROOT / "build" / "mutation-results.json",
                        help="where to write the results (default build/mutation-results.json)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the unmutated run of each subset")
    parser.add_argument("--all", action="store_true",
                        help="run each subset to the end (no -x) and count every failing test")
    args = parser.parse_args(argv)

    names = {m.name for m in MUTATIONS}
    if len(names) != len(MUTATIONS):
        raise SystemExit("two mutations share a name")
    chosen = [m for m in MUTATIONS if (not args.area or m.area in args.area) and (not args.only or m.name in args.only)]
    if args.only and (unknown := set(args.only) - names):
        raise SystemExit(f"unknown mutation(s): {', '.join(sorted(unknown))}")
    if args.list:
        for area, tests in AREAS.items():
            print(f"{area}: {' '.join(tests)}")
        print()
        for m in chosen:
            print(f"{m.name:45} {m.area:10} {m.file}\n    {m.why}")
        return 0

    files = tracked_files()
    work = Path(tempfile.mkdtemp(prefix="sv-mutate-"))
    try:
        for m in chosen:  # fail loudly before running anything if a mutation no longer applies
            text = (ROOT / m.file).read_text(encoding="utf-8")
            if text.count(m.old) != 1:
                raise SystemExit(f"mutation {m.name!r}: the text to replace occurs {text.count(m.old)} times in "
                                 f"{m.file} (must be 1):\n{m.old}")
        areas = sorted({m.area for m in chosen})
        if not args.no_baseline:
            copy = make_copy(files, work)
            check_import(copy)
            for area in areas:
                status, failures, seconds, tail = run_tests(copy, AREAS[area], args.timeout)
                print(f"baseline {area:10} {'passes' if status == 'survived' else status:8} {seconds:6.1f} s",
                      flush=True)
                if status != "survived":
                    print(f"  the unmutated subset fails ({failures[:1] or tail}); fix it before mutating",
                          file=sys.stderr)
                    return 2
            shutil.rmtree(copy, ignore_errors=True)

        def one(m: Mutation) -> Outcome:
            copy = make_copy(files, work)
            try:
                apply(copy, m)
                status, failures, seconds, tail = run_tests(copy, AREAS[m.area], args.timeout, stop=not args.all)
            finally:
                shutil.rmtree(copy, ignore_errors=True)
            phase, test, detail = failures[0] if failures else (None, None, tail if status != "survived" else None)
            kind = how(phase, detail) if failures else None
            print(f"{status:8} {m.name} ({seconds:.1f} s){' by ' + test if test else ''}"
                  f"{f' [{kind}]' if kind else ''}", flush=True)
            return Outcome(m.name, m.area, m.file, status, test, kind, detail,
                           len(failures) if args.all else None, round(seconds, 2), m.why,
                           [f"{t} [{how(p, d)}]" for p, t, d in failures[:20]] if args.all else None)

        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            outcomes = list(pool.map(one, chosen))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print()
    header = f"{'mutation':45} {'area':10} {'result':8} {'how':9} {'time':>6}  killed by"
    print(header)
    print("-" * len(header))
    for o in outcomes:
        count = f" (+{o.failing_tests - 1} more)" if o.failing_tests and o.failing_tests > 1 else ""
        print(f"{o.name:45} {o.area:10} {o.status:8} {o.how or '':9} {o.seconds:5.1f}s  {o.killed_by or ''}{count}")
    killed = sum(o.status in ("killed", "timeout") for o in outcomes)
    print(f"\n{killed} of {len(outcomes)} mutations killed")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"killed": killed, "total": len(outcomes), "areas": AREAS,
                                     "mutations": [asdict(o) for o in outcomes]}, indent=2) + "\n",
                         encoding="utf-8")
    print(f"results written to {args.json}")
    return 0 if killed == len(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
