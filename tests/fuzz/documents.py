"""Valid starting documents for the fuzz suite, per kind: the examples, the bundled data,
hand-written variants that reach other code paths, and small generators of valid documents.

Documents that name other files use names relative to the fixture folder that
:func:`write_fixture_folder` fills (copies of ``examples/`` plus a few extra files), so
the fuzz suite never reads outside it.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from mutations import EXAMPLES, SRC

from socialvalue.documents import read_document

# --------------------------------------------------------------------------- fixture files

FIXTURE = "fuzz fixture - not a real value"

DATASET_YAML = f"""
dataset: {{id: fuzz-data, name: Fuzz dataset, version: "1", licence: OGL-UK-3.0, description: fixture}}
proxies:
  - id: fz-scalar
    name: Scalar with a range
    value: 1000
    low: 800
    high: 1500
    unit: GBP/person/year
    price_year: 2020
    source: {{publisher: Fixture, title: "{FIXTURE}", year: 2020, url: "https://example.org"}}
    licence: OGL-UK-3.0
    theme: employment
    tags: [jobs, fixture]
    confidence: P
    derivation:
      formula: a x b
      inputs: {{a: {{value: 10, unit: GBP, source: x}}, b: {{value: 100, source: y}}}}
  - id: fz-series
    name: Series by year
    value: {{2024: 100, 2025: 110, 2026: 120, 2027: 130, 2028: 140, 2029: 150, 2030: 160}}
    low: {{2024: 50, 2025: 55, 2026: 60, 2027: 65, 2028: 70, 2029: 75, 2030: 80}}
    high: {{2024: 150, 2025: 165, 2026: 180, 2027: 195, 2028: 210, 2029: 225, 2030: 240}}
    unit: GBP/tCO2e
    price_year: 2024
    source: "{FIXTURE}"
    licence: OGL-UK-3.0
  - id: fz-hourly
    name: Hourly
    value: 12.5
    unit: GBP/hour
    price_year: 2024
    source: {{publisher: Fixture, title: "{FIXTURE}"}}
    licence: OGL-UK-3.0
    region: England
"""

PRESETS_YAML = f"""
table:
  id: fuzz-presets
  name: Fuzz presets
  version: "1"
  licence: test
  source: {{title: "{FIXTURE}"}}
presets:
  - {{adjustment: deadweight, key: low, value: 0.1, label: low deadweight, confidence: P}}
  - {{adjustment: attribution, key: low, value: 0.2, label: low attribution}}
  - {{adjustment: drop_off, key: training, value: 0.3, label: training drop-off, confidence: U}}
  - {{adjustment: leakage, key: training, value: 0.05, label: training leakage}}
"""

CATALOGUE_YAML = f"""
catalogue:
  id: fuzz-catalogue
  name: Fuzz catalogue
  version: "2024.1"
  edition: FZ-2024
  licence: test fixture
themes:
  - id: jobs
    name: Jobs
    outcomes: [{{id: local, name: Local employment}}]
  - id: env
    name: Environment
measures:
  - code: FZ-1
    description: Local people employed (FTE)
    theme: jobs
    outcome: local
    unit: FTE
    proxy: {{value: 1000, unit: GBP/FTE/year, price_year: 2024, source: "{FIXTURE}"}}
    counting: each-year
    evidence: payroll postcodes
  - code: FZ-2
    description: Long-term unemployed hired (FTE)
    theme: jobs
    unit: FTE
    proxy: {{value: 500, unit: GBP/FTE/year, price_year: 2023, source: "{FIXTURE}", low: 400, high: 600}}
    counting: first-year-only
  - code: FZ-3
    description: Volunteering hours
    theme: jobs
    unit: hour
    proxy: uk-open:volunteering-replacement-value-per-hour-2012
  - code: FZ-4
    description: Carbon saved
    theme: env
    unit: tCO2e
    proxy: carbon-value-desnz
  - code: FZ-5
    description: Employees (read as FTE)
    theme: jobs
    unit: FTE
    proxy: ashe-median-annual-pay-ft-2024
    proxy_unit_as: GBP/FTE/year
  - code: FZ-6
    description: Local spend (reported only)
    theme: env
    unit: GBP
    monetised: false
targets:
  - {{measure: FZ-1, quantity: 3 FTE, years: 2}}
  - {{measure: FZ-3, quantities: [10, 20]}}
