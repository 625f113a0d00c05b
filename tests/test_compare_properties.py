"""Property tests: the decomposition's parts sum exactly to the difference, always.

``math.fsum(parts) == difference`` bit for bit, for every fact and every total of every pair
of views, on random activities run through the real frameworks, and on synthetic settings
chosen to be hostile to floating point (huge and tiny proxies, deadweight of 1, cancelling
causes, intermediate states far larger than either end).
"""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from socialvalue.compare import DEFAULT_ORDER, compare, load_crosswalk
from socialvalue.compare.activity import ActivityFacts, Fact, View
from socialvalue.compare.core import assemble
from socialvalue.compare.decompose import Setting
from socialvalue.compare.views import Cell, ViewRun
from socialvalue.prices import DiscountSchedule, discount_schedule
from socialvalue.proxies import loads_dataset
from socialvalue.proxies.model import Proxy, Source

# A CLEARLY MARKED TEST DATASET: made-up values under uk-open ids, for the property tests only.
TEST_DATASET = loads_dataset("""
dataset: {id: test-only-made-up-values, name: TEST ONLY - made-up values, version: "0", licence: test-only}
proxies:
  - {id: ashe-median-annual-pay-ft-2024, name: TEST ONLY, value: 21000.5, unit: GBP/person/year, price_year: 2019,
     source: "test fixture, not a real value", licence: test-only}
  - {id: fe-college-apprentice-average-cost-2021-22, name: TEST ONLY, value: 999.99, unit: GBP/learner/year,
     price_year: 2024, source: "test fixture, not a real value", licence: test-only}
  - {id: volunteering-replacement-value-per-hour-2012, name: TEST ONLY, value: 0.01, unit: GBP/hour,
     price_year: 2012, source: "test fixture, not a real value", licence: test-only}
  - {id: road-collision-slight-2023, name: TEST ONLY, value: 3300000, unit: GBP/collision, price_year: 2000,
     source: "test fixture, not a real value", licence: test-only}
""", source="<test dataset>")

FACTS = {  # fact -> unit; carbon needs first_year, which every random activity has
    "local-jobs": "FTE", "apprenticeships": "learner", "volunteering": "hour", "carbon-saved": "tCO2e",
    "adult-skills": "learner_start", "loneliness": "person", "sport": "person", "local-spend": "GBP",
    "slight-collisions-avoided": "collision",
}

quantities = st.one_of(st.integers(0, 10_000).map(float),
                       st.floats(min_value=0.0, max_value=1e7, allow_nan=False, allow_infinity=False))
facts = st.builds(lambda f, q, y: {"fact": f, "quantity": q, "unit": FACTS[f], "years": y},
                  st.sampled_from(sorted(FACTS)), quantities, st.integers(1, 5))
discountings = st.sampled_from([None, "none", "green-book", "green-book-health",
                                {"schedule": "constant", "rate": 0.035}, {"schedule": "constant", "rate": 0.11}])


@st.composite
def views(draw):
    n = draw(st.integers(2, 4))
    out = []
    for i in range(n):
        view = {"framework": draw(st.sampled_from(["sroi", "toms"])), "label": f"view {i}"}
        if draw(st.booleans()):
            view["dataset"] = TEST_DATASET
        if draw(st.booleans()):
            view["price_year"] = draw(st.integers(2005, 2024))
        d = draw(discountings)
        if d is not None:
            view["discounting"] = d
        if draw(st.booleans()):
            view["discount_start"] = draw(st.sampled_from(["year-0", "year-1"]))
        out.append(view)
    return out


def check(result) -> None:
    for s in result.subjects:
        for d in s.decompositions:
            for row in (*d.rows, d.total):
                assert math.fsum(row.parts.values()) == row.difference
                if row.from_value is not None and row.to_value is not None:
                    assert row.to_value - row.from_value == row.difference
            for cause in d.total.parts:
                assert math.fsum(r.parts[cause] for r in d.rows) == d.total.parts[cause]
        for i, total in enumerate(s.totals):
            assert math.fsum(r.values[i] for r in s.rows if r.values[i] is not None) == total


