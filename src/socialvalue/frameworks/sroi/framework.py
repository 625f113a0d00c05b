"""The ``sroi`` framework: Social Value Engine / SROI Guide valuation of an impact map.

Reads an impact map (:mod:`socialvalue.frameworks.sroi.document`), hands its outcomes to the
engine as numbers, and returns an :class:`~socialvalue.frameworks.sroi.result.SroiResult`
with everything the engine computes, the assumptions beside it, and provenance.

What the Social Value Engine offers its users is here too: leakage as a fifth adjustment;
negative outcomes (disbenefits) valued the same way, reported apart and netted off; preset
adjustments marked as presets; value by Bristol Accord domain; and forecast-versus-
evaluation comparison outcome by outcome.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import attrs

from socialvalue import validation as v
from socialvalue.errors import EngineInputError, LimitExceededError, SocialValueError, ValidationError
from socialvalue.proxies.variants import PERSPECTIVES, read_perspective
from socialvalue.frameworks.base import Context, Framework, Options, Provenance, check_finite, document_hash, option
from socialvalue.frameworks.sroi.document import ImpactMap, parse_impact_map
from socialvalue.frameworks.sroi.model import Activity
from socialvalue.frameworks.sroi.result import ForecastComparison, SroiResult
from socialvalue.proxies.model import Proxy

if TYPE_CHECKING:  # pragma: no cover
    import argparse

__all__ = ["FRAMEWORK", "SroiFramework", "SroiOptions", "compile_map", "value_map"]

def compile_map(imap: ImpactMap) -> Any:
    """The engine's columnar table for an impact map's outcomes."""
    from socialvalue.engine import compile_outcomes

    outs = imap.outcomes
    return compile_outcomes(
        quantity=[o.engine_quantity for o in outs],
        proxy=[o.proxy.headline_value if not o.proxy.is_series else 0.0 for o in outs],
        duration=[o.outcome.duration for o in outs],
        deadweight=[o.outcome.deadweight for o in outs],
        displacement=[o.outcome.displacement for o in outs],
        attribution=[o.outcome.attribution for o in outs],
        leakage=[o.outcome.leakage for o in outs],
        drop_off=[o.outcome.drop_off for o in outs],
        start=[o.outcome.start_year for o in outs],
        negative=[o.outcome.negative for o in outs],
        yearly_proxy={i: list(o.yearly_proxy) for i, o in enumerate(outs) if o.yearly_proxy is not None},
        groups={
            "theme": [o.outcome.theme or "(none)" for o in outs],
            "domain": [o.outcome.domain or "(none)" for o in outs],
            "beneficiary": [o.outcome.beneficiaries.group if o.outcome.beneficiaries else "(none)" for o in outs],
        },
    )


def value_map(imap: ImpactMap) -> Any:
    """Run the engine on an impact map (deterministic)."""
    from socialvalue.engine import valuate

    return valuate(compile_map(imap), discount=imap.schedule, investment=imap.investment,
                   convention=imap.convention)


def _price_year(value: Any, name: str) -> int:
    from socialvalue.prices import gdp_deflator

    year = v.integer(value, name, minimum=1800)
    gdp_deflator().level(year, field=name)
    return year


def _draws(value: Any, name: str) -> int:
    from socialvalue.config import current_limits

    draws = v.integer(value, name, minimum=1)
    limit = current_limits().max_draws
    if draws > limit:
        raise LimitExceededError(f"{draws:,} Monte Carlo draws exceed the limit of {limit:,}", field=name,
                                 hint="100,000 draws give percentiles to well under 1%; raise the max_draws limit "
                                      "(--limit max_draws=N) only if you need more")
    return draws


def _seed(value: Any, name: str) -> Any:
    import numpy as np

    return value if isinstance(value, np.random.SeedSequence) else v.integer(value, name, minimum=0)


@attrs.frozen
class SroiOptions(Options):
    """Options of the ``sroi`` framework (``socialvalue value`` flags in brackets)."""

    price_year: int | None = option(read=_price_year, doc="express all money in this year's prices (--price-year)")
    sensitivity: bool = option(False, read=v.boolean, doc="add one-at-a-time sensitivity and break-even "
                                                         "(--sensitivity)")
    break_even_target: float = option(1.0, read=v.non_negative, doc="the ratio break-even solves for "
                                                                    "(--break-even-target)")
    monte_carlo: int | None = option(read=_draws, doc="Monte Carlo draws (--monte-carlo)")
    seed: Any = option(read=_seed, doc="seed of the Monte Carlo draws, required with them (--seed)")
    compare_forecast: bool = option(True, read=v.boolean, doc="set an evaluation against the forecast it names")
    perspective: str | None = option(read=read_perspective, doc="count only some components of each proxy: "
                                                                 "fiscal, economic, social or public-value "
                                                                 "(--perspective; overrides the map's)")

    def check(self) -> None:
        if self.monte_carlo and self.seed is None:
            raise ValidationError("Monte Carlo needs a seed so that the result can be reproduced", field="seed",
                                  hint="pass --seed 1 (any whole number)")

    def record(self, context: Context) -> dict[str, Any]:
        draws = self.monte_carlo
        return {"price_year": self.price_year, "sensitivity": self.sensitivity,
                "break_even_target": self.break_even_target, "monte_carlo": draws,
                "seed": _plain_seed(self.seed) if draws else None, "compare_forecast": self.compare_forecast,
                "extra_datasets": context.extra_dataset_ids(),
                **({"perspective": self.perspective} if self.perspective else {})}


class SroiFramework(Framework[SroiOptions, SroiResult]):
    """SVE-style SROI: impact map in, present value, ratio and the reasons for them out."""

    id = "sroi"
    name = "SROI (Social Value Engine style)"
    version = "1.0"
    description = ("Social return on investment of an impact map: outcomes valued with financial proxies, "
                   "reduced by deadweight, displacement, attribution, leakage and drop-off, discounted; "
                   "present value, NPV, SROI ratio, payback, sensitivity and Monte Carlo.")
    document_kinds = ("impact-map",)
    options_class = SroiOptions
    model_types = (Activity,)

    def document_schema(self, kind: str) -> dict[str, Any] | None:
        """The shipped JSON Schema of a document of ``kind`` (``socialvalue/schemas/<kind>.schema.json``)."""
        from socialvalue.schemas import schema

        return schema(kind) if kind in self.document_kinds else None

    def document_from(self, obj: Any, options: Mapping[str, Any]) -> Mapping[str, Any]:
        """An impact map for an :class:`Activity` built in code; its price year is ``options["price_year"]``,
        or the one price year all its inline proxies share."""
        doc = obj.to_dict()
        years = {o.proxy.price_year for o in obj.outcomes if isinstance(o.proxy, Proxy)}
        year = options.get("price_year") or (years.pop() if len(years) == 1 else None)
        if year is None:
            raise ValidationError("an Activity needs a price year to be valued", field="price_year",
                                  source="options", hint="pass options={'price_year': 2024}")
        return {"kind": "impact-map", "price_year": year, **doc}

    def add_cli_arguments(self, parser: argparse.ArgumentParser) -> None:
        from socialvalue.commands.output import number_arg, whole_number_arg

        parser.add_argument("--sensitivity", action="store_true",
                            help="add one-at-a-time sensitivity and break-even analysis")
        parser.add_argument("--break-even-target", type=number_arg, default=1.0, metavar="RATIO",
                            help="ratio the break-even analysis solves for (default 1.0)")
        parser.add_argument("--monte-carlo", type=whole_number_arg, metavar="N", help="add N seeded Monte Carlo draws")
        parser.add_argument("--seed", type=whole_number_arg, metavar="S",
                            help="random seed for --monte-carlo (required with it)")
        parser.add_argument("--price-year", type=whole_number_arg, metavar="YEAR",
                            help="express all money in this year's prices")
        parser.add_argument("--perspective", choices=tuple(PERSPECTIVES), default=None,
                            help="count only some components of each proxy (proxies must have components, "
                                 "e.g. gmca-ucd); default: the published value")

    def cli_options(self, args: argparse.Namespace) -> dict[str, Any]:
        return {"price_year": args.price_year, "sensitivity": args.sensitivity,
                "break_even_target": args.break_even_target, "monte_carlo": args.monte_carlo, "seed": args.seed,
                "perspective": args.perspective}

    def run(self, document: Mapping[str, Any], options: SroiOptions, context: Context) -> SroiResult:
        """Value an impact-map document (see :class:`SroiOptions` for the options)."""
        try:
            return self._run(document, options, context)
        except SocialValueError as exc:  # engine errors: column[row] -> outcomes[row].field
            match = re.fullmatch(r"([a-z_]+)\[(\d+)\]", exc.field or "")
            if isinstance(exc, EngineInputError) and match:
                name = {"start": "start_year"}.get(match.group(1), match.group(1))
                exc.field = f"outcomes[{match.group(2)}].{name}"
            raise

    def _run(self, document: Mapping[str, Any], opts: SroiOptions, context: Context) -> SroiResult:
        source = context.source
        imap = parse_impact_map(document, source=source, base_dir=context.base_dir,
                                datasets=context.proxy_datasets(), price_year=opts.price_year,
                                perspective=opts.perspective)
        table = compile_map(imap)
        from socialvalue.engine import valuate

        valuation = valuate(table, discount=imap.schedule, investment=imap.investment,
                            convention=imap.convention)
        _check_ratios(valuation)
        sensitivity = break_even = monte_carlo = None
        target = opts.break_even_target
        if opts.sensitivity:
            from socialvalue.engine import break_even as engine_break_even
            from socialvalue.engine import sensitivity as engine_sensitivity

            with _overflow_refused():
                sensitivity = check_finite(engine_sensitivity(table, imap.schedule, imap.investment,
                                                              convention=imap.convention))
                break_even = check_finite(engine_break_even(table, imap.schedule, imap.investment, target=target,
                                                            convention=imap.convention))
        draws = opts.monte_carlo
        if draws:
            from socialvalue.frameworks.sroi.uncertainty import run_monte_carlo

            with _overflow_refused():
                monte_carlo = check_finite(run_monte_carlo(imap, table, int(draws), opts.seed))
        comparison = None
        inputs: tuple[dict[str, Any], ...] = ()
        if imap.forecast is not None and opts.compare_forecast:
            comparison, forecast_record = self._compare_with_forecast(imap, valuation, context)
            inputs = (forecast_record,)
        provenance = Provenance(
            framework=self.id, framework_version=self.version, input_sha256=document_hash(document),
            source=source, datasets=imap.datasets + inputs, price_year=imap.price_year,
            discounting=imap.schedule.provenance(), deflator=_deflator_provenance(imap),
            conventions={
                "discount_start": "year-1 (SROI value map: first year discounted one period)"
                if imap.convention == "sroi" else "year-0 (Green Book: first year undiscounted)",
                "drop_off": "geometric, from the outcome's second year",
                "adjustments": "multiplicative: (1-deadweight)(1-displacement)(1-attribution)(1-leakage)",
                "investment": "undiscounted, at the start",
                "payback": "investment / (net year-1 impact / 12)",
                "presets": list(imap.presets),
            },
            options=self.options_record(opts, context),
        )
        return SroiResult(imap=imap, valuation=valuation, sensitivity=sensitivity, break_even=break_even,
                          monte_carlo=monte_carlo, comparison=comparison, provenance=provenance,
                          break_even_target=target, monte_carlo_seed=opts.seed if draws else None,
                          warnings=tuple(implausible(imap)))

    def _compare_with_forecast(self, imap: ImpactMap, valuation: Any,
                               context: Context) -> tuple[ForecastComparison, dict[str, Any]]:
        doc, path = context.read(imap.forecast, "forecast")
        if isinstance(doc, Mapping) and doc.get("mode", "forecast") != "forecast":
            raise ValidationError(f"{path} is not a forecast (mode: {doc.get('mode')})", source=imap.source,
                                  field="forecast", hint="name the forecast impact map this evaluation follows")
        forecast_context = attrs.evolve(context, source=str(path), base_dir=path.parent)
        forecast = self.evaluate(doc, source=str(path), context=forecast_context,
                                 options={"price_year": imap.price_year, "compare_forecast": False})
        record = {"kind": "forecast", "id": path.name, "version": "", "path": str(path),
                  "sha256": forecast.provenance.input_sha256}
        return ForecastComparison.build(forecast, imap, valuation), record


def _check_ratios(valuation: Any) -> None:
    """A ratio that overflows (an investment of 1e-320) is refused, not printed as infinity or null."""
    for name in ("sroi_ratio", "net_sroi"):
        value = getattr(valuation, name)
        if value is not None and not math.isfinite(value):
            raise ValidationError(f"the investment ({valuation.investment!r}) is too small for the {name} to be "
                                  "computed", field="investment",
                                  hint="give the investment in GBP; a ratio needs an investment of a realistic size")


def implausible(imap: ImpactMap) -> list[str]:
    """Warnings about values that are possible but unlikely to be meant; shown in every report."""
    out = []
    rates = imap.schedule.band_rates
    if any(rate < 0 for rate in rates):
        out.append(f"A negative discount rate ({min(rates):g}) makes later value worth more than value now; "
                   "the Green Book's rates are positive.")
    if 0 < imap.investment < 1.0:
        out.append(f"The investment is {imap.investment:g} GBP, less than GBP 1: check its unit (thousands?).")
    for i, mo in enumerate(imap.outcomes):
        o = mo.outcome
        if o.quantity == 0:
            out.append(f"Outcome {o.id!r} (outcomes[{i}]) has a quantity of 0 and adds nothing.")
        if max(o.deadweight, o.displacement, o.attribution, o.leakage) == 1.0:
            out.append(f"Outcome {o.id!r} (outcomes[{i}]) has an adjustment of 100%, so it is worth nothing.")
    return out


@contextmanager
def _overflow_refused() -> Iterator[None]:
    """Let numpy overflow quietly inside the block: ``check_finite`` then refuses any figure that
    is not finite with a ValidationError, instead of a RuntimeWarning and an infinite result."""
    import numpy as np

    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        yield


def _plain_seed(seed: Any) -> Any:
    """A seed as JSON can hold it (an int as is; anything else, e.g. a SeedSequence, as text)."""
    return seed if isinstance(seed, int) and not isinstance(seed, bool) else repr(seed)


def _deflator_provenance(imap: Any) -> dict[str, Any]:
    """The deflator record, marked when a year it used (the map's price year, or a proxy's own price year
    it was re-based from) is a forecast or comes from the extension."""
    from socialvalue.prices import gdp_deflator

    years = {imap.price_year, *(int(mo.proxy.indexation["from_price_year"]) for mo in imap.outcomes
                                if mo.proxy.indexation)}
    return gdp_deflator().provenance(years_used=sorted(years))


FRAMEWORK = SroiFramework()
"""The instance registered under the ``sroi`` entry point."""
