"""socialvalue-local-model: a council's own social value model as a socialvalue framework plugin.

An example third-party package: it adds the ``local-model`` framework (documents of kind
``local-commitment``), its comparison view and crosswalk, through entry points only, and uses
no private name of socialvalue. Installed, it gets what the built-in frameworks get::

    socialvalue run offers.yaml --points 20 --format html -o offers.html
    socialvalue verify offers.json offers.yaml

Parts: :mod:`.model` (pillars, weights, measures), :mod:`.document` (reading offers),
:mod:`.framework` (scoring), :mod:`.result` and :mod:`.report`, :mod:`.frames`, :mod:`.plots`,
:mod:`.compare` (the comparison view and crosswalk).
"""

from socialvalue_local_model import frames, plots  # noqa: F401  (registers the result's frames and chart)
from socialvalue_local_model.framework import FRAMEWORK, LocalModelFramework, LocalModelOptions, score_submission
from socialvalue_local_model.model import BUNDLED_MODELS, LocalModel, Measure, Pillar, parse_model
from socialvalue_local_model.result import LocalModelResult, OfferResult, PillarScore

__all__ = ["BUNDLED_MODELS", "FRAMEWORK", "LocalModel", "LocalModelFramework", "LocalModelOptions",
           "LocalModelResult", "Measure", "OfferResult", "Pillar", "PillarScore", "parse_model", "score_submission"]