"""

CATALOGUE_CSV = f"""# id: fuzz-catalogue-csv
# name: Fuzz catalogue as CSV
# version: 2024.1
# edition: FZ-2024
# licence: test fixture
code,description,theme,outcome,unit,proxy,proxy_value,proxy_unit,proxy_price_year,proxy_source,counting,evidence,monetised
FZ-1,Local people employed (FTE),jobs,local,FTE,,1000,GBP/FTE/year,2024,{FIXTURE},each-year,payroll,
FZ-2,Long-term unemployed hired (FTE),jobs,,FTE,,500,GBP/FTE/year,2024,{FIXTURE},first-year-only,,
FZ-3,Volunteering hours,jobs,,hour,uk-open:volunteering-replacement-value-per-hour-2012,,,,,,,
FZ-4,Carbon,env,,tCO2e,carbon-value-desnz,,,,,,,
FZ-6,Local spend,env,,GBP,,,,,,,,false
"""

PREVIOUS_ASSESSMENT = """
kind: assessment
framework: flexible-framework
organisation: Example Borough Council (fictional example)
date: 2025-03-31
criteria:
  - {id: people.1.a, status: met}
  - {id: people.1.b, status: partly}
  - {id: policy.1.a, status: met}
"""


def write_fixture_folder(folder: Path) -> Path:
    """Fill ``folder`` with the files the base documents name; returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in EXAMPLES.iterdir():
        if path.is_file() and path.suffix in (".yaml", ".csv", ".xlsx"):
            shutil.copy(path, folder / path.name)
    for name, text in (("fuzz-dataset.yaml", DATASET_YAML), ("fuzz-presets.yaml", PRESETS_YAML),
                       ("fuzz-catalogue.yaml", CATALOGUE_YAML), ("fuzz-catalogue.csv", CATALOGUE_CSV),
                       ("assessment-previous.yaml", PREVIOUS_ASSESSMENT)):
        (folder / name).write_text(text.lstrip(), encoding="utf-8")
    (folder / "sub").mkdir(exist_ok=True)
    (folder / "sub" / "nested-previous.yaml").write_text(PREVIOUS_ASSESSMENT.lstrip(), encoding="utf-8")
    return folder


def _examples(kind: str) -> list[dict[str, Any]]:
    out = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        doc = read_document(path)
        if isinstance(doc, dict) and doc.get("kind") == kind:
            out.append(doc)
    return out


def _load(text: str) -> Any:
    import yaml

    return yaml.safe_load(text)


# --------------------------------------------------------------------------- impact maps

IMPACT_MAPS: list[dict[str, Any]] = _examples("impact-map")
_inline = {
    "kind": "impact-map", "name": "Inline and dataset proxies", "price_year": 2024, "first_year": 2025,
    "discounting": {"schedule": "green-book-health"}, "conventions": {"discount_start": "year-0"},
    "investment": [{"name": "grant", "amount": 1000}, {"name": "match", "amount": 0}],
    "datasets": ["fuzz-dataset.yaml"], "presets": ["fuzz-presets.yaml", "sroi-category-scale"],
    "domains": ["thriving", "well served"],
    "outcomes": [
        {"id": "a", "quantity": "10 person", "proxy": "fz-scalar", "duration": 3, "deadweight": {"preset": "low"},
         "attribution": "20%", "leakage": {"preset": "training"}, "drop_off": "preset", "type": "training",
         "domain": "thriving", "beneficiaries": "Group A", "ranges": {"displacement": [0, 0.3]}},
        {"id": "b", "quantity": 5, "proxy": "fuzz-data:fz-series", "duration": 4, "start_year": 2, "negative": True,
         "low": None, "theme": "environment"},
        {"id": "c", "quantity": "1.5e3 hour", "proxy": {"value": 9.5, "unit": "GBP/hour", "price_year": 2023,
                                                      "source": "fixture", "low": 9, "high": 12},
         "duration": 2, "drop_off": 0.5},
        {"id": "d", "quantity": 0, "proxy": "wellby-hmt", "low": 10000, "high": 16000},
    ],
}
IMPACT_MAPS.append(_inline)
IMPACT_MAPS.append({**copy.deepcopy(_inline), "discounting": {"schedule": "constant", "rate": -0.5},
                    "investment": 0, "mode": "evaluation", "forecast": "employment-programme.yaml"})
IMPACT_MAPS.append({"kind": "impact-map", "name": "Minimal", "price_year": 2024, "investment": 1,
                    "discounting": "none", "outcomes": [{"id": "x", "quantity": 1, "proxy": "qaly-green-book"}]})

