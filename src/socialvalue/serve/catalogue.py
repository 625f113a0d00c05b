"""The read-only endpoints: health, frameworks, proxies, schemas and the OpenAPI document."""

from __future__ import annotations

import json
from typing import Any

from socialvalue.errors import UnknownNameError, ValidationError

__all__ = ["frameworks", "health", "json_response", "openapi", "proxies", "proxy", "schema", "schemas"]


def json_response(data: Any, status: int = 200) -> Any:
    """JSON as every endpoint writes it: indented, UTF-8, no NaN, a final newline."""
    from starlette.responses import Response

    return Response(json.dumps(data, ensure_ascii=False, allow_nan=False, indent=2) + "\n", status_code=status,
                    media_type="application/json")


async def health(request: Any) -> Any:
    from socialvalue import __version__

    return json_response({"status": "ok", "version": __version__})


async def frameworks(request: Any) -> Any:
    from socialvalue.frameworks import available

    out = []
    for fid, fw in sorted(available().items()):
        import attrs

        options = [{"name": a.name, "doc": a.metadata.get("doc", "")} for a in attrs.fields(fw.options_class)]
        out.append({"id": fid, "name": fw.name, "version": fw.version, "description": fw.description,
                    "document_kinds": list(fw.document_kinds), "options": options})
    return json_response({"frameworks": out})


def _record(proxy: Any) -> dict[str, Any]:
    return {"qualified_id": proxy.qualified_id, **proxy.to_dict(), "citation": proxy.source.cite()}


def _chosen(proxies: list[Any], query: Any) -> list[Any]:
    from socialvalue.proxies.variants import ProxyChoice, read_region

    region = read_region(query.get("region"), "region")
    if region is not None:
        proxies = [ProxyChoice(region=region).apply(p)[0] for p in proxies]
    year = query.get("price_year")
    if year is not None:
        if not year.isdigit():
            raise ValidationError(f"price_year must be a year, got {year!r}", field="price_year")
        proxies = [p.indexed(int(year)) for p in proxies]
    return proxies


async def proxies(request: Any) -> Any:
    from socialvalue.proxies import installed_datasets

    query = request.query_params
    search, theme = query.get("search"), query.get("theme")
    found = [p for ds in installed_datasets() for p in (ds.search(search, theme=theme) if search else
                                                         [q for q in ds if theme is None or q.theme == theme])]
    limit = query.get("limit", "100")
    if not limit.isdigit():
        raise ValidationError(f"limit must be a whole number, got {limit!r}", field="limit")
    chosen = _chosen(found, query)
    return json_response({"count": len(chosen), "proxies": [_record(p) for p in chosen[: int(limit)]]})


async def proxy(request: Any) -> Any:
    from socialvalue.proxies import installed_datasets, resolve_proxy

    found = resolve_proxy(request.path_params["proxy_id"], installed_datasets(), field="proxy_id")
    return json_response(_record(_chosen([found], request.query_params)[0]))


async def schemas(request: Any) -> Any:
    from socialvalue.schemas import kinds

    return json_response({"kinds": kinds()})


async def schema(request: Any) -> Any:
    from socialvalue.schemas import schema as shipped

    return json_response(shipped(request.path_params["kind"]))


def _openapi() -> dict[str, Any]:
    from socialvalue import __version__
    from socialvalue.schemas import kinds
    from socialvalue.schemas import schema as shipped

    error = {"type": "object", "properties": {k: {"type": ["string", "null"]} for k in
                                              ("error", "message", "source", "field", "hint", "text")}}
    components = {name.replace("-", "_"): shipped(name) for name in kinds()}
    documents = [{"$ref": f"#/components/schemas/{k}"} for k in components if not k.endswith("_result")]
    errors = {str(code): {"description": text, "content": {"application/json": {"schema": {"$ref":
                                                                                           "#/components/schemas/Error"}}}}
              for code, text in (("413", "body too large"), ("422", "bad document: class, field and fix"))}
    return {
        "openapi": "3.1.0",
        "info": {"title": "socialvalue", "version": __version__,
                 "description": "Transparent, reproducible social value figures over HTTP."},
        "paths": {
            "/v1/evaluate": {"post": {
                "summary": "Evaluate a document with the installed framework that reads it",
                "requestBody": {"content": {"application/json": {"schema": {"oneOf": documents}},
                                            "application/yaml": {"schema": {"type": "string"}},
                                            "multipart/form-data": {"schema": {"type": "object"}}}},
                "responses": {"200": {"description": "the result, as socialvalue run --format json"}, **errors}}},
            "/v1/verify": {"post": {"summary": "Re-run a result's document and compare every number",
                                    "responses": {"200": {"description": "the verify report"}, **errors}}},
            "/v1/frameworks": {"get": {"summary": "Installed frameworks", "responses": {"200": {"description": "list"}}}},
            "/v1/proxies": {"get": {"summary": "Search proxies", "responses": {"200": {"description": "list"}}}},
            "/v1/proxies/{proxy_id}": {"get": {"summary": "One proxy", "responses": {"200": {"description": "proxy"},
                                                                                   **errors}}},
            "/v1/schemas/{kind}": {"get": {"summary": "A shipped JSON Schema",
                                           "responses": {"200": {"description": "the schema"}}}},
            "/healthz": {"get": {"summary": "Liveness", "responses": {"200": {"description": "ok"}}}},
        },
        "components": {"schemas": {"Error": error, **components}},
    }


async def openapi(request: Any) -> Any:
    try:
        return json_response(_openapi())
    except UnknownNameError as exc:  # pragma: no cover - a shipped schema went missing
        raise ValidationError(f"the OpenAPI document cannot be built: {exc.message}") from None
