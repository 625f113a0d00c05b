"""Running one view: the view's framework adapter builds the framework's own document(s),
evaluates them and reads each fact's setting.

The adapters are plugins (entry-point group ``socialvalue.compare_views``, see
:mod:`socialvalue.compare.viewkit`): the built-in :mod:`~socialvalue.compare.sroi_view` and
:mod:`~socialvalue.compare.toms_view`, and any a framework plugin adds. The frameworks validate
everything and resolve proxies, presets and units; a framework error on a generated document is
reported against the user's own input (the fact, the view or the crosswalk entry that caused it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from socialvalue.compare.adapters import get_adapter
from socialvalue.compare.viewkit import NO_COUNTERPART, NOT_MONETISED, VALUED, Cell, ViewRun

if TYPE_CHECKING:  # pragma: no cover
    from socialvalue.compare.activity import ActivityFacts, View
    from socialvalue.compare.crosswalk import Crosswalk

__all__ = ["NOT_MONETISED", "NO_COUNTERPART", "VALUED", "Cell", "ViewRun", "run_view"]


def run_view(view: View, subjects: Sequence[ActivityFacts], crosswalk: Crosswalk, *,
             source: str | None = None) -> ViewRun:
    """Evaluate every activity in one view (errors point at the user's input, not the generated document)."""
    return get_adapter(view.framework, field=f"{view.field}.framework").run(view, subjects, crosswalk, source)