UK_OPEN_SCALARS = ("ashe-median-annual-pay-ft-2024", "qaly-green-book", "wellby-hmt", "loneliness-chronic-cost-dcms",
                   "nhs-outpatient-attendance-2016-17", "crime-robbery", "road-collision-slight-2023",
                   "volunteering-total-impact-per-volunteer-2021-22", "ashe-median-hourly-pay-ft-excl-overtime-2024",
                   "fz-scalar", "fz-hourly")
fractions = st.one_of(st.sampled_from([0.0, 0.1, 0.25, 0.5, 1.0]), st.floats(0, 1), st.sampled_from(["10%", "0%"]))
amounts = st.one_of(st.integers(0, 10**7), st.floats(0, 1e9, allow_nan=False))


@st.composite
def generated_impact_map(draw: st.DrawFn) -> dict[str, Any]:
    outcomes = []
    for i in range(draw(st.integers(1, 5))):
        series = draw(st.integers(0, 5)) == 0
        proxy = "carbon-value-desnz" if series else draw(st.sampled_from(UK_OPEN_SCALARS))
        out = {"id": f"o{i}", "quantity": draw(amounts), "proxy": proxy, "duration": draw(st.integers(1, 12)),
               "start_year": draw(st.integers(1, 3)), "negative": draw(st.booleans())}
        for adj in ("deadweight", "displacement", "attribution", "leakage", "drop_off"):
            if draw(st.booleans()):
                out[adj] = draw(fractions)
        if proxy == "fz-hourly":
            out["quantity"] = f"{draw(st.integers(0, 10**5))} hour"
        outcomes.append(out)
    doc = {"kind": "impact-map", "name": draw(st.sampled_from(["Generated", "Generated é 👩‍👩‍👧"])),
           "price_year": draw(st.integers(2015, 2024)), "first_year": draw(st.integers(2020, 2030)),
           "discounting": draw(st.sampled_from([{"schedule": "green-book"}, {"schedule": "none"},
                                                {"schedule": "constant", "rate": 0.035}, "green-book-health"])),
           "conventions": {"discount_start": draw(st.sampled_from(["year-0", "year-1"]))},
           "investment": draw(amounts), "outcomes": outcomes, "datasets": ["fuzz-dataset.yaml"]}
    return doc


# --------------------------------------------------------------------------- tenders

TENDERS: list[dict[str, Any]] = _examples("tender")
_highways = copy.deepcopy(TENDERS[0])
_from_csv = {k: val for k, val in copy.deepcopy(_highways).items() if k != "bids"}
_from_csv["bids_file"] = "tender-highways-bids.csv"
TENDERS.append(_from_csv)
TENDERS.append({**copy.deepcopy(_highways), "catalogue": ["open-toms-style", "fuzz-catalogue.yaml"],
                "datasets": ["fuzz-dataset.yaml"],
                "discounting": {"schedule": "green-book"}, "conventions": {"discount_start": "year-0"},
                "scoring": {"method": "target-percent", "target_percent": 10, "weight": 20, "quantitative_share": 1,
                            "basis": "offered", "tie_break": ["social_value", "supplier-name"]},
                "bids": [
                    {"supplier": "One", "commitments": [
                        {"measure": "FZ-1", "quantity": 3, "years": 2, "confidence": "80%"},
                        {"measure": "FZ-2", "quantities": [2], "evidence": True},
                        {"measure": "FZ-3", "quantity": "120 hour/year", "years": 3},
                        {"measure": "FZ-4", "quantities": ["10 tCO2e", "5 tCO2e", 1]},
                        {"measure": "FZ-5", "quantity": 1.5, "unit": "FTE"},
                        {"measure": "FZ-6", "quantity": "50000 GBP"}]},
                    {"supplier": "Two", "commitments": []},
                    {"supplier": "two (again)", "commitments": [{"measure": "OPEN-ENV-CARBON", "quantity": 0}]}]})
TENDERS.append({**copy.deepcopy(_highways), "catalogue": "fuzz-catalogue.csv", "measures": None,
                "scoring": {"method": "relative", "weight": 10, "quantitative_share": 0.5,
                            "qualitative_bands": {"good": 70, "poor": 20}},
                "bids": [{"supplier": "A", "qualitative": "good", "commitments": [{"measure": "FZ-1", "quantity": 1}]},
                         {"supplier": "B", "qualitative": 20, "commitments": [{"measure": "FZ-4", "quantity": 2}]}]})

_OPEN_MEASURES = (("OPEN-JOBS-LOCAL", "FTE"), ("OPEN-SKILLS-APPRENTICE", "learner"),
                  ("OPEN-COMMUNITY-VOLUNTEERING", "hour"), ("OPEN-GROWTH-LOCAL-SPEND", "GBP"),
                  ("OPEN-HEALTH-SPORT", "person"), ("OPEN-ENV-CARBON", "tCO2e"), ("OPEN-HEALTH-LONELINESS", "person"))


