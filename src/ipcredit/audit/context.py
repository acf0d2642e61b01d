"""Who is acting, for the audit log: set by the CLI (``--actor`` / ``$IPCREDIT_ACTOR`` / login
name) and by each web request (the logged-in user, the client address). The web middleware
puts one mutable ``Actor`` in the context so the user found later in the request (in a
worker thread) is seen by every part of the request."""

from __future__ import annotations

import getpass
import os
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class Actor:
    name: str
    role: str
    source: str | None = None


_CURRENT: ContextVar[Actor | None] = ContextVar("ipcredit_audit_actor", default=None)
_PROCESS: list[Actor] = []


def default_actor() -> Actor:
    if not _PROCESS:
        try:
            login = getpass.getuser()
        except (KeyError, OSError):  # pragma: no cover - no passwd entry
            login = "unknown"
        _PROCESS.append(Actor(os.environ.get("IPCREDIT_ACTOR") or login, "cli", "local"))
    return _PROCESS[0]


def current_actor() -> Actor:
    return _CURRENT.get() or default_actor()


def begin_request(source: str | None) -> Actor:
    """A fresh, anonymous actor for one web request (filled in once the user is known)."""
    actor = Actor("anonymous", "anonymous", source)
    _CURRENT.set(actor)
    return actor


def identify(name: str, role: str) -> None:
    """The request's (or command's) actor is now known."""
    actor = _CURRENT.get()
    if actor is None:
        actor = default_actor()
    actor.name, actor.role = name, role
