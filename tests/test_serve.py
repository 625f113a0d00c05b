"""`socialvalue serve` over real HTTP: a uvicorn server on a free loopback port, called with httpx."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

pytest.importorskip("starlette")
uvicorn = pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")

from socialvalue.serve import Settings, create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SKIP_KINDS = {"portfolio"}  # a portfolio names folders of documents by glob: a local job, not a request


def _serve(settings: Settings) -> Iterator[httpx.Client]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        yield client
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    yield from _serve(Settings(max_body=300_000))


def _named_files(document: Any, folder: Path) -> dict[str, bytes]:
    """Files an example names (strings that are paths of files next to it), as the request attaches them."""
    found: dict[str, bytes] = {}

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            for value in x.values():
                walk(value)
        elif isinstance(x, list):
            for value in x:
                walk(value)
        elif isinstance(x, str) and x.endswith((".yaml", ".yml", ".csv", ".json", ".xlsx")) and (folder / x).is_file():
            found[x] = (folder / x).read_bytes()
            walk(yaml.safe_load((folder / x).read_text()) if x.endswith((".yaml", ".yml")) else None)

    walk(document)
    return found


def _examples() -> list[Path]:
    out = []
    for path in sorted(EXAMPLES.rglob("*.yaml")):
        if "socialvalue-" in str(path.relative_to(EXAMPLES)):
            continue
        doc = yaml.safe_load(path.read_text())
        if isinstance(doc, dict) and doc.get("kind") and doc["kind"] not in SKIP_KINDS:
            out.append(path)
    return out


EXAMPLE_FILES = _examples()


@pytest.mark.slow
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[str(p.relative_to(EXAMPLES)) for p in EXAMPLE_FILES])
def test_every_example_gives_the_clis_json(client: httpx.Client, path: Path) -> None:
    rel = str(path.relative_to(ROOT))
    doc = yaml.safe_load(path.read_text())
    files = _named_files(doc, path.parent)
    params = {"source": rel}
    if files:
        multipart = [("document", (path.name, path.read_bytes(), "application/yaml"))]
        multipart += [("files", (name, content, "application/octet-stream")) for name, content in files.items()]
        response = client.post("/v1/evaluate", params=params, files=multipart)
    else:
        response = client.post("/v1/evaluate", params=params, content=path.read_bytes(),
                               headers={"content-type": "application/yaml"})
    assert response.status_code == 200, response.text[:2000]
    cli = subprocess.run([sys.executable, "-m", "socialvalue", "run", rel, "--format", "json"], cwd=ROOT,
                         capture_output=True, text=True, check=True, timeout=120).stdout
    assert response.text == cli


def test_there_are_examples_to_serve() -> None:
    assert len(EXAMPLE_FILES) >= 10


def test_bad_document_is_422_with_its_field(client: httpx.Client) -> None:
    response = client.post("/v1/evaluate", content=b"kind: impact-map\nname: x\nprice_year: 2024\ninvestment: -5\n"
                                                  b"outcomes: []\n", headers={"content-type": "application/yaml"})
    body = response.json()
    assert response.status_code == 422 and body["error"] == "ValidationError"
    assert body["field"] and body["source"] == "<request>" and body["message"]


def test_a_document_cannot_read_a_server_file(client: httpx.Client) -> None:
    doc = (EXAMPLES / "community-centre.yaml").read_text() + "\ndatasets: [/etc/passwd]\n"
    response = client.post("/v1/evaluate", content=doc.encode(), headers={"content-type": "application/yaml"})
    assert response.status_code == 422 and response.json()["error"] == "UnsafeDocumentError"
    doc = (EXAMPLES / "community-centre.yaml").read_text() + "\ndatasets: [../../../../etc/hosts]\n"
    response = client.post("/v1/evaluate", content=doc.encode(), headers={"content-type": "application/yaml"})
    assert response.status_code == 422
    response = client.post("/v1/evaluate", params={"option.base_dir": "/"},
                           content=(EXAMPLES / "community-centre.yaml").read_bytes(),
                           headers={"content-type": "application/yaml"})
    assert response.status_code == 422 and response.json()["field"] == "option.base_dir"
    multipart = [("document", ("d.yaml", b"kind: impact-map", "application/yaml")),
                 ("files", ("../../escape.csv", b"x", "text/csv"))]
    assert client.post("/v1/evaluate", files=multipart).status_code == 422


def test_oversize_body_is_413(client: httpx.Client) -> None:
    response = client.post("/v1/evaluate", content=b"#" * 400_000, headers={"content-type": "application/yaml"})
    assert response.status_code == 413 and response.json()["error"] == "BodyTooLarge"


def test_options_and_verify(client: httpx.Client) -> None:
    doc = (EXAMPLES / "community-centre.yaml").read_bytes()
    response = client.post("/v1/evaluate", params={"option.price_year": "2020"}, content=doc,
                           headers={"content-type": "application/yaml"})
    result = response.json()
    assert response.status_code == 200 and result["price_year"] == 2020
    report = client.post("/v1/verify", json={"result": result, "document": yaml.safe_load(doc)})
    assert report.status_code == 200 and report.json()["verified"] is True
    result["present_value"] += 1
    report = client.post("/v1/verify", json={"result": result, "document": yaml.safe_load(doc)})
    assert report.json()["verified"] is False


def test_catalogue_endpoints(client: httpx.Client) -> None:
    frameworks = {f["id"] for f in client.get("/v1/frameworks").json()["frameworks"]}
    assert {"sroi", "toms", "lm3", "flexible-framework", "action-plan", "portfolio"} <= frameworks
    found = client.get("/v1/proxies", params={"search": "volunteer", "price_year": "2024"}).json()
    assert found["count"] > 0 and all(p["price_year"] == 2024 for p in found["proxies"])
    one = client.get("/v1/proxies/uk-open:ashe-median-weekly-pay-all-employees-residence-2025-regional",
                     params={"region": "North East"}).json()
    assert one["region"] == "North East"
    assert client.get("/v1/proxies/no-such-proxy").status_code == 422
    assert client.get("/v1/schemas/impact-map").json()["properties"]["kind"]
    spec = client.get("/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.1") and "/v1/evaluate" in spec["paths"]
    assert client.get("/healthz").json()["status"] == "ok"


def test_token_is_required_when_set() -> None:
    for c in _serve(Settings(token="s3cret")):
        assert c.get("/v1/frameworks").status_code == 401
        assert c.get("/v1/frameworks", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert c.get("/healthz").status_code == 200


def test_the_page_renders_a_report(client: httpx.Client) -> None:
    page = client.get("/").text
    assert "<form" in page and "<script" not in page and "http" not in page.split("<body>")[1].split("</form>")[0]
    report = client.post("/report", data={"text": (EXAMPLES / "community-centre.yaml").read_text(), "format": "html"},
                         files={"upload": ("", b"", "application/octet-stream")})
    assert report.status_code == 200 and "Present value" in report.text and "<svg" in report.text
    bad = client.post("/report", data={"text": "kind: impact-map\nname: x", "format": "html"},
                      files={"upload": ("", b"", "application/octet-stream")})
    assert bad.status_code == 422 and "error" in bad.text
    downloaded = client.post("/report", data={"text": (EXAMPLES / "community-centre.yaml").read_text(),
                                              "format": "json"},
                             files={"upload": ("", b"", "application/octet-stream")})
    assert json.loads(downloaded.text)["framework"] == "sroi"


@pytest.mark.slow
def test_the_page_works_in_a_real_browser(tmp_path: Path) -> None:
    """Headless Chromium posts the page's form (pre-filled, submitted on load) and renders the report."""
    import html
    import shutil

    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        pytest.skip("platform: no Chromium on this machine")
    for c in _serve(Settings()):
        form = c.get("/").text
        assert 'action="/report"' in form and 'name="text"' in form
        text = (EXAMPLES / "community-centre.yaml").read_text()
        page = tmp_path / "submit.html"
        page.write_text(f'<!doctype html><body onload="document.forms[0].submit()"><form method="post" '
                        f'action="{c.base_url}/report" enctype="multipart/form-data"><textarea name="text">'
                        f'{html.escape(text)}</textarea><input type="hidden" name="format" value="html"></form>')
        for attempt in range(2):  # a cold Chromium profile occasionally dumps the page before the post returns
            proc = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                   f"--user-data-dir={tmp_path / f'profile{attempt}'}", "--virtual-time-budget=10000",
                                   "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120, check=False)
            if "SROI: Riverside" in proc.stdout:
                break
        assert "SROI: Riverside community centre" in proc.stdout, proc.stdout[:1500]
        assert "<svg" in proc.stdout
