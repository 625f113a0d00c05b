"""Shared pieces of the fuzz suite: hostile values, document mutations, the check every
fuzzed document must pass, and the counter behind ``tests/fuzz/last_run.json``.

The contract under test (see ``docs/reliability.md``): for any document, valid or not,
socialvalue either returns a result that serialises (``to_json``, ``to_text``,
``to_markdown``, ``to_html``, all encodable as UTF-8) or raises a
:class:`~socialvalue.errors.SocialValueError` that names its source and survives pickling.
Any other exception, and any warning (numpy overflow, deprecation, ...), fails the test.

Documents are cheap to make: a pool of valid documents per kind (the examples, the bundled
data and hand-written variants), optionally a generated valid document, then 0-4
mutations, each drawn as a few small integers so that Hypothesis shrinks a failure to
the one mutation that matters.
"""

from __future__ import annotations

import copy
import json
import math
import os
import pickle
import time
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from socialvalue.errors import DocumentError, SocialValueError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SRC = ROOT / "src" / "socialvalue"

SCALE = float(os.environ.get("SOCIALVALUE_FUZZ_SCALE", "1"))
"""Multiply every kind's example count (e.g. ``SOCIALVALUE_FUZZ_SCALE=10`` for a nightly run)."""
EXPLORE = os.environ.get("SOCIALVALUE_FUZZ_EXPLORE") == "1"
AUDIT = os.environ.get("SOCIALVALUE_FUZZ_AUDIT")
"""A file to which errors lacking a field path or a fix are appended (error-quality audit)."""
"""``SOCIALVALUE_FUZZ_EXPLORE=1``: random seeds instead of CI's fixed one, to look for new bugs."""


def fuzz_settings(examples: int) -> settings:
    """The fixed, seeded CI profile for one fuzz test: ``examples`` documents, no database."""
    return settings(
        max_examples=max(1, int(examples * SCALE)),
        derandomize=not EXPLORE,
        database=None,
        deadline=None,
        print_blob=True,
        suppress_health_check=list(HealthCheck),
    )


# --------------------------------------------------------------------------- hostile values

EXTREME_NUMBERS: tuple[Any, ...] = (
    0, 1, -1, 2, 3, 0.5, -0.0, 0.0, 1e308, -1e308, 1.7976931348623157e308, 5e-324, -5e-324,
    2.2250738585072014e-308, 0.9999999999999999, 1.0000000000000002, 1e15, 1e-15, 1e16 + 1, 2**53 + 1,
    10**18, 2**63, 2**64 + 1, 10**30, 10**400, -(10**400), float("inf"), float("-inf"), float("nan"),
    100, 101, 1000, 1001, 1200, 1799, 1800, 2019, 2024, 2025, 2100, 9999, 10**9, True, False,
)
"""Numbers at the edges: float range, subnormals, signed zero, beyond float (10**400), NaN/inf."""

UNICODE_STRINGS: tuple[str, ...] = (
    "", " ", "\u202eevil\u202c (RTL override)", "שלום עולם", "مرحبا بالعالم", "e\u0301\u0301\u0301\u0301\u0301",
    "Z\u0324\u0354\u0367\u0311\u0313a\u0356\u032d\u0308\u0307l\u036e\u0312\u036bg\u0317o", "👩‍👩‍👧‍👦🏳️‍🌈", "\u200b\u200c\u200d\ufeff",
    "\x01\x02\x1b[31mred\x1b[0m\x7f", "\t\n\r\x0b\x0c", "<script>alert(1)</script>", "' OR 1=1 --", "${jndi:ldap://x}",
    "%s%n%x{0}", "\\", "null", "~", "NaN", "Infinity", "-0", "0x10", "1_000", "20%", "120%", "-5%", "%", "nan%",
    "unknown", "preset", "\u00a0", "İstanbul", "ß", "ﬁ", "Ⅻ", "٣", "１２", "𝟙𝟚", "\U0010ffff", "\ue000",
)
"""Text that trips renderers: bidi controls, combining marks, emoji, control characters (no NUL)."""

LONG_STRINGS: tuple[str, ...] = (
    "x" * 10_000, "é" * 5_000, " " * 10_000, "9" * 5_000, "GBP/" * 60 + "year", "a.b " * 3_000,
    "12.5 FTE" + " " * 10_000 + "x", "1" + " " * 10_000 + "FTE", "1 a" + " " * 20_000 + "b", "x" * 100_000,
    "people.1.a" * 1_000, "(" * 5_000,
)
"""Very long text, including shapes that make naive regular expressions quadratic."""