@st.composite
def generated_tender(draw: st.DrawFn) -> dict[str, Any]:
    years = draw(st.integers(1, 5))
    bids = []
    for i in range(draw(st.integers(1, 4))):
        commitments = []
        for _ in range(draw(st.integers(0, 4))):
            code, unit = draw(st.sampled_from(_OPEN_MEASURES))
            c: dict[str, Any] = {"measure": code}
            if draw(st.booleans()):
                c["quantities"] = [draw(st.integers(0, 100)) for _ in range(draw(st.integers(1, years)))]
            else:
                c["quantity"] = f"{draw(st.floats(0, 1e6, allow_nan=False))} {unit}"
                if unit in ("FTE", "learner", "person"):
                    c["years"] = draw(st.integers(1, years))
            if draw(st.booleans()):
                c["confidence"] = draw(fractions)
            commitments.append(c)
        bids.append({"supplier": f"Supplier {i}", "qualitative": draw(st.integers(0, 100)),
                     "commitments": commitments})
    return {"kind": "tender", "name": "Generated tender",
            "contract": {"value": draw(st.floats(1, 1e9)), "years": years, "price_year": draw(st.integers(2020, 2024)),
                         "start_year": draw(st.integers(2024, 2030))},
            "catalogue": "open-toms-style",
            "scoring": {"method": draw(st.sampled_from(["relative", "target-percent"])), "target_percent": 5,
                        "weight": draw(st.integers(1, 100)), "quantitative_share": draw(fractions)}
            if draw(st.booleans()) else {"method": "relative", "weight": 20, "quantitative_share": 0.5},
            "bids": bids}


# --------------------------------------------------------------------------- monitoring

MONITORING: list[dict[str, Any]] = _examples("monitoring")
MONITORING.append({
    "kind": "monitoring", "name": "Inline contract", "supplier": "Alpha Ltd",
    "contract": {"value": 1_000_000, "years": 2, "price_year": 2024, "start_year": 2026},
    "catalogue": ["open-toms-style", "fuzz-catalogue.yaml"], "datasets": ["fuzz-dataset.yaml"],
    "measures": [{"code": "MY-1", "description": "mine", "unit": "hour", "proxy": "fz-hourly"}],
    "commitments": [{"measure": "OPEN-JOBS-LOCAL", "quantity": "4 FTE", "years": 2},
                    {"measure": "FZ-3", "quantities": [100, 50]}, {"measure": "MY-1", "quantity": "10 hour"},
                    {"measure": "FZ-6", "quantity": "1000 GBP"}, {"measure": "OPEN-ENV-CARBON", "quantity": 3}],
    "periods": ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8"], "period_length": "quarter", "as_of": "Q5",
    "deliveries": [{"measure": "OPEN-JOBS-LOCAL", "period": "Q1", "quantity": "5 FTE"},
                   {"measure": "OPEN-JOBS-LOCAL", "period": "Q2", "quantity": 3, "evidence": False, "note": "n"},
                   {"measure": "FZ-3", "period": "Q3", "quantity": "30 hour"},
                   {"measure": "MY-1", "period": "Q1", "quantity": 1},
                   {"measure": "OPEN-ENV-CARBON", "period": "Q4", "quantity": "2 tCO2e"},
                   {"measure": "FZ-6", "period": "Q5", "quantity": 250}]})
MONITORING.append({**copy.deepcopy(MONITORING[0]), "periods": [str(m) for m in range(1, 37)],
                   "period_length": "month", "as_of": 13,
                   "deliveries": [{"measure": "OPEN-JOBS-LOCAL", "period": 1, "quantity": "14 FTE"},
                                  {"measure": "OPEN-COMMUNITY-VOLUNTEERING", "period": "12", "quantity": "20 hour"}]})


# --------------------------------------------------------------------------- assessments

ASSESSMENTS: list[dict[str, Any]] = _examples("assessment")
ASSESSMENTS.append({**copy.deepcopy(ASSESSMENTS[0]), "previous": "assessment-previous.yaml",
                    "rules": {"cumulative": False, "partly_counts_as_met": True}})
ASSESSMENTS.append({"kind": "assessment", "organisation": "Example Borough Council (fictional example)",
                    "date": "2027-01-01", "previous": "sub/nested-previous.yaml", "criteria": []})
