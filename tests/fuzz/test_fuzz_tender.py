"""Fuzz tenders (``kind: tender``, the toms framework): the document itself, and the CSV bids
file it may name. Result or SocialValueError, never anything else."""

from __future__ import annotations

import copy

from documents import BIDS_CSVS, TENDERS, generated_tender
from hypothesis import example, given
from hypothesis import strategies as st
from mutations import check, collect_vocab, fuzz_settings, mutated, mutated_text

from socialvalue.frameworks.toms import FRAMEWORK

EXAMPLES_PER_RUN = 3_500
CSV_EXAMPLES_PER_RUN = 1_500
VOCAB = collect_vocab(TENDERS)
DOCUMENTS = mutated(st.one_of(st.sampled_from(TENDERS), generated_tender()), VOCAB)
WITH_CSV = next(t for t in TENDERS if t.get("bids_file"))


REGRESSIONS = [  # documents that once crashed (see docs/reliability.md)
    {**TENDERS[0], "bids": [{"supplier": "S", "qualitative": 50, "commitments": [
        {"measure": "OPEN-JOBS-LOCAL", "quantity": 1e308, "years": 2}]}]},  # math.fsum OverflowError
]


@fuzz_settings(EXAMPLES_PER_RUN)
@given(doc=DOCUMENTS)
@example(doc=REGRESSIONS[0])
def test_fuzz_tender(doc, fuzz_dir) -> None:
    check("tender", lambda: FRAMEWORK.evaluate(doc, source=str(fuzz_dir / "fuzz-tender.yaml"),
                                               options={"base_dir": str(fuzz_dir)}))


@fuzz_settings(CSV_EXAMPLES_PER_RUN)
@given(text=mutated_text(st.sampled_from(BIDS_CSVS)), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_fuzz_bids_csv(text, encoding, fuzz_dir) -> None:
    path = fuzz_dir / "fuzz-bids.csv"
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:  # lone surrogates from a bit flip: write them as they are
        raw = text.encode("utf-8", "surrogatepass")
    path.write_bytes(raw)
    doc = {**copy.deepcopy(WITH_CSV), "bids_file": path.name}
    check("tender-bids-csv", lambda: FRAMEWORK.evaluate(doc, source=str(fuzz_dir / "fuzz-tender.yaml"),
                                                        options={"base_dir": str(fuzz_dir)}))
