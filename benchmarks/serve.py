"""Bounded load test of ``socialvalue serve`` on the loopback interface.

    python benchmarks/serve.py [--requests 2000] [--clients 8]

Starts the real server (uvicorn, the ``serve`` extra) on a free port of 127.0.0.1, then 8
concurrent clients send 2,000 requests in total, cycling through a mix of the bundled examples
(impact maps with and without sensitivity, a tender, an assessment, an LM3 survey, an action
plan). Every response must be 200 and every example's JSON the same each time it is asked for.
It prints p50 and p95 latency and requests per second; the last line is one JSON object. Nothing
leaves the machine.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

MIX = [("examples/community-centre.yaml", {}), ("examples/employment-programme.yaml", {"option.sensitivity": "true"}),
       ("examples/tender-highways.yaml", {}), ("examples/assessment-example-council.yaml", {}),
       ("examples/lm3-council-catering.yaml", {}), ("examples/domestic-abuse-service.yaml", {})]


def main() -> None:
    import httpx
    import uvicorn

    from socialvalue.serve import Settings, create_app

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(max_concurrent=args.clients)), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    bodies = [((ROOT / path).read_bytes(), params, path) for path, params in MIX]
    seen: dict[str, str] = {}
    errors, latencies = [], []
    lock = threading.Lock()

    def client(worker: int) -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as http:
            for i in range(worker, args.requests, args.clients):
                body, params, path = bodies[i % len(bodies)]
                start = time.perf_counter()
                response = http.post("/v1/evaluate", params={**params, "source": path}, content=body,
                                     headers={"content-type": "application/yaml"})
                elapsed = time.perf_counter() - start
                with lock:
                    latencies.append(elapsed)
                    if response.status_code != 200:
                        errors.append(f"{path}: {response.status_code}")
                    elif seen.setdefault(f"{path}{params}", response.text) != response.text:
                        errors.append(f"{path}: a different answer")

    start = time.perf_counter()
    with ThreadPoolExecutor(args.clients) as pool:
        list(pool.map(client, range(args.clients)))
    wall = time.perf_counter() - start
    server.should_exit = True
    thread.join(10)
    latencies.sort()
    result = {"requests": len(latencies), "clients": args.clients, "errors": len(errors),
              "p50_ms": 1000 * statistics.median(latencies), "p95_ms": 1000 * latencies[int(0.95 * len(latencies)) - 1],
              "requests_per_second": len(latencies) / wall}
    print(f"{result['requests']} requests, {args.clients} clients, {result['errors']} errors; "
          f"p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms, {result['requests_per_second']:.1f} req/s")
    for error in errors[:10]:
        print("  error:", error)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
