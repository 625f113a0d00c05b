"""The installed proxy bank, as `socialvalue proxies list --format json` shows it to users."""

from __future__ import annotations

import collections
import json
import subprocess
import sys

ALLOWED = {"OGL-UK-3.0", "OPL-3.0", "CC-BY-4.0", "CC0-1.0"}


def test_bank_breadth_and_every_record_traceable() -> None:
    out = subprocess.run([sys.executable, "-m", "socialvalue", "proxies", "list", "--format", "json"],
                         capture_output=True, text=True, check=True, timeout=120).stdout
    records = [r for r in json.loads(out) if r["dataset"] in ("uk-open", "gmca-ucd")]  # the bundled bank
    assert records, "proxies list returned the bundled datasets"
    distinct = {(r["dataset"], r["id"]) for r in records}
    assert len(distinct) == len(records) >= 250
    themes = collections.Counter(r["theme"] for r in records)
    assert len(themes) >= 10
    for theme in ("environment", "wellbeing", "skills", "housing"):
        assert themes[theme] >= 10, (theme, themes[theme])
    for r in records:
        assert isinstance(r["value"], (int, float)) and r["unit"].startswith("GBP"), r["id"]
        assert r["price_year"] and r["region"] and r["confidence"] in {"C", "P", "U"}, r["id"]
        assert r["source"]["publisher"] and r["source"]["title"] and r["citation"], r["id"]
        assert r["licence"] in ALLOWED, (r["id"], r["licence"])
        assert not any(tag in r["licence"].upper() for tag in ("-NC", "-ND")), r["id"]
