"""Fuzz proxy datasets (``dataset:`` + ``proxies:``; the bundled uk-open and others): a dataset
that parses must also serialise, index to another price year and value an impact map."""

from __future__ import annotations

import json

from documents import DATASETS, generated_dataset
from hypothesis import example, given
from hypothesis import strategies as st
from mutations import check, collect_vocab, fuzz_settings, mutated

from socialvalue.errors import SocialValueError
from socialvalue.frameworks.sroi import FRAMEWORK
from socialvalue.proxies import parse_dataset

EXAMPLES_PER_RUN = 2_500
VOCAB = collect_vocab(DATASETS)
DOCUMENTS = mutated(st.one_of(st.sampled_from(DATASETS), generated_dataset()), VOCAB)


def _use(dataset) -> str:
    out = json.dumps({"summary": dataset.summary(), "proxies": [p.to_dict() for p in dataset]},
                     allow_nan=False, ensure_ascii=False, default=str)
    for proxy in list(dataset)[:5]:
        proxy.fingerprint()
        proxy.source.cite()
        try:
            proxy.indexed(2024).to_dict()
        except SocialValueError:
            pass  # a price year the deflator does not cover: refused, as it must be
    scalar = [p for p in dataset if not p.is_series][:3]
    if scalar:  # value an impact map with the parsed dataset's own proxies
        doc = {"kind": "impact-map", "name": "uses the fuzzed dataset", "price_year": 2024, "investment": 1000,
               "outcomes": [{"id": f"o{i}", "quantity": 1, "proxy": f"{dataset.id}:{p.id}"}
                            for i, p in enumerate(scalar)]}
        try:
            result = FRAMEWORK.evaluate(doc, source="uses-dataset.yaml", options={"datasets": [dataset]})
        except SocialValueError as exc:
            assert exc.source
        else:
            out += result.to_json() + result.to_text() + result.to_html()
    return out


_ONE = {"id": "g0", "name": "G", "value": 10, "unit": "GBP/person/year", "price_year": 2020, "source": "s",
        "licence": "OGL-UK-3.0"}
_HEAD = {"id": "gen", "name": "Generated", "version": "1", "licence": "OGL-UK-3.0"}
REGRESSIONS = [  # documents that once crashed or misbehaved (see docs/reliability.md)
    {"dataset": _HEAD, "proxies": [{**_ONE, "source": {"title": "no publisher"}}]},  # TypeError in Source
    {"dataset": _HEAD, "proxies": [{**_ONE, "source": {"publisher": "p", "title": "t", "url": float("inf")}}]},
    {"dataset": _HEAD, "proxies": [{**_ONE, "value": 5e-324}]},  # subnormal: ZeroDivisionError in payback
]


@fuzz_settings(EXAMPLES_PER_RUN)
@given(doc=DOCUMENTS)
@example(doc=REGRESSIONS[0])
@example(doc=REGRESSIONS[1])
@example(doc=REGRESSIONS[2])
def test_fuzz_proxy_dataset(doc) -> None:
    check("proxy-dataset", lambda: parse_dataset(doc, source="fuzz-dataset.yaml"), use=_use)
