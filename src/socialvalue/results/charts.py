"""Small SVG charts for HTML reports, built as text with no dependency.

The core install has no matplotlib, yet a report attached to a business case should show its
figures, not only tabulate them. These builders return SVG text for a
:class:`~socialvalue.results.report.Chart` block (or None when there is nothing to draw, so a
report never shows an empty frame):

* :func:`bar_chart`: horizontal bars, one series, several side by side (grouped) or
  ``stacked`` segments, with a legend when there is more than one series;
* :func:`waterfall`: a starting total, what each step removes or adds, the final total;
* :func:`tornado`: a low and a high value for each row around a base value;
* :func:`histogram`: the distribution of many draws, with marked values.

Why they look as they do: every piece of user text is escaped here (a supplier may be called
``<script>``) and cut to a length the layout can hold, with the whole text in a tooltip; figures
are formatted by the reports' one policy (:mod:`socialvalue.results.format`); colours are the
Okabe-Ito palette the matplotlib charts use, so they read with colour blindness and in grey
print; text and axes take ``currentColor`` so a chart reads on light and dark pages; the
``viewBox`` is fixed and the width 100%, so a chart scales to the screen and the printed page;
coordinates are rounded to one decimal, so the same input gives the same bytes.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence

from socialvalue.results import format as fmt
from socialvalue.results.plotting import BLUE, GREEN, GREY, ORANGE, PALETTE, SKY, VERMILLION
from socialvalue.textsafe import plain

__all__ = ["Formatter", "bar_chart", "histogram", "nice_ticks", "tornado", "waterfall", "xml"]

Formatter = Callable[[float], str]
"""Turns a figure into the text a chart shows (default: money, ``£1,234``)."""

WIDTH = 720
"""Width of every chart's coordinate system; the rendered width is the page's."""
_FONT = 12
_CHAR = 0.6 * _FONT  # approximate width of a character: enough to keep labels clear of each other
_LABEL_CHARS = 40
_VALUE_SPACE = 96


def xml(value: object) -> str:
    """User text for SVG: one line, control characters made visible (XML forbids them), markup escaped."""
    return html.escape(plain(value), quote=True)


def _short(text: object, limit: int) -> str:
    """Label text cut to ``limit`` characters with an ellipsis (the full text goes in a tooltip)."""
    t = plain(text)
    return t if len(t) <= limit else t[: max(limit - 1, 1)].rstrip() + "…"


def _n(x: float) -> str:
    """A coordinate: one decimal, no ``-0.0``, so output is stable and small."""
    s = f"{x:.1f}"
    return "0.0" if s == "-0.0" else s


def _finite(values: Sequence[float | None]) -> list[float]:
    return [float(v) for v in values if v is not None and math.isfinite(v)]


LARGEST = 1e15
"""Values beyond £10^15 (or a range that small compared with them) are not drawn: no real figure is that
large, and the tables beside every chart still show them exactly."""


def _drawable(values: Sequence[float]) -> bool:
    """Finite values of a size a chart can place (see :data:`LARGEST`)."""
    return all(math.isfinite(v) and abs(v) <= LARGEST for v in values)


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2 or 5 times a power of ten) covering ``lo`` to ``hi``."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return []
    if hi - lo <= 1e-300:  # an empty or subnormal range: one unit from lo
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(lo / step + 1e-9) * step
    return [round(first + k * step, 10) for k in range(math.ceil((hi - first) / step - 1e-9) + 1)]


def _svg(title: str, alt: str, height: float, body: list[str]) -> str:
    """The outer element: a fixed coordinate system that scales to the page, named for screen readers."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_n(height)}" width="100%" '
            f'role="img" aria-label="{xml(alt)}" font-family="system-ui,-apple-system,Segoe UI,Roboto,sans-serif" '
            f'font-size="{_FONT}" class="sv-chart"><title>{xml(title)}</title><desc>{xml(alt)}</desc>'
            + "".join(body) + "</svg>")


def _text(x: float, y: float, text: str, anchor: str = "start", *, size: int | None = None,
          weight: str | None = None, tooltip: object = None) -> str:
    """A text element; ``text`` must be escaped already (callers use :func:`xml` or figures they made)."""
    extra = (f' font-size="{size}"' if size else "") + (f' font-weight="{weight}"' if weight else "")
    tip = f"<title>{xml(tooltip)}</title>" if tooltip is not None else ""
    return (f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" fill="currentColor"{extra}>'
            f"{tip}{text}</text>")


