"""The ``action-plan`` plugin: suppliers' sustainability and social value action plans.

Parts: :mod:`.document` (reading a plan), :mod:`.framework` (status, RAG, value, changes),
:mod:`.result` and :mod:`.report`, :mod:`.frames`.
"""

from socialvalue.frameworks.actionplan import frames  # noqa: F401  (registers the result's frames)
from socialvalue.frameworks.actionplan.document import STATUSES, parse_plan
from socialvalue.frameworks.actionplan.framework import FRAMEWORK, RAG_RULE, ActionPlanFramework, rag
from socialvalue.frameworks.actionplan.result import ActionPlanResult

__all__ = ["FRAMEWORK", "RAG_RULE", "STATUSES", "ActionPlanFramework", "ActionPlanResult", "parse_plan", "rag"]
