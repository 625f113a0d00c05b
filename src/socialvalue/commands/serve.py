"""``socialvalue serve``: the HTTP JSON API and web page (the ``serve`` extra)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["COMMAND_HELP", "register"]

COMMAND_HELP = {"serve": "serve the HTTP JSON API and a small web page (pip install '.[serve]')"}
"""The command this module adds and its one-line help (the CLI lists it without importing Starlette)."""

_EPILOG = """examples:
  socialvalue serve                                  (http://127.0.0.1:8000, this machine only)
  socialvalue serve --port 9000 --token SECRET       (every /v1 call needs Authorization: Bearer SECRET)
  curl -s -X POST --data-binary @examples/community-centre.yaml \\
       -H 'Content-Type: application/yaml' http://127.0.0.1:8000/v1/evaluate"""


def register(sub: Any) -> None:
    from socialvalue.commands.output import whole_number_arg

    p = sub.add_parser("serve", help=COMMAND_HELP["serve"], epilog=_EPILOG,
                       description="Serve socialvalue over HTTP: POST /v1/evaluate, /v1/verify; GET /v1/frameworks, "
                                   "/v1/proxies, /v1/schemas/KIND, /v1/openapi.json, /healthz; a web page at /.",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for every interface)")
    p.add_argument("--port", type=whole_number_arg, default=8000, help="port (default 8000)")
    p.add_argument("--token", default=None,
                   help="require 'Authorization: Bearer TOKEN' on /v1 (or set SOCIALVALUE_SERVE_TOKEN)")
    p.add_argument("--max-body", type=whole_number_arg, default=None, metavar="BYTES",
                   help="largest request body (default 2 MiB; larger gets 413)")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help="longest evaluation (default 30; longer gets 504)")
    p.add_argument("--max-concurrent", type=whole_number_arg, default=None, metavar="N",
                   help="evaluations at once (default 4)")
    p.add_argument("--max-draws", type=whole_number_arg, default=None, metavar="N",
                   help="Monte Carlo draws a request may ask for (default 100,000)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        import uvicorn
    except ImportError:
        from socialvalue.errors import ValidationError

        raise ValidationError("socialvalue serve needs the serve extra", hint="pip install '.[serve]'") from None
    from socialvalue.serve import Settings, create_app

    settings = Settings.from_env(host=args.host, port=args.port, token=args.token, max_body=args.max_body,
                                 timeout=args.timeout, max_concurrent=args.max_concurrent, max_draws=args.max_draws)
    if settings.host not in ("127.0.0.1", "localhost", "::1") and not settings.token:
        print(f"warning: listening on {settings.host} without a token: anyone who can reach it can use it",
              file=sys.stderr)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")
    return 0