def _rect(x0: float, x1: float, y: float, h: float, colour: str, tooltip: str | None = None) -> str:
    left, width = min(x0, x1), abs(x1 - x0)
    tip = f"<title>{xml(tooltip)}</title>" if tooltip else ""
    return (f'<rect x="{_n(left)}" y="{_n(y)}" width="{_n(max(width, 0.0))}" height="{_n(h)}" '
            f'fill="{colour}">{tip}</rect>')


def _line(x0: float, y0: float, x1: float, y1: float, *, dash: bool = False, opacity: float = 1.0,
          colour: str = "currentColor", width: float = 1.0) -> str:
    extra = (' stroke-dasharray="4 3"' if dash else "") + (f' stroke-opacity="{opacity:g}"' if opacity < 1 else "")
    return (f'<line x1="{_n(x0)}" y1="{_n(y0)}" x2="{_n(x1)}" y2="{_n(y1)}" stroke="{colour}" '
            f'stroke-width="{width:g}"{extra}/>')


def _legend(entries: Sequence[tuple[str, str]], y: float) -> tuple[list[str], float]:
    """Coloured keys in a row, wrapping when the row is full: the elements, and the y below them."""
    out: list[str] = []
    x = 8.0
    limit = max(24, min(60, int((WIDTH - 16) / max(len(entries), 1) / _CHAR) - 6))
    for name, colour in entries:
        label = _short(name, limit)
        width = 22 + len(label) * _CHAR + 18
        if x > 8 and x + width > WIDTH:
            x, y = 8.0, y + 20
        out += [f'<rect x="{_n(x)}" y="{_n(y - 10)}" width="12" height="12" fill="{colour}"/>',
                _text(x + 18, y, xml(label), tooltip=name if label != plain(name) else None)]
        x += width
    return out, y + 14


class _Scale:
    """Maps values to x between two pixel positions, with as many round ticks as fit their labels.

    The range is the data's (with zero unless ``zero`` is false) and a little room, not stretched
    to the next round tick: a small negative bar should not give half the chart to nothing.
    """

    def __init__(self, values: Sequence[float], start: float, end: float, fmt_: Formatter, *,
                 domain: tuple[float, float] | None = None, zero: bool = True, whole: bool = False) -> None:
        base = [0.0] if zero else []
        lo, hi = domain if domain else (min([*base, *values]), max([*base, *values]))
        if not domain:
            pad = 0.03 * ((hi - lo) or abs(hi) or 1.0)
            lo, hi = (lo - pad if lo < 0 or not zero else lo), (hi + pad if hi > 0 or not zero else hi)
        self.lo, self.hi, self.start, self.end = lo, (hi if hi > lo else lo + 1.0), start, end
        label = max(len(fmt_(self.lo)), len(fmt_(self.hi)), 4) * 6.2 + 18
        count = max(2, min(6, round((end - start) / label)))
        count = min(count, max(int(hi - lo), 1)) if domain else count
        self.ticks = [t for t in nice_ticks(self.lo, self.hi, count) if self.lo - 1e-9 <= t <= self.hi + 1e-9]
        if whole:  # counts: no tick at 0.5 of an action
            fine = len(self.ticks) < 2 or self.ticks[1] - self.ticks[0] < 1
            self.ticks = ([float(t) for t in range(math.ceil(self.lo), math.floor(self.hi) + 1)] if fine
                          else [t for t in self.ticks if float(t).is_integer()])

    def __call__(self, v: float) -> float:
        return self.start + (v - self.lo) / (self.hi - self.lo) * (self.end - self.start)


def _x_axis(scale: _Scale, top: float, bottom: float, fmt_: Formatter, *, solid: float | None = 0.0) -> list[str]:
    """Vertical grid lines with tick labels under the plot; the line at ``solid`` (zero) is drawn solid."""
    out = []
    for t in scale.ticks:
        x = scale(t)
        out += [_line(x, top, x, bottom, opacity=0.8 if t == solid else 0.15),
                _text(x, bottom + 15, xml(fmt_(t)), "middle", size=11)]
    return out


