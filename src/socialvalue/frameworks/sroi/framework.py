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
from typing import Any

from socialvalue import validation as v
from socialvalue.errors import EngineInputError, SocialValueError, ValidationError
from socialvalue.frameworks.base import Provenance, check_finite, document_hash
from socialvalue.frameworks.sroi.document import ImpactMap, parse_impact_map
from socialvalue.frameworks.sroi.result import ForecastComparison, SroiResult

__all__ = ["FRAMEWORK", "SroiFramework", "compile_map", "value_map"]

_OPTIONS = ("base_dir", "price_year", "sensitivity", "break_even_target", "monte_carlo", "seed", "datasets",
            "compare_forecast")


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


class SroiFramework:
    """SVE-style SROI: impact map in, present value, ratio and the reasons for them out."""

    id = "sroi"
    name = "SROI (Social Value Engine style)"
    version = "1.0"
    description = ("Social return on investment of an impact map: outcomes valued with financial proxies, "
                   "reduced by deadweight, displacement, attribution, leakage and drop-off, discounted; "
                   "present value, NPV, SROI ratio, payback, sensitivity and Monte Carlo.")
    document_kinds = ("impact-map",)

    def __repr__(self) -> str:
        return f"<Framework {self.id!r} v{self.version}: {self.name}>"

    def evaluate(self, document: Mapping[str, Any], *, source: str | None = None,
                 options: Mapping[str, Any] | None = None) -> SroiResult:
        """Value an impact-map document.

        Options: ``base_dir`` (for relative paths in the map), ``price_year`` (override),
        ``sensitivity`` (bool), ``break_even_target`` (default 1.0), ``monte_carlo``
        (number of draws) with ``seed`` (required then), ``datasets`` (replace the
        installed proxy datasets), ``compare_forecast`` (default True).
        """
        try:
            return self._evaluate(document, source=source, options=options)
        except SocialValueError as exc:  # engine and option errors: name the document too
            match = re.fullmatch(r"([a-z_]+)\[(\d+)\]", exc.field or "")
            if isinstance(exc, EngineInputError) and match:  # engine column[row] -> outcomes[row].field
                name = {"start": "start_year"}.get(match.group(1), match.group(1))
                exc.field = f"outcomes[{match.group(2)}].{name}"
            raise exc.with_context(source=source) from None

    def _evaluate(self, document: Mapping[str, Any], *, source: str | None,
                  options: Mapping[str, Any] | None) -> SroiResult:
        opts = _checked_options(options)
        imap = parse_impact_map(document, source=source, base_dir=opts.get("base_dir"),
                                datasets=opts.get("datasets"), price_year=opts.get("price_year"))
        table = compile_map(imap)
        from socialvalue.engine import valuate

        valuation = valuate(table, discount=imap.schedule, investment=imap.investment,
                            convention=imap.convention)
        _check_ratios(valuation)
        sensitivity = break_even = monte_carlo = None
        target = opts["break_even_target"]
        if opts.get("sensitivity"):
            from socialvalue.engine import break_even as engine_break_even
            from socialvalue.engine import sensitivity as engine_sensitivity

            with _overflow_refused():
                sensitivity = check_finite(engine_sensitivity(table, imap.schedule, imap.investment,
                                                              convention=imap.convention))
                break_even = check_finite(engine_break_even(table, imap.schedule, imap.investment, target=target,
                                                            convention=imap.convention))
        draws = opts.get("monte_carlo")
        if draws:
            from socialvalue.frameworks.sroi.uncertainty import run_monte_carlo

            with _overflow_refused():
                monte_carlo = check_finite(run_monte_carlo(imap, table, int(draws), opts["seed"]))
        comparison = None
        inputs: tuple[dict[str, Any], ...] = ()
        if imap.forecast is not None and opts.get("compare_forecast", True):
            comparison, forecast_record = self._compare_with_forecast(imap, valuation, opts)
            inputs = (forecast_record,)
        provenance = Provenance(
            framework=self.id, framework_version=self.version, input_sha256=document_hash(document),
            source=source, datasets=imap.datasets + inputs, price_year=imap.price_year,
            discounting=imap.schedule.provenance(), deflator=_deflator_provenance(),
            conventions={
                "discount_start": "year-1 (SROI value map: first year discounted one period)"
                if imap.convention == "sroi" else "year-0 (Green Book: first year undiscounted)",
                "drop_off": "geometric, from the outcome's second year",
                "adjustments": "multiplicative: (1-deadweight)(1-displacement)(1-attribution)(1-leakage)",
                "investment": "undiscounted, at the start",
                "payback": "investment / (net year-1 impact / 12)",
                "presets": list(imap.presets),
            },
            options={"price_year": opts.get("price_year"), "sensitivity": bool(opts.get("sensitivity")),
                     "break_even_target": target, "monte_carlo": int(draws) if draws else None,
                     "seed": _plain_seed(opts.get("seed")) if draws else None,
                     "compare_forecast": bool(opts.get("compare_forecast", True)),
                     "extra_datasets": _extra_dataset_ids(opts.get("datasets"))},
        )
        return SroiResult(imap=imap, valuation=valuation, sensitivity=sensitivity, break_even=break_even,
                          monte_carlo=monte_carlo, comparison=comparison, provenance=provenance,
                          break_even_target=target, monte_carlo_seed=opts.get("seed") if draws else None,
                          warnings=tuple(implausible(imap)))

    def _compare_with_forecast(self, imap: ImpactMap, valuation: Any,
                               opts: Mapping[str, Any]) -> tuple[ForecastComparison, dict[str, Any]]:
        from socialvalue.documents import document_path, read_document

        path = document_path(imap.forecast, opts.get("base_dir"), field="forecast", source=imap.source)
        doc = read_document(path)
        if isinstance(doc, Mapping) and doc.get("mode", "forecast") != "forecast":
            raise ValidationError(f"{path} is not a forecast (mode: {doc.get('mode')})", source=imap.source,
                                  field="forecast", hint="name the forecast impact map this evaluation follows")
        forecast = self.evaluate(doc, source=str(path),
                                 options={"base_dir": str(path.parent), "price_year": imap.price_year,
                                          "datasets": opts.get("datasets"), "compare_forecast": False})
        record = {"kind": "forecast", "id": path.name, "version": "", "path": str(path),
                  "sha256": forecast.provenance.input_sha256}
        return ForecastComparison.build(forecast, imap, valuation), record