DOMAIN_TOKENS: tuple[Any, ...] = (
    "FTE", "hour", "GBP", "tCO2e", "person", "learner", "12.5 FTE", "3 learner", "300 hour", "-5 FTE",
    "1e308 FTE", "1e999 hour", "GBP/hour", "GBP/FTE/year", "hour/year", "FTE/year", "kg", "m", "dimensionless",
    "percent", "GBP**2", "1/year", "year", "month", "quarter", "GBP per person per year", "GBP**1e308",
    "kGBP**400/kGBP**399", "hour**0.5", "0 hour", "1 GBP/hour", "met", "partly", "not-met", "unknown", "staff",
    "supplier", "other", "relative", "target-percent", "adjusted", "offered", "qualitative", "social_value",
    "supplier-name", "year-0", "year-1", "green-book", "green-book-health", "constant", "none", "forecast",
    "evaluation", "impact-map", "tender", "monitoring", "assessment", "lm3", "sroi", "toms", "flexible-framework",
    "open-toms-style", "uk-open", "wellby-hmt", "carbon-value-desnz", "uk-open:wellby-hmt", "limited", "partial",
    "each-year", "first-year-only", "once", "2026/27", "2026-03-31", "2026-02-30", "C", "P", "U", "OGL-UK-3.0",
    "tender-highways.yaml", "employment-programme.yaml", "tender-highways-bids.csv", "fuzz-dataset.yaml",
    "fuzz-presets.yaml", "fuzz-catalogue.yaml", "fuzz-catalogue.csv", "assessment-previous.yaml",
    "../outside.yaml", "/etc/passwd", "~/x.yaml", "C:\\x.yaml", "sub/../tender-highways.yaml", ".", "",
)
"""Values that are valid somewhere in some document kind, to be put where they are not."""

KEY_VOCAB: tuple[str, ...] = (
    "kind", "framework", "name", "price_year", "first_year", "discounting", "conventions", "investment",
    "outcomes", "mode", "forecast", "datasets", "presets", "proxy", "quantity", "quantities", "duration",
    "deadweight", "ranges", "low", "high", "contract", "catalogue", "measures", "scoring", "bids", "bids_file",
    "commitments", "tender", "supplier", "periods", "period_length", "as_of", "deliveries", "criteria",
    "previous", "rules", "spend", "local_respend", "boundary", "dataset", "themes", "targets", "value", "unit",
    "source", "licence", "years", "confidence", "evidence", "schedule", "rate", "discount_start", "id", "status",
    "Kind", "kind ", "priceyear", "outcome", "bid", "spends", "__class__", "!!python/object", "<<",
)
"""Keys to add or rename to: real ones (misplaced), near-misses and nonsense."""


def _retype_values(node: Any) -> list[Any]:
    return [None, True, False, [], {}, [node], {"x": node}, "", 0, -1, str(node)[:50], [[[[[]]]]],
            {"value": {"value": {"value": 1}}}]


# --------------------------------------------------------------------------- document walking


def node_paths(doc: Any, limit: int = 4_000) -> list[tuple[Any, ...]]:
    """Every path in ``doc`` (root first), as tuples of keys and indices (at most ``limit``)."""
    out: list[tuple[Any, ...]] = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), doc)]
    while stack and len(out) < limit:
        path, node = stack.pop()
        out.append(path)
        if isinstance(node, dict):
            stack.extend(((*path, k), v) for k, v in reversed(list(node.items())))
        elif isinstance(node, list):
            stack.extend(((*path, i), v) for i, v in reversed(list(enumerate(node))))
    return out


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    _get(doc, path[:-1])[path[-1]] = value
    return doc


def collect_vocab(docs: Sequence[Any]) -> tuple[list[Any], list[str]]:
    """Scalar leaves and keys of ``docs``: values that are valid somewhere, to misplace."""
    leaves: list[Any] = []
    keys: list[str] = []
    for doc in docs:
        for path in node_paths(doc):
            node = _get(doc, path)
            if isinstance(node, (str, int, float, bool)) and not (isinstance(node, str) and len(node) > 200):
                leaves.append(node)
            if path and isinstance(path[-1], str):
                keys.append(path[-1])
    return list(dict.fromkeys(leaves, None)), sorted(set(keys))


# --------------------------------------------------------------------------- mutations

OPS = ("drop", "duplicate", "retype", "number", "unicode", "long", "token", "rename", "add_key", "nest",
       "swap", "misplace")


