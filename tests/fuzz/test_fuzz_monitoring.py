"""Fuzz monitoring documents (``kind: monitoring``, the toms framework), both the kind that
names a tender file and the kind with an inline contract: result or SocialValueError."""

from __future__ import annotations

from documents import MONITORING
from hypothesis import given
from hypothesis import strategies as st
from mutations import check, collect_vocab, fuzz_settings, mutated

from socialvalue.frameworks.toms import FRAMEWORK

EXAMPLES_PER_RUN = 1_200
VOCAB = collect_vocab(MONITORING)
DOCUMENTS = mutated(st.sampled_from(MONITORING), VOCAB)


def _use(result):
    from mutations import render

    out = render(result)
    result.export_targets()  # the --export-targets draft catalogue must build too
    return out


@fuzz_settings(EXAMPLES_PER_RUN)
@given(doc=DOCUMENTS)
def test_fuzz_monitoring(doc, fuzz_dir) -> None:
    check("monitoring", lambda: FRAMEWORK.evaluate(doc, source=str(fuzz_dir / "fuzz-monitoring.yaml"),
                                                   options={"base_dir": str(fuzz_dir)}), use=_use)
