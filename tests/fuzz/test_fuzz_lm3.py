"""Fuzz LM3 surveys (``kind: lm3``): result or SocialValueError, never anything else."""

from __future__ import annotations

from documents import LM3S, generated_lm3
from hypothesis import given
from hypothesis import strategies as st
from mutations import check, collect_vocab, fuzz_settings, mutated

from socialvalue.frameworks.lm3 import FRAMEWORK

EXAMPLES_PER_RUN = 1_500
VOCAB = collect_vocab(LM3S)
DOCUMENTS = mutated(st.one_of(st.sampled_from(LM3S), generated_lm3()), VOCAB)


@fuzz_settings(EXAMPLES_PER_RUN)
@given(doc=DOCUMENTS)
def test_fuzz_lm3(doc, fuzz_dir) -> None:
    check("lm3", lambda: FRAMEWORK.evaluate(doc, source=str(fuzz_dir / "fuzz-lm3.yaml"),
                                            options={"base_dir": str(fuzz_dir)}))
