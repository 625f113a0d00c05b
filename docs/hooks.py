"""mkdocs hooks: the chart gallery, drawn from the examples during the build, and readable API roles.

* ``docs/gallery.md`` holds a ``<!-- gallery -->`` marker; it becomes one figure per chart in
  :data:`GALLERY`, and :func:`on_post_build` draws each chart from its example into the built site
  (``gallery/*.svg``), so the page always shows what the installed library draws.
* Docstrings cross-reference with Sphinx roles (``:class:`~socialvalue.prices.DeflatorSeries```);
  mkdocstrings leaves them as text. :func:`on_page_content` turns each into the plain name in code.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

GALLERY: list[tuple[str, str, str | None, dict[str, Any], str]] = [
    ("sroi-waterfall", "examples/community-centre.yaml", "waterfall", {},
     "SROI: gross value, what each adjustment removes, present value"),
    ("sroi-by-theme", "examples/community-centre.yaml", "by_theme", {}, "SROI: present value by theme"),
    ("sroi-tornado", "examples/community-centre.yaml", "tornado", {"sensitivity": True},
     "SROI: the ratio at the low and high setting of each assumption"),
    ("sroi-monte-carlo", "examples/community-centre.yaml", "monte_carlo", {"monte_carlo": 2000, "seed": 1},
     "SROI: distribution of present value over 2,000 seeded draws"),
    ("sroi-perspective", "examples/domestic-abuse-service.yaml", "waterfall", {},
     "SROI from the public-value perspective (GMCA fiscal, economic and social components)"),
    ("tender-scores", "examples/tender-highways.yaml", "tender_scores", {}, "TOMs-style tender: points per bid"),
    ("tender-by-theme", "examples/tender-highways.yaml", "by_theme", {}, "TOMs-style tender: value by theme"),
    ("assessment-levels", "examples/assessment-example-council.yaml", "levels", {},
     "Flexible Framework: level reached in each theme"),
    ("lm3-rounds", "examples/lm3-council-catering.yaml", "lm3_rounds", {}, "LM3: the three rounds of spend"),
    ("comparison", "examples/compare-construction.yaml", "comparison", {},
     "Comparison: one activity under three views, and why they differ"),
]
"""(file name, example, chart kind, evaluation options, caption)."""

_ROLE = re.compile(r":(?:py:)?(?:class|func|meth|mod|attr|data|exc|obj|const):<code>(~?)([^<]+)</code>")


def _short(match: re.Match[str]) -> str:
    target = match.group(2)
    name = target.rsplit(".", 1)[-1] if match.group(1) else target
    return f"<code>{name}</code>"


def on_page_content(html_text: str, **_: Any) -> str:
    return _ROLE.sub(_short, html_text)


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    if "<!-- gallery -->" not in markdown:
        return markdown
    figures = "\n\n".join(
        f'<figure markdown="0" class="sv-gallery"><img src="{name}.svg" alt="{html.escape(caption)}" '
        f'loading="lazy" style="max-width:100%;background:#fff"><figcaption>{html.escape(caption)} '
        f"(<code>{html.escape(example)}</code>, chart <code>{kind}</code>)</figcaption></figure>"
        for name, example, kind, _, caption in GALLERY)
    return markdown.replace("<!-- gallery -->", figures)


def on_post_build(config: Any, **_: Any) -> None:
    """Draw every gallery chart into ``<site>/gallery/`` (matplotlib: the ``notebook`` extra)."""
    import matplotlib

    matplotlib.use("Agg")
    from socialvalue.frameworks import evaluate
    from socialvalue.results.plotting import plot

    out = Path(config["site_dir"]) / "gallery"
    out.mkdir(parents=True, exist_ok=True)
    for name, example, kind, options, _ in GALLERY:
        result = evaluate(str(ROOT / example), options=options)
        figure = plot(result, kind)
        figure.savefig(out / f"{name}.svg", format="svg", bbox_inches="tight", metadata={"Date": None})
