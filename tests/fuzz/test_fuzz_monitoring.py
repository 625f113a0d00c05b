"""Fuzz monitoring documents (``kind: monitoring``, the toms framework), both the kind that
names a tender file and the kind with an inline contract: result or SocialValueError."""

from __future__ import annotations

from documents import MONITORING
from hypothesis import example, given
from hypothesis import strategies as st
from mutations import check, collect_vocab, fuzz_settings, mutated

from socialvalue.frameworks.toms import FRAMEWORK

EXAMPLES_PER_RUN = 3_000
VOCAB = collect_vocab(MONITORING)
DOCUMENTS = mutated(st.sampled_from(MONITORING), VOCAB)


def _use(result):
    from mutations import render

    out = render(result)
    result.export_targets()  # the --export-targets draft catalogue must build too
    return out


_INLINE = next(m for m in MONITORING if m.get("contract"))
REGRESSIONS = [  # documents that once crashed or misbehaved (see docs/reliability.md)
    {**_INLINE, "datasets": ["x" * 10_000]},  # file name too long: OSError
    {**MONITORING[0], "deliveries": [{**MONITORING[0]["deliveries"][0], "quantity": 1e308}]},  # inf in the result
]


@fuzz_settings(EXAMPLES_PER_RUN)
@given(doc=DOCUMENTS)
@example(doc=REGRESSIONS[0])
@example(doc=REGRESSIONS[1])
def test_fuzz_monitoring(doc, fuzz_dir) -> None:
    check("monitoring", lambda: FRAMEWORK.evaluate(doc, source=str(fuzz_dir / "fuzz-monitoring.yaml"),
                                                   options={"base_dir": str(fuzz_dir)}), use=_use)
