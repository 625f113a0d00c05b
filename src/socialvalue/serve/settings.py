"""The bounds and switches of ``socialvalue serve``, with safe defaults."""

from __future__ import annotations

import os

import attrs

__all__ = ["Settings"]


@attrs.frozen
class Settings:
    """How the HTTP service runs. Every bound has a default that protects a small server.

    ``token``: when set, every ``/v1`` request needs ``Authorization: Bearer <token>`` (the page
    at ``/`` sends it from its form field). ``max_body``: request bytes (413 above). ``timeout``:
    seconds an evaluation may take before the response is 504. ``max_concurrent``: evaluations
    running at once (others wait). ``max_draws``: Monte Carlo draws a request may ask for.
    """

    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    max_body: int = 2 * 1024 * 1024
    timeout: float = 30.0
    max_concurrent: int = 4
    max_draws: int = 100_000

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then ``SOCIALVALUE_SERVE_TOKEN`` from the environment, then ``overrides`` (not None)."""
        values: dict[str, object] = {}
        token = os.environ.get("SOCIALVALUE_SERVE_TOKEN")
        if token:
            values["token"] = token
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
