"""Bounded load test of the web view on loopback, and the server's memory around a 100 MB upload.

``newsprism serve`` runs as its own process on 127.0.0.1 over the synthetic store of
``bench/web_latency.py``; a fixed number of requests, cycling over a fixed mix of pages, API
lists (with offsets), searches and hostile requests (each with the status it must get), are sent
by a fixed number of client threads, one keep-alive connection each. An error is a request that
fails or gets another status than expected. Then a 100 MB upload is sent twice (with a
Content-Length, then chunked) and the server's resident memory read from ``/proc`` before and after.

    .venv/bin/python bench/web_load.py [--docs 200] [--requests 2000] [--clients 4] [--src DIR] [--out FILE]

``--src`` serves another checkout's code (e.g. the code before a fix); ``--store`` keeps the
store, to serve it again.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web_latency import build_store, emit  # noqa: E402

LONG_QUERY = "/api/search?q=" + "+".join(f"w{i}" for i in range(5000))  # 29 KB of distinct words
MIX: list[tuple[str, dict[str, str], int]] = [  # (url, headers, expected status)
    ("/", {}, 200), ("/api/overview", {}, 200), ("/claims", {}, 200), ("/api/claims?limit=50&offset=100", {}, 200),
    ("/entities", {}, 200), ("/api/entities?offset=50", {}, 200), ("/timeline", {}, 200),
    ("/quotes?offset=20", {}, 200), ("/api/attributions?limit=100", {}, 200), ("/documents", {}, 200),
    ("/api/documents?offset=10", {}, 200), ("/outlets", {}, 200), ("/search?q=Putin+Trump", {}, 200),
    ("/api/search?q=peace+talks", {}, 200), (LONG_QUERY, {}, 200),
    ("/api/claims?offset=18446744073709551616", {}, 422), ("/api/overview", {"Host": "rebound.example"}, 400),
]
MB = 1 << 20
BOUNDARY = "newsprismbench"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def _get(conn: http.client.HTTPConnection, url: str, headers: dict[str, str]) -> int:
    conn.request("GET", url, headers=headers)
    res = conn.getresponse()
    res.read()
    return res.status


def _client(port: int, jobs: list[int]) -> list[tuple[int, float, bool]]:
    """Send ``MIX[k]`` for each ``k`` of ``jobs`` in turn: (k, milliseconds, got the status expected)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    out = []
    for k in jobs:
        url, headers, want = MIX[k]
        t = time.perf_counter()
        try:
            ok = _get(conn, url, headers) == want
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        out.append((k, (time.perf_counter() - t) * 1000, ok))
    conn.close()
    return out


def _multipart(size: int) -> tuple[int, Iterator[bytes]]:
    """The length and the parts of a multipart body holding one text file of ``size`` bytes."""
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"huge.txt\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()

    def parts() -> Iterator[bytes]:
        yield head
        chunk = b"Putin spoke with Trump. " * (MB // 24)
        for at in range(0, size, len(chunk)):
            yield chunk[:size - at]
        yield tail

    return len(head) + size + len(tail), parts()


def _upload(port: int, size: int, chunked: bool) -> tuple[int | str, float]:
    length, body = _multipart(size)
    headers = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}", "Origin": f"http://127.0.0.1:{port}"}
    if not chunked:
        headers["Content-Length"] = str(length)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    t = time.perf_counter()
    try:
        conn.request("POST", "/api/documents", body=body, headers=headers, encode_chunked=chunked)
        res = conn.getresponse()
        res.read()
        status: int | str = res.status
    except (OSError, http.client.HTTPException) as exc:  # the server may close the connection mid-body
        status = type(exc).__name__
    finally:
        conn.close()
    return status, time.perf_counter() - t


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--upload-mb", type=int, default=100)
    ap.add_argument("--src", type=Path, default=Path(__file__).resolve().parent.parent / "src")
    ap.add_argument("--store", type=Path, help="keep the store here (built if missing) to serve it again")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.store or Path(tmp) / "story.db"
        if not db.exists():
            build_store(db, args.docs)
        port = _port()
        env = {**os.environ, "PYTHONPATH": str(args.src.resolve())}
        server = subprocess.Popen([sys.executable, "-m", "newsprism", "serve", str(db), "--port", str(port),
                                   "--allow-upload"], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    if _get(conn, "/api/overview", {}) == 200:
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            conn.close()
            _client(port, list(range(len(MIX))))  # warm: charts drawn, templates compiled
            jobs = [i % len(MIX) for i in range(args.requests)]
            t0 = time.perf_counter()
            with ThreadPoolExecutor(args.clients) as pool:
                done = [r for part in pool.map(lambda k: _client(port, jobs[k::args.clients]), range(args.clients))
                        for r in part]
            wall = time.perf_counter() - t0
            rss = [_rss_mib(server.pid)]
            uploads = []
            for chunked in (False, True):
                uploads.append(_upload(port, args.upload_mb * MB, chunked))
                time.sleep(1)
                rss.append(_rss_mib(server.pid))
        finally:
            server.terminate()
            server.wait(timeout=30)

    ms = [d for _, d, _ in done]
    errors = sum(not ok for _, _, ok in done)
    lines = [
        f"Store: {args.docs} documents (synthetic, `bench/web_latency.py`); server code: `{args.src}`.",
        f"{len(done)} requests by {args.clients} client threads over loopback in {wall:.1f} s "
        f"({len(done) / wall:.0f} requests/s), a mix of {len(MIX)} requests cycled.",
        "",
        "| requests | p50 ms | p95 ms | max ms | errors |",
        "|---|---:|---:|---:|---:|",
        f"| all | {statistics.median(ms):.1f} | {_pct(ms, 0.95):.1f} | {max(ms):.1f} | {errors} |",
    ]
    for k, (url, headers, want) in enumerate(MIX):
        xs = [d for i, d, _ in done if i == k]
        errs = sum(not ok for i, _, ok in done if i == k)
        name = (url if len(url) < 60 else url[:40] + f"… ({len(url)} chars)") + "".join(
            f", {h}: {v}" for h, v in headers.items())
        lines.append(f"| `{name}` (expect {want}) | {statistics.median(xs):.1f} | {_pct(xs, 0.95):.1f} | "
                     f"{max(xs):.1f} | {errs} |")
    lines += [
        "",
        f"Server RSS after the load: {rss[0]:.0f} MiB; after a {args.upload_mb} MB upload with Content-Length "
        f"(answer {uploads[0][0]} in {uploads[0][1]:.2f} s): {rss[1]:.0f} MiB; after the same upload chunked "
        f"(answer {uploads[1][0]} in {uploads[1][1]:.2f} s): {rss[2]:.0f} MiB.",
    ]
    emit(lines, args.out)


if __name__ == "__main__":
    main()
