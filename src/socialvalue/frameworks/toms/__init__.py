"""The ``toms`` framework: TOMs-style tender scoring (``kind: tender``) and contract monitoring
(``kind: monitoring``).

Parts: :mod:`.catalogue` (measure catalogues as data) and :mod:`.measures` (catalogue files,
installed catalogues, the measures a document can use); :mod:`.document` reads a tender and
values each commitment, :mod:`.bids` reads bid returns from CSV or Excel, :mod:`.scoring`
scores and ranks bids, :mod:`.framework` puts them together; :mod:`.monitoring` compares
deliveries with commitments; :mod:`.result` and :mod:`.monitoring_result` hold the results.
"""

from socialvalue.frameworks.toms import frames, plots  # noqa: F401  (registers the results' frames and charts)
from socialvalue.frameworks.toms.framework import (
    FRAMEWORK,
    SCORING_METHODS,
    BidResult,
    Catalogue,
    Measure,
    ScoringMethod,
    TenderResult,
    TomsFramework,
    get_catalogue,
    installed_catalogues,
    load_catalogue,
    register_scoring_method,
    score_tender,
)

__all__ = ["FRAMEWORK", "SCORING_METHODS", "BidResult", "Catalogue", "Measure", "ScoringMethod", "TenderResult",
           "TomsFramework", "get_catalogue", "installed_catalogues", "load_catalogue", "register_scoring_method",
           "score_tender"]
