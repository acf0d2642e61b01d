"""Web settings, read by a function from the environment (nothing is read at import)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping

DEFAULT_MAX_UPLOAD = 2_000_000
DEFAULT_BATCH_BYTES = 20_000_000        # one batch-screening upload
DEFAULT_BATCH_UNZIPPED = 200_000_000    # all files of an uploaded ZIP, uncompressed
DEFAULT_BATCH_ROWS = 20_000             # enterprises per web batch (larger: `ipcredit batch score`)


@dataclass(frozen=True)
class WebSettings:
    """What `create_app` needs. Every field has a safe default for local use."""

    title: str = "企业知识产权信用评价"
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD   # facts files and API bodies
    secure_cookies: bool = False                 # True behind HTTPS
    debug: bool = False
    database_url: str | None = None              # None: ipcredit.db.settings (./var/ipcredit.db)
    data_dir: str | None = None
    public_url: str | None = None                # base of verification links in reports
    batch_max_bytes: int = DEFAULT_BATCH_BYTES
    batch_max_unzipped: int = DEFAULT_BATCH_UNZIPPED
    batch_max_rows: int = DEFAULT_BATCH_ROWS


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def get_web_settings(env: Mapping[str, str] | None = None) -> WebSettings:
    """Settings from ``IPCREDIT_WEB_*`` environment variables."""
    env = os.environ if env is None else env
    max_upload = env.get("IPCREDIT_WEB_MAX_UPLOAD_BYTES")

    def number(name: str, default: int) -> int:
        value = env.get(name)
        return int(value) if value else default

    return WebSettings(
        max_upload_bytes=int(max_upload) if max_upload else DEFAULT_MAX_UPLOAD,
        secure_cookies=_flag(env.get("IPCREDIT_WEB_SECURE_COOKIES"), False),
        debug=_flag(env.get("IPCREDIT_WEB_DEBUG"), False),
        database_url=env.get("IPCREDIT_DATABASE_URL") or None,
        data_dir=env.get("IPCREDIT_DATA_DIR") or None,
        public_url=env.get("IPCREDIT_WEB_PUBLIC_URL") or None,
        batch_max_bytes=number("IPCREDIT_WEB_BATCH_MAX_BYTES", DEFAULT_BATCH_BYTES),
        batch_max_unzipped=number("IPCREDIT_WEB_BATCH_MAX_UNZIPPED", DEFAULT_BATCH_UNZIPPED),
        batch_max_rows=number("IPCREDIT_WEB_BATCH_MAX_ROWS", DEFAULT_BATCH_ROWS),
    )
