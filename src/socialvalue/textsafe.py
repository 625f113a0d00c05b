"""The one text policy for reports that are not HTML: what user text may do in them.

Supplier names, outcome ids, descriptions and notes come from documents a hostile supplier
may have written. Copied raw into a Markdown report, a name holding ``"\\n## Alpha Ltd"``
adds a fake section and ``<img src=x onerror=...>`` becomes live HTML wherever the Markdown
is rendered; copied raw to a terminal, an escape sequence can rewrite the screen and a
right-to-left override can reverse what a reader sees. So:

* **At input** (:func:`socialvalue.validation.text`): text refuses control characters other
  than tab and line breaks, and the bidirectional embedding, override and isolate controls.
  Identifiers refuse more (:mod:`socialvalue.identity`).
* **At output**, every piece of user text goes through one of these functions:

  ``plain(text)``
      for terminal text: runs of white space (line breaks included) become one space, and
      any character that is not printable is shown as its code (``\\u200b``);
  ``markdown(text)``
      ``plain`` and then Markdown's markup characters escaped (``\\*``, ``\\[``, ``\\|``,
      ``&lt;`` …) and a leading list marker (``1.``, ``-``) escaped, so text stays text in
      every Markdown renderer.

HTML has its own single escaping function, :func:`socialvalue.results.html.esc`.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["BIDI_CONTROLS", "markdown", "plain", "safe_url", "unsafe_character"]

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: characters that reorder the text around them on screen."""

_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "]")
_MARKDOWN = re.compile(r"([\\`*_\[\]#|~])")
_LIST_MARKER = re.compile(r"^(\d+)([.)])|^([-+=])")
_SPACE = re.compile(r"\s+")


def unsafe_character(text: str) -> tuple[int, str] | None:
    """``(index, character)`` of the first control or bidirectional control character free text may
    not hold (tab, line feed and carriage return are allowed), or None."""
    match = _UNSAFE.search(text)
    return None if match is None else (match.start(), match.group())


def _visible(ch: str) -> str:
    if ch.isprintable() or ch == " ":
        return ch
    return f"\\u{ord(ch):04x}"


def plain(value: Any) -> str:
    """User text for a terminal: one line, every character visible."""
    text = "" if value is None else str(value)
    text = _SPACE.sub(" ", text).strip()
    if text.isprintable():
        return text
    return "".join(_visible(ch) for ch in text)


def markdown(value: Any, *, cell: bool = False) -> str:
    """User text for Markdown: :func:`plain`, then markup escaped, ``<``, ``>`` and ``&`` as entities.

    ``cell=True`` for a table cell, where a leading ``-`` or ``1.`` cannot start a list."""
    text = plain(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN.sub(r"\\\1", text)
    if cell:
        return text
    # text that starts like a list item or a heading underline would start one where it sits first on a line
    return _LIST_MARKER.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", text)


def safe_url(url: Any) -> str | None:
    """``url`` if it is an http(s) address without spaces or angle brackets, else None: only such
    addresses become links in reports (a ``javascript:`` address never does)."""
    if not isinstance(url, str):
        return None
    text = url.strip()
    if not text.lower().startswith(("https://", "http://")) or any(c in text for c in " <>\"\n\t`"):
        return None
    return text
