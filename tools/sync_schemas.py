#!/usr/bin/env python3
"""Copy the JSON Schemas shipped in the package (src/socialvalue/schemas/) into docs/schemas/.

Usage::

    python tools/sync_schemas.py            # write docs/schemas/*.schema.json, remove stale ones
    python tools/sync_schemas.py --check    # exit 1 if docs/schemas/ is not an exact copy

The package folder is the one source: edit a schema there, then run this so that the
documentation site links (``../schemas/tender.schema.json``) serve the same bytes.
tests/test_schemas.py fails while the two differ. A maintainer's tool: standard library only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "socialvalue" / "schemas"
TARGET = ROOT / "docs" / "schemas"


def differences(source: Path = SOURCE, target: Path = TARGET) -> list[str]:
    """What differs between the package's schemas and the docs copies (empty when in step)."""
    shipped = {p.name: p.read_bytes() for p in sorted(source.glob("*.schema.json"))}
    copies = {p.name: p.read_bytes() for p in sorted(target.glob("*.schema.json"))}
    out = [f"no copy in {target}: {name}" for name in shipped if name not in copies]
    out += [f"differs: {name}" for name in shipped if name in copies and copies[name] != shipped[name]]
    out += [f"not in the package (stale copy): {name}" for name in copies if name not in shipped]
    return out


def sync(source: Path = SOURCE, target: Path = TARGET) -> list[str]:
    """Make ``target`` an exact copy of the schemas in ``source``; returns what changed."""
    changed = differences(source, target)
    target.mkdir(parents=True, exist_ok=True)
    shipped = {p.name for p in source.glob("*.schema.json")}
    for path in target.glob("*.schema.json"):
        if path.name not in shipped:
            path.unlink()
    for name in sorted(shipped):
        data = (source / name).read_bytes()
        if not (target / name).is_file() or (target / name).read_bytes() != data:
            (target / name).write_bytes(data)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when docs/schemas is out of step")
    args = parser.parse_args(argv)
    if args.check:
        found = differences()
        for line in found:
            print(line, file=sys.stderr)
        if found:
            print("run: python tools/sync_schemas.py", file=sys.stderr)
        return 1 if found else 0
    for line in sync():
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
