from fastapi.testclient import TestClient

from models.migrate import head_revision


def test_healthz_reports_database_and_model_ready(client: TestClient) -> None:
    res = client.get("/healthz")
    assert res.status_code == 200
    body = res.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["schema_revision"] == head_revision()
    assert body["model"] == "ok"
    assert body["model_name"] == "wayfinder-minilm-jobs-v1"  # the shipped fine-tuned encoder (issue 13)


def test_unknown_route_is_json_404(client: TestClient) -> None:
    res = client.get("/nope")
    assert res.status_code == 404
    assert res.json() == {"detail": "Not Found"}
