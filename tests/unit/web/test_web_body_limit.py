"""The body limit is enforced while the body streams: no chunk past the limit is pulled,
and a declared Content-Length above it is refused before any chunk is read."""

from __future__ import annotations

import asyncio

import pytest
from starlette.exceptions import HTTPException

from ipcredit.web.uploads import BodyLimitMiddleware, body_limit, safe_filename


def _run(headers: list[tuple[bytes, bytes]], chunks: int, chunk_size: int = 100_000):
    pulled = []

    async def receive():
        pulled.append(1)
        more = len(pulled) < chunks
        return {"type": "http.request", "body": b"x" * chunk_size, "more_body": more}

    async def app(scope, receive, send):
        while True:
            message = await receive()
            if not message.get("more_body"):
                return

    middleware = BodyLimitMiddleware(app, default_limit=lambda: 1_000_000)
    scope = {"type": "http", "path": "/api/v1/evaluate", "headers": headers}
    try:
        asyncio.run(middleware(scope, receive, None))
    except HTTPException as exc:
        return len(pulled), exc
    return len(pulled), None


def test_streaming_stops_at_the_limit():
    limit = body_limit("/api/v1/evaluate", 1_000_000)
    pulled, exc = _run([], chunks=1000)
    assert exc is not None and exc.status_code == 413 and "上传内容超过" in exc.detail
    assert pulled == limit // 100_000 + 1          # the chunk that crossed the limit, none after it


def test_a_declared_length_above_the_limit_reads_nothing():
    pulled, exc = _run([(b"content-length", b"50000000")], chunks=1000)
    assert exc is not None and exc.status_code == 413 and pulled == 0


def test_a_body_within_the_limit_passes():
    assert _run([], chunks=5) == (5, None)


@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd", "passwd"), ("..\\..\\boot.ini", "boot.ini"), ("a\x00b\x1f.pdf", "ab.pdf"),
    ("report\u202eFDP.exe", "reportFDP.exe"), ("..", "upload"), ("", "upload"), (None, "upload"),
    ("证据 扫描件.pdf", "证据 扫描件.pdf"), ("x" * 500, "x" * 200),
])
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected
