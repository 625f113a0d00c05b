"""Distributions for :func:`~.uncertainty.monte_carlo`, and the seeded streams they draw from.

Each distribution holds its parameters (scalars or one value per row it covers), checks
them before any draw, and draws a ``(draws, rows)`` block from a ``numpy.random.Generator``.
Draws are produced element by element in order, so a stream split into blocks gives the
same numbers as one big draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from socialvalue.errors import EngineInputError

__all__ = ["DISTRIBUTIONS", "DiscreteUniform", "LogNormal", "Normal", "Triangular", "Uniform", "spawn_streams"]


@dataclass(frozen=True)
class Uniform:
    """Uniform on ``[low, high]``."""

    low: Any
    high: Any
    rows: Any = None
    relative: bool = False
    _params = ("low", "high")

    def check(self, p: dict[str, np.ndarray], field: str) -> None:
        _ordered(p["low"], p["high"], field, "low", "high")

    def draw(self, rng: np.random.Generator, size: tuple[int, int], p: dict[str, np.ndarray]) -> np.ndarray:
        return rng.uniform(p["low"], p["high"], size)


@dataclass(frozen=True)
class Triangular:
    """Triangular with minimum ``low``, mode ``mode`` and maximum ``high``."""

    low: Any
    mode: Any
    high: Any
    rows: Any = None
    relative: bool = False
    _params = ("low", "mode", "high")

    def check(self, p: dict[str, np.ndarray], field: str) -> None:
        _ordered(p["low"], p["mode"], field, "low", "mode")
        _ordered(p["mode"], p["high"], field, "mode", "high")

    def draw(self, rng: np.random.Generator, size: tuple[int, int], p: dict[str, np.ndarray]) -> np.ndarray:
        left, mode, right = p["low"], p["mode"], p["high"]
        base = right - left
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = (mode - left) / base
        u = rng.random(size)
        lower = left + np.sqrt(u * ((mode - left) * base))
        upper = right - np.sqrt((1.0 - u) * ((right - mode) * base))
        return np.where(u <= ratio, lower, upper)


@dataclass(frozen=True)
class Normal:
    """Normal with mean ``mean`` and standard deviation ``sd``."""

    mean: Any
    sd: Any
    rows: Any = None
    relative: bool = False
    _params = ("mean", "sd")

    def check(self, p: dict[str, np.ndarray], field: str) -> None:
        _nonneg(p["sd"], field, "sd")

    def draw(self, rng: np.random.Generator, size: tuple[int, int], p: dict[str, np.ndarray]) -> np.ndarray:
        return rng.normal(p["mean"], p["sd"], size)


@dataclass(frozen=True)
class LogNormal:
    """``median * exp(sigma * Z)`` with ``Z`` standard normal (``sigma`` = sd of the log)."""

    median: Any
    sigma: Any
    rows: Any = None
    relative: bool = False
    _params = ("median", "sigma")

    def check(self, p: dict[str, np.ndarray], field: str) -> None:
        _nonneg(p["median"], field, "median")
        _nonneg(p["sigma"], field, "sigma")

    def draw(self, rng: np.random.Generator, size: tuple[int, int], p: dict[str, np.ndarray]) -> np.ndarray:
        return p["median"] * np.exp(p["sigma"] * rng.standard_normal(size))


@dataclass(frozen=True)
class DiscreteUniform(Uniform):
    """Whole numbers ``low … high`` (both included), equally likely.

    It shares :class:`Uniform`'s parameters and ordering check; only the draw differs.
    """

    def check(self, p: dict[str, np.ndarray], field: str) -> None:
        super().check(p, field)
        if not (np.all(np.floor(p["low"]) == p["low"]) and np.all(np.floor(p["high"]) == p["high"])):
            raise EngineInputError("DiscreteUniform bounds must be whole numbers", field=field)

    def draw(self, rng: np.random.Generator, size: tuple[int, int], p: dict[str, np.ndarray]) -> np.ndarray:
        # floor(U * count) rather than Generator.integers, whose buffered 32-bit draws would
        # make the stream depend on how the draws are split into blocks
        return p["low"] + np.floor(rng.random(size) * (p["high"] - p["low"] + 1.0))


def _ordered(a: np.ndarray, b: np.ndarray, field: str, na: str, nb: str) -> None:
    if not np.all(a <= b):
        i = int(np.flatnonzero(~(a <= b))[0])
        raise EngineInputError(f"{na} {a[i]!r} is above {nb} {b[i]!r}", field=f"{field}.{na}[{i}]")


def _nonneg(a: np.ndarray, field: str, name: str) -> None:
    if not np.all(a >= 0.0):
        i = int(np.flatnonzero(~(a >= 0.0))[0])
        raise EngineInputError(f"{name} {a[i]!r} must be >= 0", field=f"{field}.{name}[{i}]")


def spawn_streams(seed: Any, keys: Sequence[tuple[int, int]]) -> list[np.random.Generator]:
    """One independent generator per key: ``SeedSequence(entropy, spawn_key=key)``.

    ``seed`` is an ``int``, a ``SeedSequence`` or a ``Generator`` (128 bits of entropy are
    drawn from it). Public so that a comparison implementation can reproduce the draws.
    """
    if seed is None:
        raise EngineInputError("a seed is required for Monte Carlo", field="seed",
                               hint="pass seed=<int> or a numpy.random.Generator; results are reproducible")
    if isinstance(seed, np.random.Generator):
        entropy: Any = [int(v) for v in seed.integers(0, 2**32, size=4, dtype=np.uint64)]
    elif isinstance(seed, np.random.SeedSequence):
        entropy = seed.entropy
    elif isinstance(seed, (int, np.integer)) and not isinstance(seed, bool) and int(seed) >= 0:
        entropy = int(seed)
    else:
        raise EngineInputError(f"seed {seed!r} must be an int >= 0, a SeedSequence or a Generator", field="seed")
    return [np.random.Generator(np.random.PCG64(np.random.SeedSequence(entropy, spawn_key=key))) for key in keys]


DISTRIBUTIONS = (Uniform, Triangular, Normal, LogNormal, DiscreteUniform)
