"""docs/data-formats.md documents every table and column that tables.py defines."""

from __future__ import annotations

from pathlib import Path

from ipcredit.facts.tables import TABLES

DOC = Path(__file__).resolve().parents[3] / "docs" / "data-formats.md"


def test_every_column_is_documented():
    text = DOC.read_text(encoding="utf-8")
    missing = [f"{t.name}.{c.name}" for t in TABLES for c in t.columns
               if f"`{c.name}`" not in text or f"| {c.header} |" not in text]
    assert not missing and all(f"`{t.name}`" in text for t in TABLES), missing
