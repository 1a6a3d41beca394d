"""Benchmark: concurrent API requests against a real ``summitry serve`` on 127.0.0.1.

Starts the studio as a subprocess (temp data folder and database, free port), then sends
``--requests`` API requests at once from ``--concurrency`` client threads: a mix of
``POST /api/validate`` and ``POST /api/analyze`` of the textbook scenarios
(``scenarios/textbook/*.yaml``) by ref and as editor text, and ``GET /api/scenarios``. Counts
errors (any status other than 200 or a transport failure) and reports latency percentiles and
throughput. Usage::

    .venv/bin/python benchmarks/web_load.py --requests 50 --concurrency 50
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
TEXTBOOK = sorted((ROOT / "scenarios" / "textbook").glob("*.yaml"))


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _requests(n: int) -> list[tuple[str, str, dict[str, object] | None]]:
    refs = [f"bundled/textbook/{p.name}" for p in TEXTBOOK]
    texts = {r: p.read_text(encoding="utf-8") for r, p in zip(refs, TEXTBOOK, strict=True)}
    out: list[tuple[str, str, dict[str, object] | None]] = []
    for i in range(n):
        ref = refs[i % len(refs)]
        kind = i % 5
        if kind == 0:
            out.append(("POST", "/api/validate", {"ref": ref}))
        elif kind == 1:
            out.append(("POST", "/api/validate", {"ref": ref, "yaml": texts[ref]}))
        elif kind == 2:
            out.append(("POST", "/api/analyze", {"ref": ref}))
        elif kind == 3:
            out.append(("POST", "/api/analyze", {"yaml": texts[ref]}))
        else:
            out.append(("GET", "/api/scenarios", None))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()

    port = _port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "server.log"
        with log.open("wb") as fh:
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "from summitry.cli.main import main; main()",
                    "serve",
                    "--port",
                    str(port),
                    "--data",
                    str(Path(tmp) / "data"),
                ],
                stdout=fh,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
            )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(url + "/api/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit("server did not start:\n" + log.read_text(errors="replace"))
                time.sleep(0.1)

            plan = _requests(args.requests)
            client = httpx.Client(
                base_url=url, timeout=120, limits=httpx.Limits(max_connections=args.concurrency)
            )

            def one(req: tuple[str, str, dict[str, object] | None]) -> tuple[float, int | str]:
                method, path, body = req
                start = time.perf_counter()
                try:
                    r = client.request(method, path, json=body)
                    status: int | str = r.status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                return time.perf_counter() - start, status

            start = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
                results = list(pool.map(one, plan))
            wall = time.perf_counter() - start
            client.close()
        finally:
            server.terminate()
            server.wait(15)

    lat = sorted(t for t, _ in results)
    errors = [s for _, s in results if s != 200]
    q = statistics.quantiles(lat, n=20)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(
        f"{len(results)} requests, {args.concurrency} concurrent "
        f"(validate/analyze of {len(TEXTBOOK)} textbook scenarios, list): "
        f"{len(errors)} errors {sorted(set(map(str, errors)))}"
    )
    print(
        f"wall {wall:.2f} s, {len(results) / wall:.1f} requests/s; latency median "
        f"{statistics.median(lat) * 1000:.0f} ms, p95 {q[18] * 1000:.0f} ms, max "
        f"{lat[-1] * 1000:.0f} ms"
    )
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