def bar_chart(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], *,
              stacked: bool = False, fmt_: Formatter = fmt.money, alt: str | None = None,
              domain: tuple[float, float] | None = None, missing: str = "missing",
              colours: Sequence[str] | None = None, axis_fmt: Formatter | None = None,
              whole: bool = False) -> str | None:
    """Horizontal bars: one row per label, one bar per series (side by side, or ``stacked``).

    A value of None draws no bar but the word ``missing`` (so an unreported figure is never
    shown as zero). Negative values go left of the zero line; stacked negative segments stack
    leftwards. ``domain`` fixes the axis (a 0-5 level scale); ``axis_fmt`` labels its ticks when
    they need less than the values (``5`` rather than ``5.00`` points); ``whole`` puts ticks on whole
    numbers only (counts). Returns None when no value is finite.
    """
    values = [_finite(vals) for _, vals in series]
    if not labels or not any(values) or any(len(vals) != len(labels) for _, vals in series):
        return None
    if not _drawable([v for vals in values for v in vals]):
        return None
    colours = list(colours or (PALETTE if len(series) > 1 else (BLUE,)))
    k = 1 if stacked else len(series)
    bar = 18 if k == 1 else max(10, 17 - k)
    row = bar * k + (14 if k > 1 else 8)
    body, top = _legend([(name, colours[j % len(colours)]) for j, (name, _) in enumerate(series)], 22) \
        if len(series) > 1 else ([], 0.0)
    top += 10
    label_w = min(max(len(plain(lb)) for lb in labels), _LABEL_CHARS) * _CHAR + 12
    if stacked:
        ends = [sum(v for v in column if v and v > 0) for column in zip(*(vals for _, vals in series), strict=True)]
        ends += [sum(v for v in column if v and v < 0) for column in zip(*(vals for _, vals in series), strict=True)]
    else:
        ends = [v for vals in values for v in vals]
    left_room = _VALUE_SPACE if min(ends) < 0 and domain is None else 8
    scale = _Scale(ends, label_w + left_room, WIDTH - _VALUE_SPACE, fmt_, domain=domain, whole=whole)
    bottom = top + row * len(labels)
    body += _x_axis(scale, top - 4, bottom, axis_fmt or fmt_)
    zero = scale(min(max(0.0, scale.lo), scale.hi))
    for i, label in enumerate(labels):
        y = top + i * row + (row - bar * k) / 2
        shown = _short(label, _LABEL_CHARS)
        body.append(_text(label_w - 6, y + bar * k / 2 + 4, xml(shown), "end",
                          tooltip=label if shown != plain(label) else None))
        pos = neg = 0.0
        for j, (name, vals) in enumerate(series):
            v = vals[i]
            colour = colours[j % len(colours)]
            yy = y if stacked else y + j * bar
            if v is None or not math.isfinite(v):
                body.append(_text(zero + 4, yy + bar - 4, xml(missing), size=10))
                continue
            tip = f"{label}: {name}: {fmt_(v)}" if len(series) > 1 else f"{label}: {fmt_(v)}"
            if stacked:
                base = pos if v >= 0 else neg
                body.append(_rect(scale(base), scale(base + v), yy, bar, colour, tip))
                pos, neg = (pos + v, neg) if v >= 0 else (pos, neg + v)
            else:
                body.append(_rect(zero, scale(v), yy + 1, bar - 2, colour, tip))
                body.append(_text(scale(v) + (4 if v >= 0 else -4), yy + bar - 4 - (k > 1), xml(fmt_(v)),
                                  "start" if v >= 0 else "end", size=11 if k == 1 else 10))
        if stacked:
            total = sum(v for _, vals in series if (v := vals[i]) is not None and math.isfinite(v))
            end = scale(pos) if total >= 0 else scale(neg)
            body.append(_text(end + (4 if total >= 0 else -4), y + bar - 4, xml(fmt_(total)),
                              "start" if total >= 0 else "end", size=11))
    return _svg(title, alt or title, bottom + 24, body)


def _wrap(text: str, width: int) -> list[str]:
    """At most two lines of about ``width`` characters, split at spaces (the second cut if too long)."""
    words, lines = plain(text).split(" "), [""]
    for w in words:
        if lines[-1] and len(lines[-1]) + 1 + len(w) > width and len(lines) < 2:
            lines.append(w)
        else:
            lines[-1] = f"{lines[-1]} {w}".strip()
    return [_short(line, width) for line in lines]


