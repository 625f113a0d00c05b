"""Which licences a proxy dataset may carry to be shipped (bundled or published as a plugin).

A dataset is only useful to others if its values may be copied, adapted and passed on,
commercially too: a council's consultant uses them in paid work, and socialvalue re-bases
and recombines every number. So the allow-list holds the open licences UK public data come
under, and nothing with a non-commercial (NC) or no-derivatives (ND) term:

==============================  ===========================================================
``OGL-UK-3.0``                  Open Government Licence v3.0 (Crown and public sector data)
``OPL-3.0``                     Open Parliament Licence v3.0 (Hansard, written answers);
                                also written ``Open-Parliament-Licence-3.0``
``CC-BY-4.0``                   Creative Commons Attribution 4.0
``CC0-1.0``                     Creative Commons public domain dedication
==============================  ===========================================================

Values under other terms (National TOMs, CC BY-NC-ND; HACT's Social Value Bank) can still be
loaded from a user's own file with :func:`socialvalue.proxies.load_dataset` for their own
use; they cannot be shipped, and ``socialvalue datasets check`` says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from socialvalue.errors import ValidationError

__all__ = ["ALLOWED_LICENCES", "LICENCE_ALIASES", "canonical_licence", "check_licence", "licence_problems"]

ALLOWED_LICENCES: Mapping[str, str] = {
    "OGL-UK-3.0": "Open Government Licence v3.0",
    "OPL-3.0": "Open Parliament Licence v3.0",
    "CC-BY-4.0": "Creative Commons Attribution 4.0 International",
    "CC0-1.0": "Creative Commons Zero v1.0 Universal (public domain dedication)",
}
"""Licence ids a shipped dataset and each of its proxies may carry, with their names."""

LICENCE_ALIASES: Mapping[str, str] = {
    "Open-Parliament-Licence-3.0": "OPL-3.0",
}
"""Other spellings accepted for an allowed licence (the bundled uk-open used the long form)."""

_NC = re.compile(r"(?:^|[^A-Z])NC(?:$|[^A-Z])|NON-?COMMERCIAL", re.IGNORECASE)
_ND = re.compile(r"(?:^|[^A-Z])ND(?:$|[^A-Z])|NO-?DERIV", re.IGNORECASE)


def canonical_licence(licence: str) -> str | None:
    """The allowed id ``licence`` stands for (exact spelling or a listed alias), or ``None``."""
    if licence in ALLOWED_LICENCES:
        return licence
    return LICENCE_ALIASES.get(licence)


def check_licence(licence: object, field: str | None = None, *, source: str | None = None) -> str:
    """Return the allowed licence id of ``licence``, or raise :class:`ValidationError` saying why it
    cannot be shipped (a non-commercial or no-derivatives licence is named as such)."""
    from socialvalue.suggest import close_matches

    if not isinstance(licence, str) or not licence.strip():
        raise ValidationError(f"a licence must be an id such as OGL-UK-3.0, got {licence!r}"[:200], source=source,
                              field=field, hint="allowed: " + ", ".join(ALLOWED_LICENCES))
    text = licence.strip()
    found = canonical_licence(text)
    if found is not None:
        return found
    terms = [name for name, pattern in (("non-commercial (NC)", _NC), ("no-derivatives (ND)", _ND))
             if pattern.search(text)]
    if terms:
        raise ValidationError(
            f"licence {text!r} has a {' and a '.join(terms)} term, so values under it cannot be bundled or shipped",
            source=source, field=field,
            hint="keep such values in your own file and load it with --dataset for your own use; a shipped "
                 "dataset needs one of " + ", ".join(ALLOWED_LICENCES))
    suggestions = close_matches(text, [*ALLOWED_LICENCES, *LICENCE_ALIASES])
    raise ValidationError(
        f"licence {text!r} is not on the allow-list for shipped datasets", source=source, field=field,
        hint=(f"did you mean {suggestions[0]}? " if suggestions else "")
        + "allowed: " + ", ".join(ALLOWED_LICENCES) + " (see socialvalue.proxies.licences)")


def licence_problems(header_licence: object, proxy_licences: Mapping[str, object]) -> list[ValidationError]:
    """Every licence in a dataset that is not allowed: the header's (field ``dataset.licence``) and
    each proxy's (``proxies[id].licence``), as errors; empty when all are allowed."""
    out: list[ValidationError] = []
    checks = [("dataset.licence", header_licence)] + [(f"proxies[{pid}].licence", lic)
                                                        for pid, lic in proxy_licences.items()]
    for field, licence in checks:
        try:
            check_licence(licence, field)
        except ValidationError as exc:
            out.append(exc)
    return out
