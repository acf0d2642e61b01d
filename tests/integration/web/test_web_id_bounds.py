"""An id beyond the database's integer range is a 422 naming the parameter, not a 500
(SQLite raised OverflowError in the driver; schemathesis found it on /api/v1/cases/{id})."""

from __future__ import annotations

import pytest
from web_auth_support import fresh_demo_db, login

HUGE = "9" * 25


@pytest.fixture(scope="module")
def lead(tmp_path_factory):
    settings, _, _ = fresh_demo_db(tmp_path_factory.mktemp("ids"))
    return login(settings, "lead")


@pytest.mark.parametrize("url", [
    f"/api/v1/cases/{HUGE}", f"/api/v1/cases/{HUGE}/scoring", f"/cases/{HUGE}",
    f"/cases/{HUGE}/report.pdf", f"/cases/{HUGE}/report-preview", "/api/v1/cases/2147483648",
])
def test_out_of_range_id_is_a_422(lead, url):
    r = lead.get(url)
    assert r.status_code == 422, (url, r.status_code)
    assert "case_id" in r.text


def test_largest_id_is_an_ordinary_not_found(lead):
    assert lead.get("/api/v1/cases/2147483647").status_code == 404


def test_out_of_range_offset_is_a_422(lead):
    r = lead.get("/api/v1/cases?offset=9223372036854775808")
    assert r.status_code == 422 and "offset" in r.text
