"""The JSON API with FastAPI's TestClient: results equal the engine's, errors are problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ipcredit.standard import evaluate, parse_facts
from ipcredit.standard.whatif import what_if
from ipcredit.web.app import create_app
from ipcredit.web.settings import WebSettings
from ipcredit.yamlio import load_file


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(WebSettings(max_upload_bytes=50_000)))


@pytest.fixture(scope="module")
def sample(root: Path) -> Path:
    return root / "examples" / "sample-a.yaml"


def engine_json(path: Path, profile: str | None = None) -> dict:
    return json.loads(json.dumps(evaluate(parse_facts(load_file(path)), None, profile).to_json()))


@pytest.mark.parametrize("profile", [None, "points", "weights"])
def test_evaluate_yaml_body_equals_the_engine(client, sample, profile):
    params = {"profile": profile} if profile else {}
    r = client.post("/api/v1/evaluate", content=sample.read_bytes(), params=params,
                    headers={"content-type": "application/yaml"})
    assert r.status_code == 200, r.text
    assert r.json() == engine_json(sample, profile)


def test_evaluate_json_body_keeps_exact_decimals(client, root):
    doc = load_file(root / "examples" / "demo.yaml")
    text = json.dumps(doc, ensure_ascii=False, default=float)  # Decimals written as numbers
    r = client.post("/api/v1/evaluate", content=text.encode(), headers={"content-type": "application/json"})
    assert r.status_code == 200, r.text
    assert r.json() == engine_json(root / "examples" / "demo.yaml")
    assert r.json()["total"] == float(evaluate(parse_facts(doc)).total)


def test_what_if_equals_the_engine(client, root):
    path = root / "examples" / "demo.yaml"
    r = client.post("/api/v1/what-if", content=path.read_bytes(), headers={"content-type": "application/yaml"})
    assert r.status_code == 200, r.text
    expected = json.loads(json.dumps(what_if(parse_facts(load_file(path))).to_json()))
    assert r.json() == expected
    assert r.json()["next_grade"] == "AAA" and r.json()["suggestions"]


def test_invalid_facts_are_a_422_problem_naming_each_field(client):
    doc = {"schema": "ipcredit/facts-v1", "evaluation_date": "2026-02-30",
           "enterprise": {"name": "甲", "credit_code": "91330106MA2B3C4D50"},
           "capacity": {"valid_invention_patents": -1, "bogus": 1},
           "records": [{"kind": "infringement", "date": "2025-01-01"}]}
    r = client.post("/api/v1/evaluate", json=doc)
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["type"] == "urn:ipcredit:problem:invalid-facts"
    assert body["title"] == "事实文件无效" and body["title_en"] == "Invalid facts document"
    assert body["instance"] == "/api/v1/evaluate"
    paths = {e["path"] for e in body["errors"]}
    assert {"evaluation_date", "enterprise.credit_code", "capacity.valid_invention_patents",
            "capacity.bogus", "records[0].deduction", "records[0].reason"} <= paths
    assert all(e["message"] for e in body["errors"])
    assert str(len(body["errors"])) in body["detail"]


def test_wrong_schema_and_unknown_profile_are_422(client, sample):
    r = client.post("/api/v1/what-if", json={"schema": "other"})
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "schema"
    r = client.post("/api/v1/evaluate", content=sample.read_bytes(), params={"profile": "nope"},
                    headers={"content-type": "application/yaml"})
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    assert any("profile" in e["path"] for e in r.json()["errors"])


@pytest.mark.parametrize("body, ctype, status", [
    (b"{not json", "application/json", 400),
    (b"a: [1, 2", "application/yaml", 400),
    (b"", "application/json", 400),
    (b"\xff\xfe\x00", "application/json", 400),
    (b"[1, 2, 3]", "application/json", 422),
    (b"x" * 60_000, "application/json", 413),
])
def test_unreadable_bodies_are_problems_not_500(client, body, ctype, status):
    r = client.post("/api/v1/evaluate", content=body, headers={"content-type": ctype})
    assert r.status_code == status
    problem = r.json()
    assert problem["status"] == status and problem["title"] and problem["title_en"] and problem["detail"]


def test_unknown_api_route_and_method_are_problems(client):
    r = client.get("/api/v1/nothing-here")
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["title"] == "未找到"
    r = client.get("/api/v1/evaluate")
    assert r.status_code == 405 and r.json()["title_en"] == "Method not allowed"


def test_openapi_documents_the_api_and_the_facts_schema(client):
    spec = client.get("/openapi.json").json()
    post = spec["paths"]["/api/v1/evaluate"]["post"]
    ref = post["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    name = ref.rsplit("/", 1)[-1]
    schemas = spec["components"]["schemas"]
    assert name in schemas and "enterprise" in schemas[name]["properties"]
    # every $ref in the document resolves
    text = json.dumps(spec)
    for part in text.split('"$ref": "#/components/schemas/')[1:]:
        assert part.split('"', 1)[0] in schemas
    assert "422" in post["responses"] and "/api/v1/what-if" in spec["paths"]
    assert schemas["EvaluationOut"]["properties"]["indicators"]


def test_pages_answer_errors_with_a_page_not_a_traceback(client):
    r = client.get("/no-such-page")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    assert "未找到" in r.text and "Traceback" not in r.text
    r = client.get("/")
    assert r.status_code == 200 and "Content-Security-Policy" in r.headers
