"""Helpers of the web integration tests (a module name no other test folder uses)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from ipcredit.web.app import create_app

PASSWORD = "ipcredit-demo"


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def login(settings, username: str, password: str = PASSWORD) -> TestClient:
    c = TestClient(create_app(settings), follow_redirects=False)
    r = c.post("/login", data={"username": username, "password": password, "csrf_token": csrf_of(c.get("/login").text)})
    assert r.status_code == 303, r.text
    return c