def apply_mutation(doc: Any, op: str, pick: int, choice: int, vocab: tuple[list[Any], list[str]]) -> Any:
    """Apply one mutation to ``doc`` (in place where possible) and return the new document.

    ``pick`` chooses the node (modulo the number of nodes), ``choice`` the replacement.
    """
    paths = node_paths(doc)
    path = paths[pick % len(paths)]
    node = _get(doc, path)
    leaves, keys = vocab

    def pool(values: Sequence[Any]) -> Any:
        return values[choice % len(values)]

    if op == "drop":
        if isinstance(node, dict) and node:
            del node[list(node)[choice % len(node)]]
        elif isinstance(node, list) and node:
            del node[choice % len(node)]
        elif path:
            parent = _get(doc, path[:-1])
            del parent[path[-1]]
        return doc
    if op == "duplicate":
        if isinstance(node, list) and node:
            node.insert(choice % (len(node) + 1), copy.deepcopy(node[choice % len(node)]))
        elif isinstance(node, dict) and node:
            source_key = list(node)[choice % len(node)]
            node[pool(list(node) + list(keys) + ["copy"])] = copy.deepcopy(node[source_key])
        elif path and isinstance(_get(doc, path[:-1]), list):
            _get(doc, path[:-1]).append(copy.deepcopy(node))
        return doc
    if op == "retype":
        return _set(doc, path, pool(_retype_values(node)))
    if op == "number":
        return _set(doc, path, pool(EXTREME_NUMBERS))
    if op == "unicode":
        text = pool(UNICODE_STRINGS)
        if isinstance(node, str) and choice % 3 == 0:
            text = node + text
        elif isinstance(node, str) and choice % 3 == 1:
            text = text + node
        return _set(doc, path, text)
    if op == "long":
        return _set(doc, path, pool(LONG_STRINGS))
    if op == "token":
        return _set(doc, path, pool(list(DOMAIN_TOKENS) + leaves))
    if op == "rename":
        if isinstance(node, dict) and node:
            old = list(node)[choice % len(node)]
            variants = [old.upper() if isinstance(old, str) else old, f"{old}s", str(old)[:-1] or "k", f" {old}",
                        f"{old}\u200b", pool(KEY_VOCAB), pool(keys or ["k"]), 1, 2.5, True, None]
            new = variants[(choice // 7) % len(variants)]
            value = node.pop(old)
            node[new] = value
        return doc
    if op == "add_key":
        if isinstance(node, dict):
            value_pool = [*EXTREME_NUMBERS[:12], *DOMAIN_TOKENS[:40], *leaves[:40], [], {}, None]
            node[pool(list(KEY_VOCAB) + keys)] = value_pool[(choice // 5) % len(value_pool)]
            return doc
        return _set(doc, path, {pool(KEY_VOCAB): node})
    if op == "nest":
        depth = 1 + choice % 50
        wrapped: Any = node
        for _ in range(depth):
            wrapped = [wrapped] if choice % 2 else {"x": wrapped}
        return _set(doc, path, wrapped)
    if op == "swap":
        if isinstance(node, list) and len(node) > 1:
            i, j = choice % len(node), (choice // len(node)) % len(node)
            node[i], node[j] = node[j], node[i]
        return doc
    if op == "misplace":  # move a real subtree of the document somewhere else
        other = _get(doc, paths[choice % len(paths)])
        return _set(doc, path, copy.deepcopy(other))
    raise AssertionError(op)


@st.composite
def mutated(draw: st.DrawFn, bases: st.SearchStrategy[Any], vocab: tuple[list[Any], list[str]],
            max_mutations: int = 4) -> Any:
    """A document from ``bases`` with 0..``max_mutations`` mutations applied."""
    doc = copy.deepcopy(draw(bases))
    for _ in range(draw(st.integers(0, max_mutations))):
        op = draw(st.sampled_from(OPS))
        pick = draw(st.integers(0, 1 << 16))
        choice = draw(st.integers(0, 1 << 16))
        doc = apply_mutation(doc, op, pick, choice, vocab)
    return doc


TEXT_SNIPPETS: tuple[str, ...] = (
    "!!python/object/apply:os.system ['echo pwned']", "!!python/name:os.system", "!!binary aGVsbG8=", "!!set {a, b}",
    "&a [1, 2]", "*a", "*undefined", "<<: {x: 1}", "? [1, 2]\n: 3", "- ", "{", "}", "[", "]", "'", '"', "\t", "\n",
    "%YAML 1.1\n", "---\n", "...\n", "\ufeff", ": ", "#", "|\n  x", ">-", "!!int 1e3", "!!float abc", "2026-13-45",
    "!!timestamp 2026-99-99", "1" * 5_000, "0x", ".nan", ".inf", "-.inf", "~", "NaN", "Infinity", "\\ud800",
    '"\\ud800"', "\x85", "\u2028", "\x00", "\x1b", "é", "🏳️‍🌈", "\\", "{a: 1, a: 2}", "[" * 200, "{" * 200,
)
"""Text-level insertions: tags, aliases, merge keys, brackets, quotes, bad escapes, NUL."""


@st.composite
def mutated_text(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> str:
    """Serialised documents with 0..4 text-level edits (insert, delete, duplicate, flip)."""
    text = draw(texts)
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(("insert", "delete", "duplicate_line", "flip", "truncate")))
        at = draw(st.integers(0, 1 << 20)) % (len(text) + 1)
        if op == "insert":
            text = text[:at] + draw(st.sampled_from(TEXT_SNIPPETS)) + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        elif op == "duplicate_line":
            lines = text.splitlines(keepends=True) or [""]
            k = at % len(lines)
            lines.insert(k, lines[k])
            text = "".join(lines)
        elif op == "flip" and text:
            k = at % len(text)
            text = text[:k] + chr((ord(text[k]) ^ (1 << draw(st.integers(0, 7)))) or 0x20) + text[k + 1:]
        elif op == "truncate":
            text = text[:at]
    return text


# --------------------------------------------------------------------------- the check


class FuzzStats:
    """Examples, outcomes, error types and time per kind, written to ``last_run.json``."""

    def __init__(self) -> None:
        self.examples: Counter[str] = Counter()
        self.results: Counter[str] = Counter()
        self.errors: dict[str, Counter[str]] = defaultdict(Counter)
        self.seconds: Counter[str] = Counter()
        self.samples: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))

    def as_dict(self) -> dict[str, Any]:
        kinds = sorted(self.examples)
        return {
            "total_documents": sum(self.examples.values()),
            "total_seconds": round(sum(self.seconds.values()), 1),
            "unexpected_exceptions": 0,  # any would have failed the run
            "scale": SCALE,
            "kinds": {k: {"documents": self.examples[k], "results": self.results[k],
                          "refused_with_SocialValueError": sum(self.errors[k].values()),
                          "error_types": dict(sorted(self.errors[k].items())),
                          "sample_messages": {t: m for t, m in sorted(self.samples[k].items())},
                          "seconds": round(self.seconds[k], 1)} for k in kinds},
        }


STATS = FuzzStats()


def _check_error(exc: SocialValueError, source_required: bool) -> None:
    text = str(exc)
    assert text and exc.message, "an error needs a message"
    if source_required:
        assert exc.source, f"error does not name its source file: {type(exc).__name__}: {text[:300]}"
    assert len(exc.message) < 20_000, f"error message is {len(exc.message):,} characters long"
    assert exc.field or exc.hint or isinstance(exc, DocumentError), f"error points nowhere and offers no fix: {text}"
    if AUDIT and (not exc.hint or not exc.field):  # collect errors that lack a field or a fix
        with open(AUDIT, "a", encoding="utf-8") as handle:
            handle.write(f"{type(exc).__name__}\tfield={exc.field!r}\thint={bool(exc.hint)}\t{exc.message[:150]!r}\n")
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is type(exc) and back.message == exc.message and back.field == exc.field
    json.dumps(exc.to_dict())


def render(result: Any) -> str:
    """Every output form of a result; JSON must be strict (no NaN) and everything UTF-8."""
    out = result.to_json()
    json.loads(out)
    texts = [out, result.to_text(), result.to_markdown(), result.to_html(), result._repr_html_()]
    for text in texts:
        assert isinstance(text, str)
        text.encode("utf-8")
    return out


def check(kind: str, evaluate: Callable[[], Any], *, use: Callable[[Any], Any] = render,
          source_required: bool = True, deterministic: bool = True) -> Any:
    """Run ``evaluate``: a result must pass ``use`` (default: render every form), an error must be a
    SocialValueError naming its source; anything else (or any warning) propagates and fails the test."""
    start = time.perf_counter()
    STATS.examples[kind] += 1
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                result = evaluate()
            except SocialValueError as exc:
                _check_error(exc, source_required)
                STATS.errors[kind][type(exc).__name__] += 1
                samples = STATS.samples[kind][type(exc).__name__]
                if len(samples) < 3 and len(str(exc)) < 400:
                    samples.append(str(exc).replace(str(exc.source), "<source>") if exc.source else str(exc))
                return None
            first = use(result)
            if deterministic and first is not None:
                again = use(evaluate())
                assert again == first, "same document, different output"
            STATS.results[kind] += 1
            return result
    finally:
        STATS.seconds[kind] += time.perf_counter() - start


def render_or_refused(evaluate: Callable[[], Any]) -> str:
    """For a follow-on use of a fuzzed input (not counted as a document): render the result, or
    accept a SocialValueError that names its source."""
    try:
        result = evaluate()
    except SocialValueError as exc:
        _check_error(exc, source_required=True)
        return "refused"
    return render(result)


def finite_json(value: Any) -> str:
    """JSON for a document that may hold NaN/inf (written as YAML-style text by :func:`to_yaml`)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=True, default=str)


def to_yaml(doc: Any) -> str:
    import yaml

    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120)


def isfinite_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
