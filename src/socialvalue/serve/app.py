"""The HTTP JSON API of ``socialvalue serve`` (Starlette; the ``serve`` extra).

=========================  =========================================================================
``GET  /healthz``          ``{"status": "ok", "version": ...}``
``GET  /v1/frameworks``    the installed frameworks, their document kinds and options
``POST /v1/evaluate``      a document (JSON or YAML body, or multipart with the files it names) ->
                           the same JSON as ``socialvalue run FILE --format json``
``POST /v1/verify``        ``{"result": ..., "document": ...}`` -> the ``socialvalue verify`` report
``GET  /v1/proxies``       proxies: ``?search=``, ``theme=``, ``region=``, ``price_year=``
``GET  /v1/proxies/{id}``  one proxy (``dataset:id`` or a bare id)
``GET  /v1/schemas/{kind}`` a shipped JSON Schema (``GET /v1/schemas`` lists them)
``GET  /v1/openapi.json``  this API as OpenAPI 3.1, with the shipped schemas as components
``GET  /``                 a small page to upload or paste a document and see its report
=========================  =========================================================================

Errors are JSON (``error`` class, ``message``, ``field``, ``hint``): 422 for a bad document, 413 for
a body over ``max_body``, 401 without the bearer token when one is set, 504 after ``timeout``.
Evaluations run in worker threads, at most ``max_concurrent`` at once, so a slow one does not
stall the others.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from socialvalue.errors import SocialValueError, ValidationError
from socialvalue.serve.catalogue import json_response
from socialvalue.serve.evaluation import error_body, evaluate_request, parse_body, verify_request
from socialvalue.serve.settings import Settings

__all__ = ["create_app"]

_OPTIONS_PREFIX = "option."


def _error(exc: SocialValueError) -> Any:
    body = error_body(exc)
    return json_response(body, body.pop("status"))


class _TooLarge(Exception):
    pass


async def _body(request: Any, settings: Settings) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > settings.max_body:
        raise _TooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > settings.max_body:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _options(query: Mapping[str, str]) -> dict[str, Any]:
    """Evaluation options from the query string (``?option.sensitivity=true``), read as YAML scalars."""
    from socialvalue.documents import load_data

    out: dict[str, Any] = {}
    for key, value in query.items():
        if key.startswith(_OPTIONS_PREFIX):
            name = key[len(_OPTIONS_PREFIX):]
            if name in ("base_dir", "datasets"):
                raise ValidationError(f"option {name!r} cannot be set over HTTP", field=key,
                                      hint="files come with the request (multipart), not from the server")
            out[name] = load_data(value.encode(), source=key) if value else None
    return out


async def _document_and_files(request: Any, settings: Settings, source: str) -> tuple[Any, dict[str, bytes]]:
    content_type = request.headers.get("content-type", "application/json")
    if content_type.startswith("multipart/form-data"):
        form = await request.form(max_files=50, max_fields=50, max_part_size=settings.max_body)
        files: dict[str, bytes] = {}
        document = None
        for name, value in form.multi_items():
            if name == "document":
                raw = await value.read() if hasattr(value, "read") else str(value).encode()
                if len(raw) > settings.max_body:
                    raise _TooLarge
                fmt = getattr(value, "content_type", None) or ("application/json" if raw.lstrip()[:1] in (b"{", b"[")
                                                              else "application/yaml")
                document = parse_body(raw, fmt, source=source)
            elif hasattr(value, "read"):
                files[value.filename or name] = await value.read()
        if document is None:
            raise ValidationError("the multipart request has no 'document' part", field="document",
                                  hint="send the document in a part named 'document', files in other parts")
        return document, files
    return parse_body(await _body(request, settings), content_type, source=source), {}


def create_app(settings: Settings | None = None) -> Any:
    """The Starlette application (``uvicorn.run(create_app(), ...)`` serves it)."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.routing import Route

    from socialvalue.serve import catalogue, page

    settings = settings or Settings()
    gate = asyncio.Semaphore(settings.max_concurrent)

    async def run(func: Any, *args: Any, **kwargs: Any) -> Any:
        async with gate:
            return await asyncio.wait_for(asyncio.to_thread(func, *args, **kwargs), settings.timeout)

    async def guarded(request: Any, handler: Any) -> Any:
        try:
            return await handler(request)
        except _TooLarge:
            return json_response({"error": "BodyTooLarge",
                                  "message": f"the request body is over {settings.max_body:,} bytes",
                                  "hint": "send a smaller document, or start the server with a larger --max-body"}, 413)
        except asyncio.TimeoutError:
            return json_response({"error": "Timeout",
                                  "message": f"the evaluation took more than {settings.timeout:g} s",
                                  "hint": "ask for fewer Monte Carlo draws, or start the server with a larger "
                                          "--timeout"}, 504)
        except SocialValueError as exc:
            return _error(exc)

    async def evaluate(request: Any) -> Any:
        source = request.query_params.get("source") or "<request>"
        fmt = request.query_params.get("format", "json")
        if fmt not in ("json", "html", "markdown", "text"):
            raise ValidationError(f"unknown format {fmt!r}", field="format", hint="json, html, markdown or text")
        document, files = await _document_and_files(request, settings, source)
        rendered = await run(evaluate_request, document, _options(request.query_params), files, source=source,
                             max_draws=settings.max_draws, formats=(fmt,))
        from starlette.responses import Response

        media = {"json": "application/json", "html": "text/html; charset=utf-8",
                 "markdown": "text/markdown; charset=utf-8", "text": "text/plain; charset=utf-8"}[fmt]
        return Response(rendered[fmt] + "\n", media_type=media)

    async def verify(request: Any) -> Any:
        body = parse_body(await _body(request, settings), request.headers.get("content-type", "application/json"),
                          source="<request>")
        if not isinstance(body, Mapping) or "result" not in body or "document" not in body:
            raise ValidationError("send {\"result\": <a result's JSON>, \"document\": <its input document>}",
                                  field="result")
        report = await run(verify_request, body["result"], body["document"], {}, max_draws=settings.max_draws)
        return json_response(report.to_dict(), 200)

    def route(path: str, handler: Any, methods: list[str] | None = None) -> Route:
        async def endpoint(request: Any) -> Any:
            return await guarded(request, handler)

        return Route(path, endpoint, methods=methods or ["GET"])

    routes = [
        route("/healthz", catalogue.health),
        route("/v1/frameworks", catalogue.frameworks),
        route("/v1/evaluate", evaluate, ["POST"]),
        route("/v1/verify", verify, ["POST"]),
        route("/v1/proxies", catalogue.proxies),
        route("/v1/proxies/{proxy_id:path}", catalogue.proxy),
        route("/v1/schemas", catalogue.schemas),
        route("/v1/schemas/{kind}", catalogue.schema),
        route("/v1/openapi.json", catalogue.openapi),
        route("/", page.form),
        route("/report", page.report_handler(run, settings), ["POST"]),
    ]
    middleware = [Middleware(page.TokenMiddleware, token=settings.token)] if settings.token else []
    return Starlette(routes=routes, middleware=middleware)
