"""Fuzz Flexible Framework self-assessments (``kind: assessment``), including ones that name
a previous assessment: result or SocialValueError, never anything else."""

from __future__ import annotations

from documents import ASSESSMENTS, generated_assessment
from hypothesis import given
from hypothesis import strategies as st
from mutations import check, collect_vocab, fuzz_settings, mutated

from socialvalue.frameworks.flexible import FRAMEWORK

EXAMPLES_PER_RUN = 2_500
VOCAB = collect_vocab(ASSESSMENTS)
DOCUMENTS = mutated(st.one_of(st.sampled_from(ASSESSMENTS), generated_assessment()), VOCAB)
OPTIONS = st.sampled_from([{}, {}, {"cumulative": False}, {"partly_counts_as_met": True}, {"cumulative": "yes"},
                           {"ignore_previous": True}])


@fuzz_settings(EXAMPLES_PER_RUN)
@given(doc=DOCUMENTS, options=OPTIONS)
def test_fuzz_assessment(doc, options, fuzz_dir) -> None:
    check("assessment", lambda: FRAMEWORK.evaluate(doc, source=str(fuzz_dir / "fuzz-assessment.yaml"),
                                                   options={"base_dir": str(fuzz_dir), **options}))
