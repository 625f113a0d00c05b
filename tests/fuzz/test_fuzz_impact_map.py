"""Fuzz impact maps (``kind: impact-map``, the sroi framework), with and without sensitivity,
Monte Carlo and a price-year override: result or SocialValueError, never anything else."""

from __future__ import annotations

from documents import IMPACT_MAPS, generated_impact_map
from hypothesis import example, given
from hypothesis import strategies as st
from mutations import EXTREME_NUMBERS, check, collect_vocab, fuzz_settings, mutated

from socialvalue.frameworks.sroi import FRAMEWORK

EXAMPLES_PER_RUN = 5_000
VOCAB = collect_vocab(IMPACT_MAPS)
DOCUMENTS = mutated(st.one_of(st.sampled_from(IMPACT_MAPS), generated_impact_map()), VOCAB)
HOSTILE_OPTIONS = st.fixed_dictionaries({}, optional={
    "sensitivity": st.booleans(),
    "break_even_target": st.sampled_from([1.0, 0.0, 2.5, -1.0, 1e308, float("nan"), "1"]),
    "monte_carlo": st.sampled_from([None, 1, 16, 64, 0, -5, 2.5, "10"]),
    "seed": st.sampled_from([None, 0, 1, 2**63, -1, "seed"]),
    "price_year": st.sampled_from([None, 2020, 2024, *EXTREME_NUMBERS[-20:]]),
    "compare_forecast": st.booleans(),
})
OPTIONS = st.one_of(
    st.sampled_from([{}, {}, {}, {"sensitivity": True}, {"monte_carlo": 32, "seed": 7}, {"price_year": 2020},
                     {"sensitivity": True, "break_even_target": 2.0, "monte_carlo": 8, "seed": 3,
                      "price_year": 2023}, {"compare_forecast": False}]),
    HOSTILE_OPTIONS)


_CARBON = next(m for m in IMPACT_MAPS if "carbon-value-desnz" in str(m))
REGRESSIONS = [  # (document, options) that once crashed or misbehaved (see docs/reliability.md)
    ({**IMPACT_MAPS[0], "conventions": {"discount_start": ["year-0"]}}, {}),  # unhashable: TypeError
    (IMPACT_MAPS[0], {"price_year": float("inf")}),  # int(inf): OverflowError
    (IMPACT_MAPS[0], {"monte_carlo": 8, "seed": -1}),  # engine error without the file's name
    ({**_CARBON, "outcomes": [{**o, "duration": 10**18} for o in _CARBON["outcomes"]]}, {}),  # numpy dimension
    ({**IMPACT_MAPS[0], "outcomes": [{**o, "quantity": 1e300, "ranges": {"deadweight": [0, 0.5]}}
                                     for o in IMPACT_MAPS[0]["outcomes"]]},
     {"monte_carlo": 16, "seed": 1}),  # numpy overflow warning in Monte Carlo
    (next(m for m in IMPACT_MAPS if m.get("mode") == "evaluation"), {}),  # forecast record broke to_html
    ({**IMPACT_MAPS[0], "discounting": {"schedule": "constant", "rate": 10**400}}, {}),  # float(): OverflowError
]


@fuzz_settings(EXAMPLES_PER_RUN)
@given(doc=DOCUMENTS, options=OPTIONS)
@example(doc=REGRESSIONS[0][0], options=REGRESSIONS[0][1])
@example(doc=REGRESSIONS[1][0], options=REGRESSIONS[1][1])
@example(doc=REGRESSIONS[2][0], options=REGRESSIONS[2][1])
@example(doc=REGRESSIONS[3][0], options=REGRESSIONS[3][1])
@example(doc=REGRESSIONS[4][0], options=REGRESSIONS[4][1])
@example(doc=REGRESSIONS[5][0], options=REGRESSIONS[5][1])
@example(doc=REGRESSIONS[6][0], options=REGRESSIONS[6][1])
def test_fuzz_impact_map(doc, options, fuzz_dir) -> None:
    check("impact-map", lambda: FRAMEWORK.evaluate(doc, source=str(fuzz_dir / "fuzz-impact-map.yaml"),
                                                   options={"base_dir": str(fuzz_dir), **options}))
