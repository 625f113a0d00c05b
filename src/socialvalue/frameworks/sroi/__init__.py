"""The ``sroi`` framework: Social Value Engine / SROI Guide valuation of impact maps.

The package's parts, in the order a document flows through them: :mod:`.document` reads and
validates an impact map, :mod:`.model` holds the domain objects (beneficiaries, outcomes,
investment, activities), :mod:`.framework` values it with the engine, :mod:`.uncertainty` adds
Monte Carlo, :mod:`.result` holds the figures and their report, :mod:`.frames` and
:mod:`.plots` the DataFrames and charts; :mod:`.presets` reads preset adjustment tables.
"""

from socialvalue.frameworks.sroi import frames, plots  # noqa: F401  (registers SroiResult's frames and charts)
from socialvalue.frameworks.sroi.framework import FRAMEWORK, SroiFramework, SroiOptions, compile_map, value_map
from socialvalue.frameworks.sroi.result import ForecastComparison, SroiResult

__all__ = ["FRAMEWORK", "ForecastComparison", "SroiFramework", "SroiOptions", "SroiResult", "compile_map",
           "value_map"]
