"""The one identity rule: how names that identify things are read and compared.

Ids, measure codes, supplier names, period labels and spend recipients decide what is
counted once. Two entries that a reader would take for the same name must not both be
counted, and a name must not hide characters a reader cannot see. So:

* **Identifiers refuse invisible and control characters**: control characters (newlines,
  tabs, escape sequences), format characters (zero-width space and joiners, the byte-order
  mark, soft hyphen, the left-to-right and right-to-left marks, embeddings, overrides and
  isolates), line and paragraph separators, private-use and unassigned code points.
* **Identifiers refuse look-alike scripts mixed in one word** (a Cyrillic ``А`` inside
  ``Аlpha Ltd``): Latin, Greek and Cyrillic letters that look the same are not mixed.
* **Two identifiers are the same identity** when they are equal after Unicode NFKC
  normalisation (a no-break space is a space, a full-width ``Ａ`` is ``A``, the ligature
  ``ﬁ`` is ``fi``), case folding and collapsing runs of white space.

:func:`check_unique` applies the rule to a keyed list (outcomes, commitments, deliveries,
spend lines, suppliers, …) and refuses a duplicate whatever the order of the entries,
naming both places.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Hashable, Iterable
from typing import Any

from socialvalue.errors import DuplicateEntryError, ValidationError

__all__ = ["check_unique", "hidden_character", "identifier", "identity_key"]

_REFUSED_CATEGORIES = {"Cc": "a control character", "Cf": "an invisible formatting character",
                       "Zl": "a line separator", "Zp": "a paragraph separator", "Co": "a private-use character",
                       "Cn": "an unassigned code point", "Cs": "a lone surrogate"}
_LOOKALIKE_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")


def hidden_character(text: str) -> tuple[int, str, str] | None:
    """``(index, character, what it is)`` of the first character an identifier may not hold, or None."""
    if text.isprintable():  # no control, format, separator (other than space), private-use or unassigned character
        return None
    for i, ch in enumerate(text):
        category = unicodedata.category(ch)
        if category in _REFUSED_CATEGORIES:
            return i, ch, _REFUSED_CATEGORIES[category]
    return None


def _scripts(word: str) -> set[str]:
    out = set()
    for ch in word:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            script = name.split(" ", 1)[0]
            if script in _LOOKALIKE_SCRIPTS:
                out.add(script)
    return out


def identifier(value: Any, field: str | None, *, source: Any = None, what: str = "name") -> str:
    """Non-empty identifying text with no hidden characters and no mixed look-alike scripts.

    Returns the text with surrounding white space removed; compare identifiers with
    :func:`identity_key`.
    """
    from socialvalue.validation import text

    raw = text(value, field, source=source)
    hidden = hidden_character(raw)
    if hidden is not None:
        index, ch, kind = hidden
        raise ValidationError(
            f"the {what} holds {kind} (U+{ord(ch):04X}, {unicodedata.name(ch, 'unnamed')}) at position {index + 1}",
            source=source, field=field,
            hint=f"retype the {what} with visible characters only; hidden characters make two names that look the "
                 "same count as different ones")
    for word in raw.split():
        scripts = _scripts(word)
        if len(scripts) > 1:
            raise ValidationError(
                f"the {what} mixes {' and '.join(sorted(s.title() for s in scripts))} letters in {word!r}",
                source=source, field=field,
                hint=f"retype the {what} in one alphabet; letters from different alphabets can look identical")
    return raw.strip()


def identity_key(name: str) -> str:
    """The form two identifiers are compared in: NFKC, case-folded, white space collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def check_unique(entries: Iterable[tuple[Hashable, str]], *, what: str, source: Any = None,
                 hint: str | None = None) -> None:
    """Refuse the second entry whose key equals an earlier one.

    ``entries`` are ``(key, field)`` pairs in document order; text keys (or text parts of
    tuple keys) are compared by :func:`identity_key`. The error names the later entry's
    field and the earlier one, so the result does not depend on which of the two comes first
    beyond which one is named.
    """
    seen: dict[Hashable, str] = {}
    for key, field in entries:
        norm = _normal(key)
        if norm in seen:
            raise DuplicateEntryError(
                f"{what} {_show(key)} appears twice (also at {seen[norm]})", source=source, field=field,
                hint=hint or "keep one entry, or merge the two; each is counted once")
        seen[norm] = field


def _normal(key: Hashable) -> Hashable:
    if isinstance(key, str):
        return identity_key(key)
    if isinstance(key, tuple):
        return tuple(_normal(k) for k in key)
    return key


def _show(key: Hashable) -> str:
    if isinstance(key, tuple):
        return " / ".join(repr(k) for k in key)
    return repr(key)
