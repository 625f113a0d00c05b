"""The DataFrames of an LM3 result, declared with :func:`socialvalue.results.frames.register_frames`.

Kinds, default first: ``lines`` (one per round-1 spend line), ``kinds``, ``rounds``. Registered
when the ``lm3`` package is imported.
"""

from __future__ import annotations

from typing import Any

from socialvalue.frameworks.lm3.result import LM3Result
from socialvalue.results.frames import BOOL, FLOAT, INT, NINT, TEXT, FrameSpec, columns, register_frames

__all__ = ["lm3_kinds", "lm3_lines", "lm3_rounds"]


def lm3_lines(result: Any) -> list[dict[str, Any]]:
    """LM3 ``lines``: one row per round-1 spend line (recipient).

    Columns: ``recipient``, ``kind``, ``amount``, ``local``, ``local_respend``,
    ``survey_answers``, ``status``, ``r2``, ``r3``, ``notes``.
    """
    return [ln.to_dict() for ln in result.lines]


def lm3_kinds(result: Any) -> list[dict[str, Any]]:
    """LM3 ``kinds``: one row per kind of spend. Columns: ``kind``, ``lines``, ``r1``, ``r2``,
    ``r3``, ``unsurveyed_local_spend``."""
    return [k.to_dict() for k in result.by_kind]


def lm3_rounds(result: Any) -> list[dict[str, Any]]:
    """LM3 ``rounds``: one row per round. Columns: ``round``, ``description``, ``amount``,
    ``share_of_r1``. LM3 is the sum of ``amount`` divided by R1."""
    described = (("R1", "total spend", result.r1), ("R2", "spent inside the boundary", result.r2),
                 ("R3", "re-spent inside the boundary by local recipients", result.r3))
    return [{"round": name, "description": text, "amount": amount,
             "share_of_r1": amount / result.r1 if result.r1 else None} for name, text, amount in described]


register_frames(
    LM3Result,
    FrameSpec("lines", "one per round-1 spend line", columns(
        ("recipient", TEXT, "who was paid"),
        ("kind", TEXT, "kind of spend, e.g. `staff`, `supplier`"),
        ("amount", FLOAT, "round-1 spend (£)"),
        ("local", BOOL, "true if the recipient is inside the boundary"),
        ("local_respend", FLOAT, "share re-spent inside the boundary (missing: not surveyed or not local)"),
        ("survey_answers", NINT, "number of survey answers averaged, when a list was given"),
        ("status", TEXT, "`surveyed`, `unsurveyed` or `outside boundary`"),
        ("r2", FLOAT, "round-2 amount: `amount` if local, else 0 (£)"),
        ("r3", FLOAT, "round-3 amount: `amount` × `local_respend` (£)"),
        ("notes", TEXT, "notes"),
    ), lm3_lines),
    FrameSpec("kinds", "one per kind of spend", columns(
        ("kind", TEXT, "kind of spend"),
        ("lines", INT, "spend lines of that kind"),
        ("r1", FLOAT, "round-1 spend (£)"),
        ("r2", FLOAT, "spent inside the boundary (£)"),
        ("r3", FLOAT, "re-spent inside the boundary (£)"),
        ("unsurveyed_local_spend", FLOAT, "local spend with no survey figure (£)"),
    ), lm3_kinds),
    FrameSpec("rounds", "one per round (R1, R2, R3)", columns(
        ("round", TEXT, "`R1`, `R2` or `R3`"),
        ("description", TEXT, "the round in words"),
        ("amount", FLOAT, "amount in the round (£)"),
        ("share_of_r1", FLOAT, "amount / R1"),
    ), lm3_rounds),
)
