"""``socialvalue proxies list|show|search`` (``socialvalue datasets`` is in :mod:`socialvalue.commands.datasets`)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from socialvalue.commands.output import add_dataset_option, whole_number_arg

__all__ = ["register"]

EXIT_OK, EXIT_INPUT = 0, 2


def register(sub: Any) -> None:
    def common(p: argparse.ArgumentParser, *, price_year: bool = True) -> None:
        p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
        add_dataset_option(p)
        if price_year:
            p.add_argument("--price-year", type=whole_number_arg, metavar="YEAR",
                           help="re-express values in this year's prices (HM Treasury GDP deflator)")
            p.add_argument("--region", metavar="REGION",
                           help="show the value for a UK ITL1 region (name or code, e.g. 'North East' or TLC) "
                                "where a proxy has one; others keep their national value")

    raw = argparse.RawDescriptionHelpFormatter
    proxies = sub.add_parser("proxies", help="list, show and search financial proxies",
                             description="List, show and search the financial proxies of the installed datasets.",
                             epilog="examples:\n  socialvalue proxies list --theme employment\n"
                                    "  socialvalue proxies search wellbeing\n  socialvalue proxies show nlw-2024",
                             formatter_class=raw)
    proxies.set_defaults(handler=_cmd_proxies)
    psub = proxies.add_subparsers(dest="action", metavar="ACTION")
    p_list = psub.add_parser("list", help="list every proxy", formatter_class=raw,
                             epilog="examples:\n  socialvalue proxies list\n  socialvalue proxies list --theme employment "
                                    "--price-year 2025\n  socialvalue proxies list --format json | jq length")
    common(p_list)
    p_list.add_argument("--theme", help="only this theme")
    p_show = psub.add_parser("show", help="show one proxy with its source and derivation", formatter_class=raw,
                             epilog="examples:\n  socialvalue proxies show nlw-2024\n"
                                    "  socialvalue proxies show nlw-2024 --price-year 2025\n"
                                    "  socialvalue proxies show nlw-2024 --format json")
    p_show.add_argument("proxy_id", metavar="ID")
    common(p_show)
    p_search = psub.add_parser("search", help="find proxies by words in their id, name, description or tags",
                               formatter_class=raw,
                               epilog="examples:\n  socialvalue proxies search wellbeing\n"
                                      "  socialvalue proxies search carbon --theme environment\n"
                                      "  socialvalue proxies search volunteering --format json")
    p_search.add_argument("text", metavar="TEXT")
    p_search.add_argument("--theme", help="only this theme")
    common(p_search)


def _datasets(extra: Sequence[str]) -> list[Any]:
    from socialvalue.proxies import installed_datasets, load_dataset

    return [load_dataset(path) for path in extra] + installed_datasets()


class _NotIndexed:
    """A proxy that could not be re-expressed in the requested price year, and why."""

    def __init__(self, proxy: Any, price_year: int, reason: str) -> None:
        self.proxy, self.price_year, self.reason = proxy, price_year, reason


def _indexed(proxies: list[Any], price_year: int | None) -> list[Any]:
    """Index every proxy to ``price_year``; those the deflator cannot reach are marked, not dropped."""
    from socialvalue.errors import PriceYearError

    if price_year is None:
        return proxies
    gdp_deflator().level(price_year, field="--price-year")
    out: list[Any] = []
    for proxy in proxies:
        try:
            out.append(proxy.indexed(price_year))
        except PriceYearError as exc:
            out.append(_NotIndexed(proxy, price_year, exc.message))
    return out


def _proxy_record(proxy: Any) -> dict[str, Any]:
    if isinstance(proxy, _NotIndexed):
        record = _proxy_record(proxy.proxy)
        record.update({"value": None, "series": None, "low": None, "high": None,
                       "original_value": proxy.proxy.headline_value,
                       "original_price_year": proxy.proxy.price_year, "price_year": proxy.price_year,
                       "indexation": {"error": proxy.reason}})
        return {k: val for k, val in record.items() if val is not None or k == "value"}
    record: dict[str, Any] = {
        "id": proxy.id,
        "name": proxy.name,
        "value": proxy.headline_value,
        "unit": proxy.unit,
        "currency": proxy.currency,
        "price_year": proxy.price_year,
        "region": proxy.region,
        "theme": proxy.theme,
        "source": proxy.source.to_dict(),
        "citation": proxy.source.cite(),
        "licence": proxy.licence,
        "confidence": proxy.confidence,
        "dataset": proxy.dataset,
    }
    if proxy.is_series:
        record["series"] = {str(year): amount for year, amount in proxy.value.items()}
    for bound in ("low", "high"):
        value = getattr(proxy, bound)
        if value is not None:
            record[bound] = {str(y): a for y, a in value.items()} if isinstance(value, dict) else value
    if proxy.indexation:
        record["indexation"] = dict(proxy.indexation)
    for key in ("components", "regions"):
        value = proxy.to_dict().get(key)
        if value:
            record[key] = value
    return record


def _print_proxies(proxies: list[Any], fmt: str) -> None:
    from socialvalue.commands.output import terminal_width
    from socialvalue.results.report import Table
    from socialvalue.results.text import text_table

    if fmt == "json":
        print(json.dumps([_proxy_record(p) for p in proxies], indent=2, ensure_ascii=False))
        return
    rows = []
    skipped = [p for p in proxies if isinstance(p, _NotIndexed)]
    for p in proxies:
        if isinstance(p, _NotIndexed):
            rows.append([p.proxy.id, p.proxy.theme or "", "n/a *", p.proxy.unit, str(p.proxy.price_year),
                         p.proxy.region, p.proxy.confidence])
        else:
            rows.append([p.id, p.theme or "", _value_text(p), p.unit, str(p.price_year), p.region, p.confidence])
    print(text_table(Table(["id", "theme", "value", "unit", "price year", "region", "conf."], rows,
                           numeric=[False, False, True, False, True, False, False]), terminal_width()))
    print(f"\n{len(proxies)} proxies. Confidence: C confirmed, P partly confirmed, U unconfirmed. "
          "Sources: `socialvalue proxies show ID`.")
    if skipped:
        print(f"* {len(skipped)} value(s) could not be re-expressed in {skipped[0].price_year} prices: "
              f"{skipped[0].reason}. They are shown at their own price year.")


def _region(args: argparse.Namespace) -> str | None:
    from socialvalue.proxies.variants import read_region

    return read_region(getattr(args, "region", None), "--region")


def _regional(proxies: list[Any], region: str | None) -> list[Any]:
    """Each proxy with its value for ``region`` where it has one (its ``region`` then says so)."""
    if region is None:
        return proxies
    from socialvalue.proxies.variants import ProxyChoice

    choice = ProxyChoice(region=region)
    return [choice.apply(p)[0] for p in proxies]


def _value_text(proxy: Any) -> str:
    text = f"{proxy.headline_value:,.2f}"
    if proxy.is_series:
        years = proxy.years
        text += f" ({years[0]}-{years[-1]} series)"
    return text


def _show(proxy: Any, fmt: str) -> None:
    if fmt == "json":
        record = _proxy_record(proxy)
        record.update({k: val for k, val in proxy.to_dict().items() if k in ("description", "notes", "derivation",
                                                                              "tags")})
        print(json.dumps(record, indent=2, ensure_ascii=False))
        return
    lines = [f"{proxy.id}: {proxy.name}", ""]
    if proxy.description:
        lines += [proxy.description, ""]
    lines.append(f"value       {_value_text(proxy)} {proxy.unit} ({proxy.price_year} prices, {proxy.region})")
    if proxy.low is not None or proxy.high is not None:
        lines.append(f"range       low {_bound(proxy.low, proxy)}  high {_bound(proxy.high, proxy)}")
    if proxy.is_series:
        lines.append("series      " + ", ".join(f"{y}: {a:,.2f}" for y, a in proxy.value.items()))
    if proxy.regions:
        from socialvalue.proxies.variants import REGIONS

        lines.append("regions     " + ", ".join(f"{REGIONS[c]} {a:,.2f}" for c, a in proxy.regions.items()))
    if proxy.components:
        lines.append("components  " + ", ".join(f"{k} {c.value:,.2f} ({c.price_year} prices)"
                                             for k, c in proxy.components.items()))
    lines += [
        f"theme       {proxy.theme or '-'}   tags: {', '.join(proxy.tags) or '-'}",
        f"source      {proxy.source.cite()}",
    ]
    if proxy.source.url:
        lines.append(f"            {proxy.source.url}")
    if proxy.source.via:
        lines.append(f"            read via {proxy.source.via}")
    if proxy.source.based_on:
        lines.append(f"            based on {proxy.source.based_on}")
    lines += [f"licence     {proxy.licence}", f"confidence  {proxy.confidence}", f"dataset     {proxy.dataset}"]
    if proxy.indexation:
        ix = proxy.indexation
        lines.append(f"indexed     from {ix['from_price_year']} prices x {ix['factor']:.6f} ({ix['deflator']}, "
                     f"vintage {ix['vintage']})")
    if proxy.derivation:
        lines.append(f"derivation  {proxy.derivation.formula}")
        for name, item in proxy.derivation.inputs.items():
            lines.append(f"            {name} = {item.get('value')} {item.get('unit', '')} ({item.get('source', '')})")
    if proxy.notes:
        lines.append(f"notes       {proxy.notes}")
    print("\n".join(lines))


def _bound(value: Any, proxy: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, dict):
        return f"{value.get(proxy.price_year, next(iter(value.values()))):,.2f}"
    return f"{value:,.2f}"


def gdp_deflator() -> Any:
    from socialvalue.prices import gdp_deflator as deflator

    return deflator()


def _cmd_proxies(args: argparse.Namespace) -> int:
    from socialvalue.proxies import resolve_proxy

    if args.action is None:
        print("usage: socialvalue proxies {list,show,search} ... (see socialvalue proxies --help)", file=sys.stderr)
        return EXIT_INPUT
    datasets = _datasets(args.dataset)
    region = _region(args)
    if args.action == "list":
        proxies = [p for ds in datasets for p in ds if args.theme is None or p.theme == args.theme]
        _print_proxies(_indexed(_regional(proxies, region), args.price_year), args.format)
    elif args.action == "search":
        proxies = [p for ds in datasets for p in ds.search(args.text, theme=args.theme)]
        _print_proxies(_indexed(_regional(proxies, region), args.price_year), args.format)
    elif args.action == "show":
        proxy = _regional([resolve_proxy(args.proxy_id, datasets)], region)[0]
        if args.price_year is not None:
            proxy = proxy.indexed(args.price_year)
        _show(proxy, args.format)
    else:
        print("usage: socialvalue proxies {list,show,search} ...", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK
