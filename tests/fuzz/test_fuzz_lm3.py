"""Fuzz LM3 surveys (``kind: lm3``): result or SocialValueError, never anything else."""

from __future__ import annotations

from documents import LM3S, generated_lm3
from hypothesis import example, given
from hypothesis import strategies as st
from mutations import check, collect_vocab, fuzz_settings, mutated

from socialvalue.frameworks.lm3 import FRAMEWORK

EXAMPLES_PER_RUN = 3_000
VOCAB = collect_vocab(LM3S)
DOCUMENTS = mutated(st.one_of(st.sampled_from(LM3S), generated_lm3()), VOCAB)


REGRESSIONS = [  # documents that once crashed or misbehaved (see docs/reliability.md)
    {**LM3S[0], "spend": [{**LM3S[0]["spend"][0], "kind": "x" * 100_000}]},  # a 100 kB echo in the message
    {**LM3S[0], "spend": [{**LM3S[0]["spend"][0], "amount": 10**400}]},  # int beyond float: OverflowError
]


@fuzz_settings(EXAMPLES_PER_RUN)
@given(doc=DOCUMENTS)
@example(doc=REGRESSIONS[0])
@example(doc=REGRESSIONS[1])
def test_fuzz_lm3(doc, fuzz_dir) -> None:
    check("lm3", lambda: FRAMEWORK.evaluate(doc, source=str(fuzz_dir / "fuzz-lm3.yaml"),
                                            options={"base_dir": str(fuzz_dir)}))