@settings(max_examples=40)
@given(st.lists(facts, min_size=1, max_size=5, unique_by=lambda f: f["fact"]), views(),
       st.permutations(DEFAULT_ORDER), st.sampled_from([2015, 2020, 2024]))
def test_parts_sum_exactly_on_random_activities(fact_list, view_list, order, price_year) -> None:
    activity = {"name": "random", "price_year": price_year, "first_year": 2026, "investment": 1000,
                "facts": fact_list}
    result = compare(activity, view_list, pairs="all", order=order)
    check(result)
    for s in result.subjects:  # the framework's own figure, to the fixed-point quantum (an absolute step)
        for row in s.rows:
            for value, cell in zip(row.values, row.cells, strict=True):
                if value is not None:
                    assert abs(value - cell.framework_value) <= result.quantum + 1e-9 * abs(value)


# --------------------------------------------------------------------------- hostile synthetic settings

SOURCE = Source(publisher="test", title="synthetic")
magnitudes = st.one_of(st.floats(min_value=1e-9, max_value=1e9, allow_nan=False), st.sampled_from([0.0, 1.0, 3e8]))
fractions = st.one_of(st.sampled_from([0.0, 1.0, 0.999999, 0.5]), st.floats(0.0, 1.0, allow_nan=False))


@st.composite
def synthetic_settings(draw, quantity):
    proxy = Proxy(id="p", name="synthetic", value=draw(magnitudes), unit="GBP/hour",
                  price_year=draw(st.integers(1990, 2024)), source=SOURCE, licence="test")
    rate = draw(st.sampled_from([0.0, 0.035, 0.5, -0.2]))
    return Setting(quantity=quantity, proxy=proxy, unit_factor=draw(st.sampled_from([1.0, 0.1, 37.5, 1e-6])),
                   price_year=draw(st.integers(1990, 2024)),
                   adjustments=tuple(draw(fractions) for _ in range(4)), start=draw(st.integers(1, 3)),
                   duration=draw(st.integers(1, 40)), drop_off=draw(fractions),
                   schedule=discount_schedule("green-book") if rate == 0.035 else DiscountSchedule.constant(rate),
                   convention=draw(st.sampled_from(["sroi", "green-book"])))


@settings(max_examples=60)
@given(st.data(), st.integers(1, 4), st.integers(2, 3))
def test_parts_sum_exactly_on_hostile_settings(data, n_facts, n_views) -> None:
    crosswalk = load_crosswalk()
    spec = crosswalk.facts["volunteering"]
    fact_objs = []
    for k in range(n_facts):
        q = data.draw(magnitudes)
        fact_objs.append(Fact(id=f"f{k}", fact="volunteering", quantity=q, unit="hour", years=1, spec=spec,
                              written=f"{q} hour"))
    subject = ActivityFacts(name="synthetic", facts=tuple(fact_objs), price_year=2024)
    runs = []
    for i in range(n_views):
        cells = []
        for fact in fact_objs:
            if data.draw(st.integers(0, 5)) == 0:
                cells.append(Cell("no counterpart", reason="synthetic"))
                continue
            setting = data.draw(synthetic_settings(fact.per_year))
            from socialvalue.compare import engine_value

            cells.append(Cell("valued", setting=setting, framework_value=engine_value(setting)))
        view = View(label=f"v{i}", framework="sroi", field=f"views[{i}]")
        runs.append(ViewRun(view=view, cells=(tuple(cells),), results=(), price_year=2024,
                            schedule=discount_schedule("none"), convention="sroi"))
    pairs = tuple((a, b) for a in range(n_views) for b in range(n_views) if a != b)
    order = data.draw(st.permutations(DEFAULT_ORDER))
    result = assemble(runs, [subject], crosswalk, order=order, pair_index=pairs)
    check(result)
    # a decomposition and its reverse are exact negatives of each other
    by_pair = {(d.from_view, d.to_view): d for d in result.subjects[0].decompositions}
    for (a, b), d in by_pair.items():
        assert by_pair[(b, a)].total.difference == -d.total.difference
