"""The ``flexible-framework`` plugin: the UK Sustainable Procurement Task Force Flexible Framework.

Parts: :mod:`.criteria` (the matrix of criteria, shipped as data in ``data/``), :mod:`.framework`
(reading and scoring an assessment, benchmarking several), :mod:`.result` (the results).
"""

from socialvalue.frameworks.flexible import frames, plots  # noqa: F401  (registers the results' frames and charts)
from socialvalue.frameworks.flexible.framework import (
    FRAMEWORK,
    LEVELS,
    STATUSES,
    AssessmentResult,
    Catalogue,
    ComparisonResult,
    Criterion,
    FlexibleFramework,
    Rules,
    Theme,
    achieved_level,
    assessment_template,
    catalogue,
    compare_assessments,
)

__all__ = ["FRAMEWORK", "LEVELS", "STATUSES", "AssessmentResult", "Catalogue", "ComparisonResult", "Criterion",
           "FlexibleFramework", "Rules", "Theme", "achieved_level", "assessment_template", "catalogue",
           "compare_assessments"]
