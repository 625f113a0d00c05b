"""Supplier action plans: status by theme with a stated RAG rule, value delivered, changes since last time."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import math
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from socialvalue.errors import DuplicateEntryError, UnknownNameError, ValidationError
from socialvalue.frameworks import evaluate, get_framework
from socialvalue.frameworks.actionplan import rag

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "examples" / "action-plans" / "tyne-civils-2026.yaml"


def _doc(actions: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"kind": "action-plan", "supplier": "S", "as_of": "2026-06-30", "actions": actions, **extra}


def test_example_plan_by_hand() -> None:
    result = evaluate(str(PLAN))
    assert result.rag == "red" and len(result.overdue) == 2 and math.isclose(result.completion, 2 / 5)
    themes = {t.theme: t for t in result.themes}
    assert (themes["skills"].due, themes["skills"].overdue, themes["skills"].rag) == (1, 1, "red")
    assert themes["suppliers"].due == 0 and themes["suppliers"].rag == "green"
    # 630 hours volunteered x ONS replacement value of an hour (2012 prices) re-based to 2024 with the deflator
    text = resources.files("socialvalue").joinpath("data", "uk_appraisal", "gdp_deflator.csv").read_text()
    level = {int(r["year"]): float(r["value"]) for r in csv.DictReader(text.splitlines())}
    a2 = next(a for a in result.actions if a.id == "A2")
    assert math.isclose(a2.value_delivered, 630 * 11.27 * level[2024] / level[2012], rel_tol=1e-12)
    changes = {(c["action"], c["change"]) for c in result.changes}
    assert {("A5", "added"), ("A3", "status"), ("A4", "status")} <= changes


@pytest.mark.parametrize(("due", "overdue", "want"), [(0, 0, "green"), (4, 0, "green"), (4, 1, "amber"),
                                                      (8, 2, "amber"), (4, 2, "red"), (1, 1, "red")])
def test_rag_rule(due: int, overdue: int, want: str) -> None:
    assert rag(due, overdue) == want


def test_done_cannot_go_back_without_a_reason() -> None:
    action = {"id": "A", "theme": "jobs", "description": "d", "updates": [
        {"date": "2026-01-01", "status": "done"}, {"date": "2026-02-01", "status": "not-started"}]}
    with pytest.raises(ValidationError) as info:
        get_framework("action-plan").evaluate(_doc([action]))
    assert info.value.field == "actions[0].updates[1].reason"
    action["updates"][1]["reason"] = "the supplier lost the site"
    assert get_framework("action-plan").evaluate(_doc([action])).actions[0].status == "not-started"


def test_done_in_the_previous_plan_and_reopened_needs_a_dated_reason(tmp_path: Path) -> None:
    before = _doc([{"id": "A", "theme": "jobs", "description": "d", "status": "done"}], as_of="2026-01-01")
    (tmp_path / "before.yaml").write_text(yaml.safe_dump(before))
    now = _doc([{"id": "A", "theme": "jobs", "description": "d", "status": "not-started"}], previous="before.yaml")
    (tmp_path / "now.yaml").write_text(yaml.safe_dump(now))
    with pytest.raises(ValidationError) as info:
        evaluate(str(tmp_path / "now.yaml"))
    assert info.value.field == "actions[0].updates"
    now["actions"][0] = {"id": "A", "theme": "jobs", "description": "d",
                         "updates": [{"date": "2026-03-01", "status": "not-started", "reason": "site lost"}]}
    (tmp_path / "now.yaml").write_text(yaml.safe_dump(now))
    assert evaluate(str(tmp_path / "now.yaml")).changes[0] == {"action": "A", "change": "status", "from": "done",
                                                               "to": "not-started"}


@pytest.mark.parametrize(("change", "error", "field"), [
    (lambda a: a.update(theme="jobz"), UnknownNameError, "actions[0].theme"),
    (lambda a: a.update(status="finished"), UnknownNameError, "actions[0].status"),
    (lambda a: a["updates"].append(dict(a["updates"][0])), DuplicateEntryError, "actions[0].updates[1].date"),
    (lambda a: a["updates"].insert(0, {"date": "2026-05-01", "status": "in-progress"}), ValidationError,
     "actions[0].updates[1].date"),
    (lambda a: a.update(status="done"), ValidationError, "actions[0].status"),
    (lambda a: a.update(due="31/12/2026"), ValidationError, "actions[0].due"),
])
def test_bad_plans_are_refused_with_their_field(change: Any, error: type, field: str) -> None:
    action = {"id": "A", "theme": "jobs", "description": "d", "updates": [{"date": "2026-02-01", "status": "in-progress"}]}
    change(action)
    with pytest.raises(error) as info:
        get_framework("action-plan").evaluate(_doc([action]))
    assert type(info.value) is error and info.value.field == field


def test_linked_values_need_a_price_year() -> None:
    doc = _doc([{"id": "A", "theme": "jobs", "description": "d", "measure": "OPEN-JOBS-LOCAL", "target": 2}],
               catalogue="open-toms-style")
    with pytest.raises(ValidationError) as info:
        get_framework("action-plan").evaluate(doc)
    assert info.value.field == "price_year"


statuses = st.sampled_from(["not-started", "in-progress", "done", "dropped"])
actions = st.lists(st.tuples(st.sampled_from(["jobs", "skills", "community", "people"]), statuses,
                             st.integers(min_value=-400, max_value=400)), min_size=1, max_size=12)


@given(actions, st.randoms(use_true_random=False))
def test_order_of_actions_changes_no_figure(items: list[tuple[str, str, int]], rnd: Any) -> None:
    as_of = dt.date(2026, 6, 30)
    raw = [{"id": f"A{i}", "theme": t, "description": "d", "status": s,
            "due": (as_of + dt.timedelta(days=d)).isoformat()} for i, (t, s, d) in enumerate(items)]
    shuffled = copy.deepcopy(raw)
    rnd.shuffle(shuffled)
    a, b = (get_framework("action-plan").evaluate(_doc(x)) for x in (raw, shuffled))
    assert (a.rag, a.completion, len(a.overdue)) == (b.rag, b.completion, len(b.overdue))
    assert [t.to_dict() for t in a.themes] == [t.to_dict() for t in b.themes]
    overdue = sum(1 for _, s, d in items if d <= 0 and s not in ("done", "dropped"))
    assert len(a.overdue) == overdue
