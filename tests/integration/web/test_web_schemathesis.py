"""Schemathesis against the application's OpenAPI document, in process (ASGI): generated
requests (valid and invalid) for every operation, authenticated with a bank's API token and
a demo user's session cookie. Zero server errors, zero responses outside their declared
schema, status code or content type. Bounded: a few dozen examples per operation."""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_schema_conformance, status_code_conformance,
)
from web_auth_support import fresh_demo_db, login

from ipcredit.web.app import create_app

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]
MAX_EXAMPLES = 30


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    """(app, auth headers, cookies, enterprise credit code) on a database of its own."""
    from ipcredit.consent.service import create_client, grant_consent
    from ipcredit.demo.service import ENTERPRISES

    settings_, summary, new_uow = fresh_demo_db(tmp_path_factory.mktemp("schemathesis"))
    with new_uow() as uow:
        client_id, token = create_client(uow, "模糊测试银行", "test")
    with new_uow() as uow:
        from ipcredit.consent.models import Consent

        grant_consent(uow, uow.s.get(Consent, 1).enterprise_id, "api", client_id,
                      dt.date.today() + dt.timedelta(days=30), "test", dt.date.today())
    cookies = dict(login(settings_, "enterprise3").cookies)
    return create_app(settings_), {"Authorization": f"Bearer {token}"}, cookies, ENTERPRISES[2][1]


def operations(app):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def run_operation(operation, headers, cookies, mode: GenerationMode) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate(headers=headers, cookies=cookies, checks=CHECKS)

    check()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_every_operation_conforms(api, mode):
    app, headers, cookies, _ = api
    ops = operations(app)
    assert {op.path for op in ops} >= {"/api/v1/evaluate", "/api/v1/what-if", "/api/v1/disclosures/{credit_code}"}
    for op in ops:
        run_operation(op, headers, cookies, mode)


def test_the_consented_disclosure_conforms(api):
    """The 200 answer, which random credit codes would rarely reach."""
    app, headers, cookies, code = api
    op = next(op for op in operations(app) if op.path == "/api/v1/disclosures/{credit_code}")
    case = op.Case(path_parameters={"credit_code": code})
    response = case.call_and_validate(headers=headers, checks=CHECKS)
    assert response.status_code == 200
    assert case.call_and_validate(checks=CHECKS).status_code == 401      # no token


def test_the_check_fails_when_a_route_raises(api, monkeypatch):
    """The harness is not blind: when the scoring behind /api/v1/evaluate raises, the run
    fails — the in-process transport re-raises the server's exception (a served 500 would be
    reported by the not_a_server_error check)."""
    import ipcredit.web.api as api_module

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    app, headers, cookies, _ = api
    op = next(op for op in operations(app) if op.path == "/api/v1/evaluate")
    valid = {"schema": "ipcredit/facts-v1", "evaluation_date": "2026-03-15",
             "enterprise": {"name": "示例科技有限公司", "credit_code": "91330106MA2B3C4D5D"}}
    case = op.Case(body=valid, media_type="application/json")
    assert case.call_and_validate(headers=headers, checks=CHECKS).status_code == 200
    monkeypatch.setattr(api_module, "evaluate", boom)
    with pytest.raises(Exception) as exc:
        case.call_and_validate(headers=headers, checks=CHECKS)
    assert "boom" in str(exc.value) or "[500]" in str(exc.value)
