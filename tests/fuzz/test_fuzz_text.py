"""Fuzz the files themselves: every kind of document written out as YAML or JSON, then edited
as text (tags, aliases, merge keys, brackets, bad escapes, NUL, bit flips, truncation) and
read back through the safe loader and the framework that claims it."""

from __future__ import annotations

import json
from collections.abc import Mapping

from documents import ASSESSMENTS, CATALOGUES, DATASETS, IMPACT_MAPS, LM3S, MONITORING, TENDERS
from hypothesis import example, given
from hypothesis import strategies as st
from mutations import check, fuzz_settings, mutated_text, render, to_yaml

from socialvalue.documents import load_data
from socialvalue.frameworks import framework_for
from socialvalue.frameworks.toms.catalogue import parse_catalogue
from socialvalue.proxies import parse_dataset

EXAMPLES_PER_RUN = 4_000
_DOCS = [*IMPACT_MAPS, *TENDERS, *MONITORING, *ASSESSMENTS, *LM3S, DATASETS[1], DATASETS[2], *CATALOGUES]
TEXTS = [to_yaml(d) for d in _DOCS] + [json.dumps(d, default=str, ensure_ascii=False) for d in _DOCS]


def _evaluate(data, source: str, base_dir: str):
    if isinstance(data, Mapping) and "dataset" in data and "kind" not in data:
        return parse_dataset(data, source=source)
    if isinstance(data, Mapping) and "catalogue" in data and "kind" not in data:
        return parse_catalogue(data, source=source)
    return framework_for(data, source=source).evaluate(data, source=source, options={"base_dir": base_dir})


def _use(result) -> str:
    if hasattr(result, "to_json"):
        return render(result)
    return json.dumps(result.summary(), allow_nan=False, default=str)


REGRESSIONS = [  # files that once crashed (see docs/reliability.md)
    "!!timestamp 2026-99-99kind: lm3\n",  # AttributeError inside PyYAML
    "date: 2026-13-45\nkind: assessment\n",  # ValueError from a YAML date
    "kind: lm3\nname: " + "9" * 5_000 + "\n",  # int beyond Python's digit limit: ValueError
    '{"kind": "lm3", "name": ' + "9" * 5_000 + "}",
    "kind: lm3\nframework: not-installed\n",  # unknown framework without the file's name
    "kind: impact-map\nname: n\nprice_year: 2024\ninvestment: 1\ndiscounting: {1: 2, x: 3}\n",  # sorted() TypeError
    '{"kind": "lm3", "name": "\\ud800"}',  # lone surrogate: could not be written as UTF-8
    "2024-01-01: x\nkind: lm3\n",  # a date key broke the input hash
]


@fuzz_settings(EXAMPLES_PER_RUN)
@given(text=mutated_text(st.sampled_from(TEXTS)), as_bytes=st.booleans())
@example(text=REGRESSIONS[0], as_bytes=False)
@example(text=REGRESSIONS[1], as_bytes=False)
@example(text=REGRESSIONS[2], as_bytes=True)
@example(text=REGRESSIONS[3], as_bytes=False)
@example(text=REGRESSIONS[4], as_bytes=False)
@example(text=REGRESSIONS[5], as_bytes=False)
@example(text=REGRESSIONS[6], as_bytes=False)
@example(text=REGRESSIONS[7], as_bytes=False)
def test_fuzz_document_text(text, as_bytes, fuzz_dir) -> None:
    fmt = "json" if text.lstrip().startswith("{") else "yaml"
    source = str(fuzz_dir / f"fuzz-text.{fmt}")
    raw = text.encode("utf-8", "surrogatepass") if as_bytes else text
    check("document-text", lambda: _evaluate(load_data(raw, source=source, fmt=fmt), source, str(fuzz_dir)),
          use=_use)