_CRITERIA = [f"{t}.{lvl}.{c}" for t in ("people", "policy", "process", "suppliers", "measurement")
             for lvl in range(1, 6) for c in "abcd"]


@st.composite
def generated_assessment(draw: st.DrawFn) -> dict[str, Any]:
    ids = draw(st.lists(st.sampled_from(_CRITERIA), max_size=30, unique=True))
    return {"kind": "assessment", "framework": "flexible-framework", "organisation": "Generated org",
            "date": draw(st.dates()).isoformat(),
            "rules": {"cumulative": draw(st.booleans()), "partly_counts_as_met": draw(st.booleans())},
            "criteria": [{"id": i, "status": draw(st.sampled_from(["met", "partly", "not-met", "unknown"]))}
                         for i in ids]}


# --------------------------------------------------------------------------- LM3

LM3S: list[dict[str, Any]] = _examples("lm3")
LM3S.append({"kind": "lm3", "name": "Tiny", "boundary": "Town", "period": 2025,
             "spend": [{"recipient": "A", "kind": "staff", "amount": 1, "local": True, "local_respend": [0, 1]},
                       {"recipient": "B", "kind": "other", "amount": 0, "local": True, "local_respend": "unknown"}]})


@st.composite
def generated_lm3(draw: st.DrawFn) -> dict[str, Any]:
    lines = []
    for i in range(draw(st.integers(1, 8))):
        local = draw(st.booleans())
        line: dict[str, Any] = {"recipient": f"R{i}", "kind": draw(st.sampled_from(["staff", "supplier", "other"])),
                                "amount": draw(amounts), "local": local}
        if local:
            line["local_respend"] = draw(st.one_of(fractions, st.just("unknown"), st.lists(fractions, min_size=1,
                                                                                              max_size=5)))
        lines.append(line)
    return {"kind": "lm3", "name": "Generated", "boundary": "The county", "spend": lines}


# --------------------------------------------------------------------------- proxy datasets

DATASETS: list[dict[str, Any]] = [read_document(SRC / "proxies" / "data" / "uk-open.yaml"), _load(DATASET_YAML)]
_uk = DATASETS[0]
DATASETS.append({"dataset": dict(_uk["dataset"]), "proxies": copy.deepcopy(_uk["proxies"][:6])})
DATASETS.append({"dataset": dict(_uk["dataset"]),
                 "proxies": [copy.deepcopy(p) for p in _uk["proxies"] if p["id"] in ("carbon-value-desnz", "wellby-hmt")]})

_UNITS = ("GBP/person/year", "GBP/FTE/year", "GBP/tCO2e", "GBP/hour", "GBP/QALY", "GBP/offence", "GBP/household/week",
          "GBP/person/month", "GBP")


@st.composite
def generated_dataset(draw: st.DrawFn) -> dict[str, Any]:
    proxies = []
    for i in range(draw(st.integers(1, 4))):
        value = draw(st.floats(0, 1e7, allow_nan=False))
        p: dict[str, Any] = {"id": f"g{i}", "name": f"Generated {i}", "value": value, "unit": draw(st.sampled_from(_UNITS)),
                             "price_year": draw(st.integers(1990, 2024)), "source": "generated",
                             "licence": "OGL-UK-3.0"}
        if draw(st.booleans()):
            p["low"], p["high"] = value * draw(st.floats(0, 1)), value * (1 + draw(st.floats(0, 1)))
        proxies.append(p)
    return {"dataset": {"id": "gen", "name": "Generated", "version": draw(st.sampled_from(["1", 2, 2.5])),
                        "licence": "OGL-UK-3.0"}, "proxies": proxies}


# --------------------------------------------------------------------------- catalogues

CATALOGUES: list[dict[str, Any]] = [
    read_document(SRC / "frameworks" / "toms" / "data" / "open-toms-style.yaml"), _load(CATALOGUE_YAML)]
CATALOGUE_CSVS: list[str] = [
    CATALOGUE_CSV.lstrip(),
    "# licence: x\ncode,description,theme,unit,proxy\nA,a,t,FTE,ashe-median-annual-pay-ft-2024\nB,b,t,hour,fz-hourly\n",
]
BIDS_CSVS: list[str] = [(EXAMPLES / "tender-highways-bids.csv").read_text(encoding="utf-8"),
                        ("supplier,qualitative,measure,quantities,confidence,evidence,note\n"
                         "X,50,OPEN-JOBS-LOCAL,1;2;3,80%,no,é\nY,60,,,,,\nY,,OPEN-ENV-CARBON,4;4,,yes,\n")]
