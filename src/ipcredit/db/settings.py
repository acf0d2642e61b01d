"""Settings read from the environment by a function — never at import time."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str

    @property
    def evidence_dir(self) -> Path:
        return self.data_dir / "evidence"


def get_settings() -> Settings:
    """``IPCREDIT_DATA_DIR`` (default ``./var``) and ``IPCREDIT_DATABASE_URL``
    (default: the SQLite file ``ipcredit.db`` in the data directory)."""
    data_dir = Path(os.environ.get("IPCREDIT_DATA_DIR", "./var")).resolve()
    url = os.environ.get("IPCREDIT_DATABASE_URL") or f"sqlite:///{data_dir / 'ipcredit.db'}"
    return Settings(data_dir=data_dir, database_url=url)
