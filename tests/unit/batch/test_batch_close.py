"""The DuckDB connection of a batch run is closed on a thread of its own once the results are
fetched; the results stay usable and the connection is really closed."""

from __future__ import annotations

import threading

import duckdb
import pytest

from ipcredit.batch import duck


def test_connection_closed_in_background_and_results_outlive_it():
    con = duck.connect()
    table = duck.fetch_arrow(con, "SELECT range AS n FROM range(100000)")
    duck.close_in_background(con)
    for thread in [t for t in threading.enumerate() if t.name == "duckdb-close"]:
        thread.join(timeout=30)
    with pytest.raises(duckdb.ConnectionException):
        con.execute("SELECT 1")
    assert table.num_rows == 100000 and table.column("n").to_pylist()[-1] == 99999


def test_a_failing_close_is_logged_not_raised(caplog):
    class Broken:
        def close(self):
            raise duckdb.Error("boom")

    duck.close_in_background(Broken())
    for thread in [t for t in threading.enumerate() if t.name == "duckdb-close"]:
        thread.join(timeout=30)
    assert "closing DuckDB failed: boom" in caplog.text
