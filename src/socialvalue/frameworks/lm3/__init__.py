"""The ``lm3`` plugin: Local Multiplier 3 (New Economics Foundation, *The Money Trail*, 2002).

Parts: :mod:`.document` (reading a survey), :mod:`.framework` (the LM3 rounds), :mod:`.result` and
:mod:`.report` (the result and its report), :mod:`.frames` and :mod:`.plots`.
"""

from socialvalue.frameworks.lm3 import frames, plots  # noqa: F401  (registers LM3Result's frames and charts)
from socialvalue.frameworks.lm3.framework import (
    FRAMEWORK,
    KINDS,
    KindBreakdown,
    LM3Framework,
    LM3Result,
    SpendLine,
    calculate,
    mean_share,
)

__all__ = ["FRAMEWORK", "KINDS", "KindBreakdown", "LM3Framework", "LM3Result", "SpendLine", "calculate",
           "mean_share"]