def _checked_options(options: Mapping[str, Any] | None) -> dict[str, Any]:
    """The evaluation options, each checked; a bad one is blamed on the options (source ``options``),
    not on the document, so ``socialvalue verify`` can point at the result that recorded it."""
    from socialvalue.config import current_limits
    from socialvalue.prices import gdp_deflator

    opts = dict(options or {})
    try:
        v.check_keys(opts, _OPTIONS, None)
        if opts.get("price_year") is not None:
            opts["price_year"] = v.integer(opts["price_year"], "price_year", minimum=1800)
            gdp_deflator().level(opts["price_year"], field="price_year")
        opts["break_even_target"] = v.non_negative(opts.get("break_even_target", 1.0), "break_even_target")
        for flag in ("sensitivity", "compare_forecast"):
            if opts.get(flag) is not None and not isinstance(opts[flag], bool):
                raise ValidationError(f"{flag} must be true or false, got {opts[flag]!r}", field=flag)
        if opts.get("monte_carlo") is not None:
            draws = v.integer(opts["monte_carlo"], "monte_carlo", minimum=1)
            if draws > current_limits().max_draws:
                from socialvalue.errors import LimitExceededError

                raise LimitExceededError(f"{draws:,} Monte Carlo draws exceed the limit of {current_limits().max_draws:,}",
                                         field="monte_carlo",
                                         hint="100,000 draws give percentiles to well under 1%; raise the "
                                              "max_draws limit only if you need more")
            opts["monte_carlo"] = draws
        seed = opts.get("seed")
        if seed is not None and not _is_seed_sequence(seed):
            opts["seed"] = v.integer(seed, "seed", minimum=0)
        if opts.get("monte_carlo") and opts.get("seed") is None:
            raise ValidationError("Monte Carlo needs a seed so that the result can be reproduced", field="seed",
                                  hint="pass --seed 1 (any whole number)")
    except SocialValueError as exc:
        exc.source = "options"
        raise
    return opts


def _is_seed_sequence(seed: Any) -> bool:
    import numpy as np

    return isinstance(seed, np.random.SeedSequence)


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


def _extra_dataset_ids(datasets: Any) -> list[str]:
    """Ids of the datasets passed as an option that are not installed ones (``--dataset`` files)."""
    if not datasets:
        return []
    from socialvalue.proxies import installed_datasets

    installed = {(ds.id, ds.sha256) for ds in installed_datasets()}
    return [ds.id for ds in datasets if (ds.id, ds.sha256) not in installed]


def _plain_seed(seed: Any) -> Any:
    """A seed as JSON can hold it (an int as is; anything else, e.g. a SeedSequence, as text)."""
    return seed if isinstance(seed, int) and not isinstance(seed, bool) else repr(seed)


def _deflator_provenance() -> dict[str, Any]:
    from socialvalue.prices import gdp_deflator

    return gdp_deflator().provenance()


FRAMEWORK = SroiFramework()
"""The instance registered under the ``sroi`` entry point."""
