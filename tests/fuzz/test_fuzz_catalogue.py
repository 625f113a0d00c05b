"""Fuzz measure catalogues: YAML/JSON data (the bundled open catalogue and a licensed-style
one with themes, inline proxies and targets) and CSV files. A catalogue that parses must
serialise and score a tender that names it."""

from __future__ import annotations

import json

from documents import CATALOGUE_CSVS, CATALOGUES
from hypothesis import example, given
from hypothesis import strategies as st
from mutations import check, collect_vocab, fuzz_settings, mutated, mutated_text, render_or_refused

from socialvalue.frameworks.toms import FRAMEWORK
from socialvalue.frameworks.toms.catalogue import parse_catalogue
from socialvalue.frameworks.toms.measures import load_catalogue

EXAMPLES_PER_RUN = 2_000
CSV_EXAMPLES_PER_RUN = 1_500
VOCAB = collect_vocab(CATALOGUES)
DOCUMENTS = mutated(st.sampled_from(CATALOGUES), VOCAB)


def _tender(catalogue_file: str, codes: list[str]) -> dict:
    return {"kind": "tender", "name": "uses the fuzzed catalogue", "catalogue": catalogue_file,
            "contract": {"value": 1_000_000, "years": 3, "price_year": 2024, "start_year": 2026},
            "scoring": {"method": "relative", "weight": 10, "quantitative_share": 1},
            "bids": [{"supplier": "S", "commitments": [{"measure": c, "quantity": 1} for c in codes[:3]]}]}


def _user(fuzz_dir, name: str):
    def use(catalogue) -> str:
        out = json.dumps({**catalogue.summary(), "measures": [m.to_dict() for m in catalogue],
                          "targets": list(catalogue.targets)}, allow_nan=False, ensure_ascii=False, default=str)
        doc = _tender(name, catalogue.codes)
        return out + render_or_refused(lambda: FRAMEWORK.evaluate(
            doc, source=str(fuzz_dir / "fuzz-tender.yaml"), options={"base_dir": str(fuzz_dir)}))
    return use


REGRESSIONS = [  # documents that once crashed or misbehaved (see docs/reliability.md)
    {**CATALOGUES[1], "catalogue": {**CATALOGUES[1]["catalogue"], "id": float("inf")}},  # inf id broke JSON
    {**CATALOGUES[1], "targets": [{"measure": "FZ-3", "quantities": float("inf")}]},  # unchecked targets
]


@fuzz_settings(EXAMPLES_PER_RUN)
@given(doc=DOCUMENTS)
@example(doc=REGRESSIONS[0])
@example(doc=REGRESSIONS[1])
def test_fuzz_catalogue(doc, fuzz_dir) -> None:
    path = fuzz_dir / "fuzzed-catalogue.json"
    path.write_text(json.dumps(doc, allow_nan=True, ensure_ascii=False, default=str), encoding="utf-8")
    check("catalogue", lambda: parse_catalogue(doc, source="fuzz-catalogue.yaml"), use=_user(fuzz_dir, path.name))


@fuzz_settings(CSV_EXAMPLES_PER_RUN)
@given(text=mutated_text(st.sampled_from(CATALOGUE_CSVS)))
def test_fuzz_catalogue_csv(text, fuzz_dir) -> None:
    path = fuzz_dir / "fuzzed-catalogue.csv"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    check("catalogue-csv", lambda: load_catalogue(path), use=_user(fuzz_dir, path.name))
