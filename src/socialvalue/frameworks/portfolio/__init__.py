"""The ``portfolio`` plugin: an organisation's documents rolled up (see :mod:`.framework`)."""

from socialvalue.frameworks.portfolio import frames  # noqa: F401  (registers the result's frames)
from socialvalue.frameworks.portfolio.framework import FRAMEWORK, PortfolioFramework
from socialvalue.frameworks.portfolio.result import DeliveryRow, PortfolioResult

__all__ = ["FRAMEWORK", "DeliveryRow", "PortfolioFramework", "PortfolioResult"]