def waterfall(title: str, stages: Sequence[tuple[str, float]], *, end_label: str = "Result",
              fmt_: Formatter = fmt.money, alt: str | None = None) -> str | None:
    """Columns from a starting total through each step to the final total.

    ``stages`` are (label, total after the step); the first is the starting total. Each step is
    drawn as a floating column of what it changed: vermillion when it removed value, green when
    it added (a step can add value when there are disbenefits). Returns None without stages or
    when one is not a finite number.
    """
    if not stages or len(_finite([v for _, v in stages])) != len(stages):  # a gap would break the running total
        return None
    if not _drawable([float(v) for _, v in stages]):
        return None
    totals = [float(v) for _, v in stages]
    n = len(stages) + 1
    left, right, top, plot_h = 92.0, WIDTH - 8.0, 22.0, 250.0
    col = (right - left) / n
    lo, hi = min(0.0, *totals), max(0.0, *totals)
    ticks = nice_ticks(lo, hi)
    lo, hi = min(lo, ticks[0]), max(hi, ticks[-1])

    def y(v: float) -> float:
        return top + (hi - v) / ((hi - lo) or 1.0) * plot_h

    body: list[str] = []
    for t in ticks:
        body += [_line(left, y(t), right, y(t), opacity=0.15 if t else 0.8),
                 _text(left - 6, y(t) + 4, xml(fmt_(t)), "end", size=11)]
    previous = 0.0
    columns = [(label, totals[i - 1] if i else 0.0, total) for i, (label, total) in enumerate(stages)]
    columns.append((end_label, 0.0, totals[-1]))
    for i, (label, before, after) in enumerate(columns):
        whole = i in (0, n - 1)
        x = left + i * col + col * 0.15
        colour = BLUE if whole else VERMILLION if after < before else GREEN if after > before else GREY
        change = after if whole else after - before
        shown = fmt_(change) if whole or change <= 0 else "+" + fmt_(change)
        body.append(f'<rect x="{_n(x)}" y="{_n(min(y(before), y(after)))}" width="{_n(col * 0.7)}" '
                    f'height="{_n(max(abs(y(after) - y(before)), 0.5))}" fill="{colour}">'
                    f"<title>{xml(label)}: {xml(shown)}</title></rect>")
        if i:
            body.append(_line(x - col * 0.3, y(previous), x, y(previous), dash=True, opacity=0.6))
        above = max(before, after) > 0 or min(before, after) >= 0
        ty = y(max(before, after)) - 5 if above else y(min(before, after)) + 14
        body.append(_text(x + col * 0.35, ty, xml(shown), "middle", size=11 if n <= 6 else 10))
        for k, line in enumerate(_wrap(label, max(int(col / 6.2), 6))):
            body.append(_text(x + col * 0.35, top + plot_h + 18 + 14 * k, xml(line), "middle", size=11))
        previous = after
    return _svg(title, alt or title, top + plot_h + 50, body)


