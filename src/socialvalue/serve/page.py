"""The small web page at ``/``: paste or upload a document, read its report, download the result.

No JavaScript, no external scripts, styles or fonts: a plain HTML form that posts to
``/report``, which answers with socialvalue's own HTML report (charts included) and links to
download the same result as JSON or Markdown (the form's fields, posted again with another
format). The bearer token, when the server has one, is a form field.
"""

from __future__ import annotations

import html
import secrets
from typing import Any

from socialvalue.errors import SocialValueError, ValidationError
from socialvalue.serve.evaluation import error_body, evaluate_request, parse_body

__all__ = ["TokenMiddleware", "form", "report_handler"]

_STYLE = """body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;line-height:1.5;color:#1a1a1a;background:#fff}textarea{width:100%;min-height:18rem;
font-family:ui-monospace,monospace;font-size:.9rem}fieldset{border:1px solid #ccc;border-radius:6px;margin:1rem 0}
button{font-size:1rem;padding:.4rem 1.2rem}.error{border-left:4px solid #b00020;background:#fdecee;padding:.6rem 1rem}
.bar{display:flex;gap:1rem;align-items:center;flex-wrap:wrap;margin:1rem 0}"""

_FORM = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>socialvalue</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{style}</style></head><body>
<h1>socialvalue</h1>
<p>Paste or upload a document (an impact map, a tender, a monitoring return, an assessment, an LM3 survey, an action
plan or any installed framework's document, in YAML or JSON) to see its report. Files the document names (a bids CSV,
a forecast) can be attached below. Nothing is stored.</p>
{error}
<form method="post" action="/report" enctype="multipart/form-data">
<fieldset><legend>Document</legend>
<textarea name="text" aria-label="document text" placeholder="kind: impact-map&#10;name: ...">{text}</textarea>
<p><label>or upload: <input type="file" name="upload" accept=".yaml,.yml,.json"></label></p>
<p><label>files it names: <input type="file" name="files" multiple></label></p></fieldset>
<div class="bar"><label>format <select name="format"><option value="html">report (HTML)</option>
<option value="json">JSON</option><option value="markdown">Markdown</option></select></label>
{token}<button type="submit">Evaluate</button></div></form></body></html>"""


def _page(text: str = "", error: str = "", token: bool = False) -> str:
    token_field = '<label>token <input type="password" name="token" autocomplete="off"></label>' if token else ""
    return _FORM.format(style=_STYLE, text=html.escape(text), error=error, token=token_field)


async def form(request: Any) -> Any:
    from starlette.responses import HTMLResponse

    return HTMLResponse(_page(token=bool(getattr(request.app.state, "token_required", False))))


def report_handler(run: Any, settings: Any) -> Any:
    async def report(request: Any) -> Any:
        from starlette.responses import HTMLResponse, Response

        data = await request.form(max_files=50, max_fields=10, max_part_size=settings.max_body)
        if settings.token and not secrets.compare_digest(str(data.get("token") or ""), settings.token):
            return HTMLResponse(_page(error='<p class="error">The token is missing or wrong.</p>', token=True), 401)
        upload = data.get("upload")
        raw = (await upload.read()) if upload is not None and hasattr(upload, "read") else b""
        text = raw.decode("utf-8", errors="replace") if raw else str(data.get("text") or "")
        files = {f.filename: await f.read() for f in data.getlist("files") if hasattr(f, "read") and f.filename}
        fmt = str(data.get("format") or "html")
        try:
            if not text.strip():
                raise ValidationError("paste a document or choose a file", field="text")
            if len(text.encode()) > settings.max_body:
                raise ValidationError(f"the document is over {settings.max_body:,} bytes", field="text")
            document = parse_body(text.encode(), "application/yaml", source="<upload>")
            fmt = fmt if fmt in ("json", "markdown") else "html"
            rendered = await run(evaluate_request, document, {}, files, source="<upload>",
                                 max_draws=settings.max_draws, formats=(fmt,))
        except SocialValueError as exc:
            body = error_body(exc)
            message = html.escape(body["text"])
            return HTMLResponse(_page(text, f'<p class="error" role="alert">{message}</p>', bool(settings.token)), 422)
        if fmt == "json":
            return Response(rendered["json"] + "\n", media_type="application/json",
                            headers={"Content-Disposition": 'attachment; filename="result.json"'})
        if fmt == "markdown":
            return Response(rendered["markdown"] + "\n", media_type="text/markdown; charset=utf-8",
                            headers={"Content-Disposition": 'attachment; filename="result.md"'})
        return HTMLResponse(rendered["html"])

    return report


class TokenMiddleware:
    """Require ``Authorization: Bearer <token>`` on the ``/v1`` API (the page sends the token in its form)."""

    def __init__(self, app: Any, token: str) -> None:
        self.app, self.token = app, token

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            scope.setdefault("state", {})["token_required"] = True
        if scope["type"] == "http" and scope["path"].startswith("/v1"):
            headers = dict(scope.get("headers") or [])
            given = headers.get(b"authorization", b"").decode("latin-1")
            if not secrets.compare_digest(given, f"Bearer {self.token}"):
                from starlette.responses import Response

                response = Response('{"error": "Unauthorized", "message": "a bearer token is required", '
                                    '"hint": "send Authorization: Bearer <token>"}\n', status_code=401,
                                    media_type="application/json", headers={"WWW-Authenticate": "Bearer"})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
