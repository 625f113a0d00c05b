"""Charts of a framework comparison, declared with :func:`socialvalue.results.plotting.register_plots`.

Kind ``comparison``: the same facts valued by each view (framework or proxy set), side by side,
with the total. :func:`comparison` also draws a comparison's ``to_dict()`` or a plain mapping,
so a comparison built by hand gets the same chart. Registered when :mod:`socialvalue.compare`
is imported; matplotlib is imported only when a chart is drawn.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from socialvalue.compare.result import ComparisonResult
from socialvalue.errors import UnknownNameError, ValidationError
from socialvalue.results.format import money
from socialvalue.results.plotting import (
    GREY,
    PALETTE,
    PlotSpec,
    add_title,
    figure_axes,
    finish,
    group_height,
    money_axis,
    register_plots,
    wrap_label,
)
from socialvalue.suggest import close_matches

__all__ = ["comparison"]


def comparison(result: Any, subject: str | int = 0, *, ax: Any = None) -> Any:
    """One activity valued several ways, side by side: the value of each fact under each view.

    Takes a :func:`socialvalue.compare.compare` result (``subject`` picks the activity or bid,
    by name or position), its ``to_dict()``, or a plain mapping ``{"views": [label, …],
    "facts": [{"fact": name, "values": {label: £}}, …], "totals": {label: £}}`` (optional
    ``"name"`` and ``"price_year"``). Grouped horizontal bars: one group per fact and one for
    the total, one bar per view. A fact a view does not value (``None``: no counterpart) has no
    bar and is labelled with the comparison's reason ("no counterpart", "not monetised") or
    "not valued". When the views report in different price years, each
    view's price year is shown in the legend.
    """
    name, years, views, groups, has_total = _comparison_data(result, subject)
    fig, ax = figure_axes(ax, 9.5, group_height(len(groups), len(views)))
    height = 0.8 / max(len(views), 1)
    mixed = len(set(years.values())) > 1
    for j, view in enumerate(views):
        ys, xs = [], []
        for i, (_, values) in enumerate(groups):
            y = i - 0.4 + height * (j + 0.5)
            v, note = values.get(view, (None, None))
            ys.append(y)
            xs.append(0.0 if v is None else v)
            if v is None:
                ax.annotate(note or "not valued", (0, y), xytext=(3, 0), textcoords="offset points", va="center",
                            fontsize=7, color=GREY)
            else:
                ax.annotate(money(v), (v, y), xytext=(3 if v >= 0 else -3, 0), textcoords="offset points",
                            va="center", ha="left" if v >= 0 else "right", fontsize=7)
        year = years.get(view)
        label = view + (f" [{year} prices]" if mixed and year and str(year) not in view else "")
        ax.barh(ys, xs, height=height * 0.95, color=PALETTE[j % len(PALETTE)], label=wrap_label(label, 45))
    ax.set_yticks(range(len(groups)), [wrap_label(g) for g, _ in groups], fontsize=9)
    if has_total:
        ax.get_yticklabels()[-1].set_fontweight("bold")
        if len(groups) > 1:
            ax.axhline(len(groups) - 1.5, color=GREY, linewidth=0.8)
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    money_axis(ax.xaxis)
    ax.margins(x=0.2)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    distinct = sorted({y for y in years.values() if y}, reverse=True)
    prices = (f"{distinct[0]} prices" if len(distinct) == 1 else
              "each view in its own price year (" + ", ".join(str(y) for y in distinct) + ")" if distinct else "")
    ax.set_xlabel("£" + (f", {prices}" if prices else ""))
    add_title(ax, f"{name or 'Comparison'}: value by view",
              (f"{prices[0].upper()}{prices[1:]}; " if prices else "")
              + "the same facts valued by each framework or proxy set")
    return finish(fig, ax, columns=2)


def _comparison_data(result: Any, subject: str | int) -> tuple[
        Any, dict[str, Any], list[str], list[tuple[str, dict[str, tuple[float | None, str | None]]]], bool]:
    """(name, {view: price year}, views, [(group label, {view: (value, note)})], has a total group)."""
    data = result if isinstance(result, Mapping) else result.to_dict() if hasattr(result, "to_dict") else None
    if not isinstance(data, Mapping) or not isinstance(data.get("views"), (list, tuple)):
        raise ValidationError("comparison() takes a socialvalue.compare result, or a mapping with 'views' and "
                              "'facts' lists", field="result")

    def text(item: Any, *keys: str) -> str:
        if isinstance(item, Mapping):
            return str(next((item[k] for k in keys if item.get(k) is not None), item))
        return str(item)

    def number(value: Any) -> tuple[float | None, str | None]:
        """(value, why there is none): a compare cell ``{"value", "status", …}`` or a plain number."""
        note = None
        if isinstance(value, Mapping):
            value, note = value.get("value"), value.get("status")
        return (None, note) if value is None else (float(value), None)

    views = [text(v, "label", "id", "name") for v in data["views"]]
    years = {label: (v.get("price_year") or (v.get("effective") or {}).get("price_year"))
             if isinstance(v, Mapping) else data.get("price_year") for label, v in zip(views, data["views"], strict=True)}
    name = data.get("name")
    body: Mapping[str, Any] = data
    if isinstance(data.get("subjects"), (list, tuple)) and data["subjects"]:
        subjects = list(data["subjects"])
        if isinstance(subject, int) and not isinstance(subject, bool):
            body = subjects[subject]
        else:
            names = [str(s.get("name")) for s in subjects]
            if subject not in names:
                raise UnknownNameError(f"no activity or bid called {subject!r}", field="subject",
                                       suggestions=close_matches(str(subject), names))
            body = subjects[names.index(subject)]
        if len(subjects) > 1:
            name = f"{name}: {body.get('name')}" if name else body.get("name")
        years = {k: y or body.get("price_year") for k, y in years.items()}
    if not isinstance(body.get("facts"), (list, tuple)):
        raise ValidationError("comparison() needs a 'facts' list", field="facts")
    groups = []
    for f in body["facts"]:
        label = text(f, "fact", "name", "id")
        if isinstance(f, Mapping) and f.get("written"):
            label = f"{label}\n{f['written']}"
        groups.append((label, {str(k): number(x) for k, x in (f.get("values") or {}).items()}))
    totals = body.get("totals")
    if isinstance(totals, Mapping):
        groups.append(("Total", {str(k): number(x) for k, x in totals.items()}))
    return name, years, views, groups, isinstance(totals, Mapping)


register_plots(ComparisonResult, PlotSpec(
    "comparison", "the same facts valued by each view, side by side (subject= picks an activity or bid)", comparison))