def tornado(title: str, rows: Sequence[tuple[str, float | None, float | None]], base: float, *,
            fmt_: Formatter = fmt.money, low_name: str = "low setting", high_name: str = "high setting",
            base_name: str = "result", target: tuple[str, float] | None = None,
            alt: str | None = None) -> str | None:
    """For each row, a bar from ``base`` to its low value and one to its high value.

    ``target`` (label, value) is drawn as a dashed line when it lies within the bars (a break-even).
    Rows keep the caller's order (sensitivity results list the widest swing first). Where low
    and high lie on the same side of the base, the shorter bar is drawn over the longer one.
    Returns None when no row has a finite value.
    """
    values = _finite([v for _, lo, hi in rows for v in (lo, hi)])
    if not rows or not values or not math.isfinite(base) or not _drawable([*values, base]):
        return None
    label_w = min(max(len(plain(r[0])) for r in rows), _LABEL_CHARS) * _CHAR + 12
    row, bar = 26.0, 16.0
    body, top = _legend([(low_name, SKY), (high_name, ORANGE)], 22)
    top += 22
    scale = _Scale([base, *values], label_w + _VALUE_SPACE, WIDTH - _VALUE_SPACE, fmt_, zero=False)
    bottom = top + row * len(rows)
    body += _x_axis(scale, top - 4, bottom, fmt_, solid=None)
    for i, (label, lo, hi) in enumerate(rows):
        y = top + i * row + (row - bar) / 2
        shown = _short(label, _LABEL_CHARS)
        body.append(_text(label_w - 6, y + bar - 4, xml(shown), "end", tooltip=label if shown != plain(label) else None))
        bars = [(v, colour, name) for v, colour, name in ((lo, SKY, low_name), (hi, ORANGE, high_name))
                if v is not None and math.isfinite(v)]
        for v, colour, name in sorted(bars, key=lambda b: -abs(b[0] - base)):  # longer first, shorter on top
            body.append(_rect(scale(base), scale(v), y, bar, colour, f"{label}: {name}: {fmt_(v)}"))
        for v, _, _ in bars:
            if v != base:
                body.append(_text(scale(v) + (4 if v > base else -4), y + bar - 4, xml(fmt_(v)),
                                  "start" if v > base else "end", size=11))
    if target is not None and min(values) <= target[1] <= max(values) and target[1] != base:
        x = scale(target[1])
        body += [_line(x, top - 6, x, bottom, dash=True, colour=VERMILLION, width=1.5),
                 _text(x, bottom + 30, xml(f"{target[0]}: {fmt_(target[1])}"), "middle", size=11)]
        bottom += 16
    body.append(_line(scale(base), top - 6, scale(base), bottom - (16 if target else 0), width=1.5))
    body.append(_text(scale(base), top - 9, xml(f"{base_name}: {fmt_(base)}"), "middle", size=11, weight="600"))
    return _svg(title, alt or title, bottom + 24, body)


def histogram(title: str, draws: Sequence[float], *, bins: int = 30, fmt_: Formatter = fmt.money,
              marks: Sequence[tuple[str, float]] = (), alt: str | None = None) -> str | None:
    """Counts of ``draws`` in equal bins, with vertical lines at ``marks`` (label, value).

    The first mark is drawn solid (the deterministic result), the others dashed (percentiles).
    Returns None without finite draws.
    """
    data = sorted(_finite(draws))
    if not data or not _drawable([data[0], data[-1], *(v for _, v in marks)]):
        return None
    lo, hi = data[0], data[-1]
    marked = _finite([v for _, v in marks])
    lo, hi = min([lo, *marked]), max([hi, *marked])
    if hi == lo:
        lo, hi = lo - (abs(lo) or 1.0) * 0.05, hi + (abs(hi) or 1.0) * 0.05
    counts = [0] * bins
    for v in data:
        counts[min(int((v - lo) / (hi - lo) * bins), bins - 1)] += 1
    left, right, top, plot_h = 56.0, WIDTH - 48.0, 30.0 + 16 * len(marks), 200.0
    ticks = [t for t in _Scale([lo, hi], left, right, fmt_, zero=False).ticks if lo <= t <= hi]

    def x(v: float) -> float:
        return left + (v - lo) / (hi - lo) * (right - left)

    peak = max(counts)
    width = (right - left) / bins
    body: list[str] = []
    for c in nice_ticks(0, peak, 4):
        if c <= peak:
            yy = top + plot_h - c / peak * plot_h
            body += [_line(left, yy, right, yy, opacity=0.15 if c else 0.8), _text(left - 6, yy + 4, f"{c:g}", "end",
                                                                                   size=11)]
    for k, c in enumerate(counts):
        if c:
            h = c / peak * plot_h
            body.append(_rect(left + k * width + 0.5, left + (k + 1) * width - 0.5, top + plot_h - h, h, SKY,
                              f"{fmt_(lo + k * (hi - lo) / bins)} to {fmt_(lo + (k + 1) * (hi - lo) / bins)}: {c}"))
    body += [_text(x(t), top + plot_h + 15, xml(fmt_(t)), "middle", size=11) for t in ticks]
    for k, (label, v) in enumerate(marks):
        if v is not None and math.isfinite(v):
            body.append(_line(x(v), top - 4, x(v), top + plot_h, dash=k > 0, width=1.5 if k == 0 else 1.0,
                              colour="currentColor" if k == 0 else VERMILLION))
            body.append(_text(left, 16 + 16 * k, xml(f"{'—' if k == 0 else '- -'} {label}: {fmt_(v)}"), size=11))
    body.append(_text(left - 44, top - 8, "draws", size=11))
    return _svg(title, alt or title, top + plot_h + 26, body)
