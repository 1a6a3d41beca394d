"""The REST API with FastAPI's test client: every endpoint, good and bad input, never a 500."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from summitry.report.montecarlo import to_dict
from summitry.web import Settings, create_app
from summitry.workflows import gmcr as wf
from summitry.workflows.montecarlo import simulate_file

from .conftest import FLAGSHIP, SCENARIOS, TestClient, wait_run

FEARON = "bundled/textbook/fearon-range.yaml"


def _text(ref: str) -> str:
    return (SCENARIOS / ref.removeprefix("bundled/")).read_text(encoding="utf-8")


def _detail(r: Any) -> dict[str, Any]:
    body = r.json()["detail"]
    assert isinstance(body, dict)
    return body


# ---------------------------------------------------------------------- meta and library


def test_health_reports_versions_features_and_limits(client: TestClient) -> None:
    body = client.get("/api/health").json()
    assert body["ok"] is True
    assert set(body["versions"]) == {"summitry", "python", "numpy", "scipy"}
    assert body["limits"]["max_draws"] == 50_000
    assert isinstance(body["features"]["report"], bool)


def test_openapi_documents_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/validate", "/api/analyze", "/api/simulate", "/api/gmcr", "/api/runs"):
        assert p in paths
    assert client.get("/docs").status_code == 200


def test_library_lists_bundled_and_data_files(client: TestClient) -> None:
    refs = {e["ref"]: e for e in client.get("/api/scenarios").json()}
    assert refs[FLAGSHIP]["kind"] == "scenario"
    assert refs["bundled/putin-trump-talks.soft-lines.yaml"]["kind"] == "variant"
    assert refs["bundled/elmira.gmcr.yaml"]["kind"] == "gmcr"


def test_get_and_download_a_scenario(client: TestClient) -> None:
    r = client.get(f"/api/scenarios/{FEARON}")
    assert r.status_code == 200
    assert r.json()["text"] == _text(FEARON)
    assert r.json()["writable"] is False
    d = client.get(f"/api/scenarios/{FEARON}?download=true")
    assert d.headers["content-disposition"] == 'attachment; filename="fearon-range.yaml"'
    assert d.text == _text(FEARON)


@pytest.mark.parametrize(
    ("ref", "status"),
    [
        ("bundled/nope.yaml", 404),
        ("elsewhere/x.yaml", 404),
        ("bundled/../pyproject.toml", 400),
        ("data/../../etc/passwd", 400),
    ],
)
def test_unknown_or_escaping_refs_are_refused(client: TestClient, ref: str, status: int) -> None:
    r = client.post("/api/validate", json={"ref": ref})
    assert r.status_code == status
    assert "Fix" in _detail(r)["message"] or "inside the folder" in _detail(r)["message"]


def test_upload_a_valid_scenario(client: TestClient, settings: Settings) -> None:
    files = {"file": ("fearon.yaml", _text(FEARON).encode(), "application/x-yaml")}
    r = client.post("/api/scenarios/upload", files=files)
    assert r.status_code == 201, r.text
    assert r.json() == {
        "ref": "data/fearon.yaml",
        "id": "fearon-1995-range",
        "title": "Fearon (1995): the bargaining range of a one-issue dispute",
    }
    assert (settings.data_dir / "fearon.yaml").read_text(encoding="utf-8") == _text(FEARON)
    assert "data/fearon.yaml" in {e["ref"] for e in client.get("/api/scenarios").json()}


def test_upload_invalid_yaml_gives_422_with_line_and_column(client: TestClient) -> None:
    bad = _text(FEARON).replace("salience: 1, why", "salience: [1, why", 1)
    line = next(i for i, s in enumerate(bad.splitlines(), 1) if "[1, why" in s)
    r = client.post("/api/scenarios/upload", files={"file": ("bad.yaml", bad.encode())})
    assert r.status_code == 422
    p = _detail(r)["problems"][0]
    assert p["file"] == "bad.yaml"
    assert p["message"].startswith("YAML syntax error")
    assert p["line"] == line


def test_upload_oversized_gives_413(client: TestClient, settings: Settings) -> None:
    big = b"# " + b"x" * settings.max_upload_bytes + b"\n"
    r = client.post("/api/scenarios/upload", files={"file": ("big.yaml", big)})
    assert r.status_code == 413
    assert "limit is 65536 bytes" in _detail(r)["message"]
    assert not (settings.data_dir / "big.yaml").exists()


def test_upload_binary_and_bad_names_are_refused(client: TestClient) -> None:
    r = client.post("/api/scenarios/upload", files={"file": ("bin.yaml", b"id: a\x00b\n")})
    assert r.status_code == 422
    assert _detail(r)["problems"][0]["message"] == "binary file (contains a NUL byte)"
    r = client.post("/api/scenarios/upload", files={"file": ("../x.yaml", b"id: a\n")})
    assert r.status_code == 400
    assert "bad file name" in _detail(r)["message"]


def test_save_a_copy_of_the_flagship_copies_its_source(
    client: TestClient, settings: Settings
) -> None:
    r = client.post(
        "/api/scenarios",
        json={"name": "mine", "yaml": _text(FLAGSHIP), "from_ref": FLAGSHIP},
    )
    assert r.status_code == 201, r.text
    assert r.json()["ref"] == "data/mine.yaml"
    assert (settings.data_dir / "sources" / "putin-trump-talks.txt").is_file()
    assert client.post("/api/validate", json={"ref": "data/mine.yaml"}).status_code == 200


# ---------------------------------------------------------------------- validate / analyze


def test_validate_a_ref_and_editor_text(client: TestClient) -> None:
    r = client.post("/api/validate", json={"ref": FLAGSHIP})
    assert r.status_code == 200
    assert r.json()["id"] == "ukr-rus-anchorage-2025"
    assert r.json()["gmcr"] is True
    r2 = client.post("/api/validate", json={"ref": FLAGSHIP, "yaml": _text(FLAGSHIP)})
    assert r2.json()["sha256"] == r.json()["sha256"]


def test_wrong_type_in_yaml_is_located(client: TestClient) -> None:
    text = _text(FLAGSHIP)
    bad = text.replace(
        "T_GUAR:   {ideal: 100, salience: 0.14", "T_GUAR:   {ideal: 100, salience: x"
    )
    line = next(i for i, s in enumerate(bad.splitlines(), 1) if "salience: x" in s)
    r = client.post("/api/validate", json={"ref": FLAGSHIP, "yaml": bad})
    assert r.status_code == 422
    p = _detail(r)["problems"][0]
    assert (p["file"], p["line"], p["path"]) == (
        "putin-trump-talks.yaml",
        line,
        "positions.RUS.T_GUAR.salience",
    )
    assert p["text"].startswith(f"putin-trump-talks.yaml:{line}:")
    assert _detail(r)["message"] == p["text"]


def test_yaml_syntax_error_is_located(client: TestClient) -> None:
    r = client.post("/api/validate", json={"yaml": "id: a\ntitle: [unclosed\nx: 1\n"})
    assert r.status_code == 422
    p = _detail(r)["problems"][0]
    assert p["file"] == "editor.yaml"
    assert p["line"] == 3
    assert p["message"].startswith("YAML syntax error")


@pytest.mark.parametrize(
    "body",
    [
        {"yaml": 5},
        {"ref": ["a"]},
        {"yaml": "id: a", "unknown": 1},
        {},
    ],
)
def test_wrong_json_types_give_422(client: TestClient, body: dict[str, Any]) -> None:
    r = client.post("/api/validate", json=body)
    assert r.status_code == 422
    assert r.json()["detail"]


def test_oversized_editor_text_gives_413(client: TestClient) -> None:
    r = client.post("/api/validate", json={"yaml": "#" * 70_000})
    assert r.status_code == 413


def test_non_json_body_gives_422(client: TestClient) -> None:
    r = client.post(
        "/api/validate", content=b"not json", headers={"content-type": "application/json"}
    )
    assert r.status_code == 422


def test_analyze_fearon_finds_the_range(client: TestClient) -> None:
    r = client.post("/api/analyze", json={"ref": FEARON})
    assert r.status_code == 200
    body = r.json()
    assert body["analysis"]["format"] == "summitry.analysis/1"
    assert body["analysis"]["verdict"]["code"] == "settlement_possible"
    assert "Fearon (1995)" in body["text"]


# ---------------------------------------------------------------------- GMCR


def test_gmcr_elmira(client: TestClient) -> None:
    r = client.post("/api/gmcr", json={"ref": "bundled/elmira.gmcr.yaml"})
    assert r.status_code == 200
    g = r.json()["gmcr"]
    expected = wf.to_json(wf.run(wf.load_model(SCENARIOS / "elmira.gmcr.yaml")))
    assert g == json.loads(json.dumps(expected))
    assert g["status_quo"]["graph"]["nodes"]
    assert r.json()["text"].startswith("GMCR analysis of Elmira")


def test_gmcr_bad_status_quo_and_state_limit(client: TestClient) -> None:
    r = client.post("/api/gmcr", json={"ref": "bundled/elmira.gmcr.yaml", "status_quo": "99"})
    assert r.status_code == 422
    assert "no such state" in _detail(r)["message"]
    r = client.post("/api/gmcr", json={"ref": "bundled/elmira.gmcr.yaml", "rule": "other"})
    assert r.status_code == 422


def test_gmcr_state_space_limit(settings: Settings, tmp_path: Path) -> None:
    small = Settings(**{**settings.__dict__, "max_gmcr_states": 100})
    with TestClient(create_app(small)) as c:
        r = c.post("/api/gmcr", json={"ref": FLAGSHIP})
    assert r.status_code == 422
    assert "more than 100 feasible states" in _detail(r)["message"]
    assert "the limit of this server" in _detail(r)["message"]


def test_gmcr_from_editor_text_names_the_file(client: TestClient) -> None:
    text = _text("bundled/elmira.gmcr.yaml").replace("gmcr:", "gmcr:\n  bogus: 1", 1)
    r = client.post("/api/gmcr", json={"ref": "bundled/elmira.gmcr.yaml", "yaml": text})
    assert r.status_code == 422
    assert _detail(r)["problems"][0]["file"] == "elmira.gmcr.yaml"


# ---------------------------------------------------------------------- runs


def test_simulate_run_matches_the_cli_workflow(client: TestClient) -> None:
    r = client.post("/api/simulate", json={"ref": FEARON, "draws": 1024, "seed": 7})
    assert r.status_code == 202
    run = wait_run(client, r.json()["id"])
    assert run["status"] == "done", run["error"]
    assert run["seed"] == 7
    assert run["params"] == {"draws": 1024}
    assert run["scenario_id"] == "fearon-1995-range"
    assert run["versions"]["summitry"]
    assert run["started_at"] <= run["finished_at"]
    expected = to_dict(simulate_file(SCENARIOS / "textbook/fearon-range.yaml", draws=1024, seed=7))
    assert run["result"]["simulation"] == json.loads(json.dumps(expected))
    assert run["result"]["analysis"]["verdict"]["code"] == "settlement_possible"
    listed = client.get("/api/runs", params={"scenario_id": "fearon-1995-range"}).json()
    assert [x["id"] for x in listed] == [run["id"]]
    assert "result" not in listed[0]


def test_run_events_stream_ends(client: TestClient) -> None:
    run_id = client.post("/api/simulate", json={"ref": FEARON, "draws": 1024, "seed": 1}).json()[
        "id"
    ]
    with client.stream("GET", f"/api/runs/{run_id}/events") as s:
        lines = [line for line in s.iter_lines() if line]
    assert lines[-2] == "event: end"
    assert json.loads(lines[-1].removeprefix("data: ")) == {
        "status": "done",
        "done": 1024,
        "total": 1024,
    }


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"ref": FEARON, "draws": 10**9}, "draws must be between 1 and 50000"),
        ({"ref": FEARON, "draws": 0}, "draws must be between 1 and 50000"),
        ({"ref": FEARON, "draws": "many"}, "int"),
        ({"ref": FEARON, "seed": -1}, "greater than or equal"),
        ({"ref": "bundled/nope.yaml"}, "no scenario"),
    ],
)
def test_simulate_bad_input(client: TestClient, body: dict[str, Any], needle: str) -> None:
    r = client.post("/api/simulate", json=body)
    assert 400 <= r.status_code < 500
    assert needle in r.text


def test_unknown_run_gives_404(client: TestClient) -> None:
    for method, path in (
        ("GET", "/api/runs/nope"),
        ("POST", "/api/runs/nope/cancel"),
        ("GET", "/api/runs/nope/events"),
        ("GET", "/api/runs/nope/report"),
    ):
        r = client.request(method, path)
        assert r.status_code == 404, path
        assert _detail(r)["message"] == "no run 'nope'. Fix: list the runs with GET /api/runs"


SOFT_LINES = "bundled/putin-trump-talks.soft-lines.yaml"


def _wait_status(client: TestClient, run_id: str, status: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run: dict[str, Any] = client.get(f"/api/runs/{run_id}").json()
        if run["status"] == status:
            return run
        time.sleep(0.05)
    raise AssertionError(f"run never became {status}")


def test_cancel_running_and_queued_runs_and_the_queue_limit(client: TestClient) -> None:
    # the soft-lines ablation decides the package in every draw: about 30 s for 50,000 draws, so the
    # run is certainly still going when it is cancelled
    body = {"ref": SOFT_LINES, "draws": 50_000, "seed": 1}
    long = client.post("/api/simulate", json=body).json()["id"]
    _wait_status(client, long, "running")
    queued = [client.post("/api/simulate", json=body) for _ in range(2)]
    assert [q.status_code for q in queued] == [202, 202]
    full = client.post("/api/simulate", json=body)
    assert full.status_code == 429
    assert "the job queue is full" in _detail(full)["message"]
    assert len(client.get("/api/runs").json()) == 3  # a refused run is not stored
    q1 = queued[0].json()["id"]
    assert client.post(f"/api/runs/{q1}/cancel").status_code == 200
    assert client.get(f"/api/runs/{q1}").json()["status"] == "cancelled"
    assert client.post(f"/api/runs/{long}/cancel").status_code == 200
    run = wait_run(client, long, timeout=30)
    assert run["status"] == "cancelled"
    assert run["result"] is None
    assert client.post(f"/api/runs/{queued[1].json()['id']}/cancel").status_code == 200
    again = client.post(f"/api/runs/{long}/cancel")
    assert again.status_code == 409
    assert "only a queued or running run can be cancelled" in _detail(again)["message"]
    r = client.get(f"/api/runs/{long}/report")
    assert r.status_code in (404, 409)


def test_report_of_a_done_run(client: TestClient) -> None:
    run_id = client.post("/api/simulate", json={"ref": FEARON, "draws": 1024, "seed": 3}).json()[
        "id"
    ]
    wait_run(client, run_id)
    r = client.get(f"/api/runs/{run_id}/report")
    if client.get("/api/health").json()["features"]["report"]:
        assert r.status_code == 200, r.text
        assert "Fearon" in r.text
        assert "attachment" in r.headers["content-disposition"]
    else:
        assert r.status_code == 404
        assert "report workflow" in _detail(r)["message"]


# ---------------------------------------------------------------------- editor helpers, variants


def test_form_fields_and_patch(client: TestClient) -> None:
    text = _text(FLAGSHIP)
    fields = client.post("/api/form", json={"yaml": text}).json()["fields"]
    guar = next(f for f in fields if f["path"] == ["positions", "RUS", "T_GUAR", "reservation"])
    assert (guar["value"], guar["spec"]) == (60.0, "triangular")
    groups = {f["group"] for f in fields}
    assert groups == {
        "ideal points",
        "reservations",
        "saliences",
        "costs of conflict",
        "trust",
    }
    r = client.post(
        "/api/form/patch",
        json={"yaml": text, "changes": [{"path": guar["path"], "value": 10}]},
    )
    new = r.json()["yaml"]
    changed = [(a, b) for a, b in zip(text.splitlines(), new.splitlines(), strict=True) if a != b]
    assert len(changed) == 1
    assert "reservation: {triangular: [10, 10, 100]}" in changed[0][1]


def test_form_bad_input(client: TestClient) -> None:
    r = client.post("/api/form", json={"yaml": "a: [1,\n"})
    assert r.status_code == 422
    assert _detail(r)["problems"][0]["line"] == 2
    r = client.post(
        "/api/form/patch",
        json={"yaml": "a: 1\n", "changes": [{"path": ["b", "c"], "value": 1}]},
    )
    assert r.status_code == 422
    assert "no such field" in _detail(r)["message"]
    r = client.post("/api/form/patch", json={"yaml": "a: 1\n", "changes": []})
    assert r.status_code == 422


def test_save_variant_and_compare(client: TestClient, settings: Settings) -> None:
    text = _text(FLAGSHIP)
    path = ["positions", "RUS", "T_GUAR", "reservation"]
    edited = client.post(
        "/api/form/patch", json={"yaml": text, "changes": [{"path": path, "value": 10}]}
    ).json()["yaml"]
    same = client.post(
        "/api/variants", json={"base": FLAGSHIP, "yaml": text, "name": "x", "title": "t"}
    )
    assert same.status_code == 422
    assert "does not differ" in _detail(same)["message"]
    r = client.post(
        "/api/variants",
        json={"base": FLAGSHIP, "yaml": edited, "name": "guar", "title": "Softer on T_GUAR"},
    )
    assert r.status_code == 201, r.text
    assert r.json()["changes"] == [
        {"path": "positions.RUS.T_GUAR.reservation.triangular", "value": [10, 10, 100]}
    ]
    assert (settings.data_dir / "guar.yaml").read_text(encoding="utf-8").startswith("extends: ")
    entry = next(e for e in client.get("/api/scenarios").json() if e["ref"] == "data/guar.yaml")
    assert entry["kind"] == "variant"
    c = client.post(
        "/api/compare",
        json={"base": FLAGSHIP, "variants": ["data/guar.yaml"], "draws": 1024, "seed": 5},
    )
    assert c.status_code == 202
    run = wait_run(client, c.json()["id"])
    assert run["status"] == "done", run["error"]
    res = run["result"]
    assert res["base"]["id"] == "ukr-rus-anchorage-2025"
    assert res["variants"][0]["id"] == "ukr-rus-anchorage-2025.guar"
    base_blocked = res["base"]["simulation"]["issue_blocked"]["T_GUAR"]["p"]
    var_blocked = res["variants"][0]["simulation"]["issue_blocked"]["T_GUAR"]["p"]
    assert var_blocked != base_blocked
    bad = client.post("/api/compare", json={"base": FLAGSHIP, "variants": []})
    assert bad.status_code == 422


# ---------------------------------------------------------------------- token


def test_token_is_required_on_every_request(settings: Settings) -> None:
    guarded = Settings(**{**settings.__dict__, "token": "s3cret"})
    with TestClient(create_app(guarded)) as c:
        r = c.get("/api/health")
        assert r.status_code == 401
        assert "access token" in _detail(r)["message"]
        assert c.get("/").status_code == 401
        assert c.get("/api/health", headers={"X-Summitry-Token": "wrong"}).status_code == 401
        assert c.get("/api/health", headers={"X-Summitry-Token": "s3cret"}).status_code == 200
        assert c.get("/api/health", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        first = c.get("/?token=s3cret")
        assert first.status_code == 200
        assert "summitry_token" in first.headers["set-cookie"]
        assert c.get("/api/scenarios").status_code == 200  # the cookie now carries it


def test_pages_render(client: TestClient) -> None:
    for path in (
        "/",
        f"/editor?ref={FLAGSHIP}",
        "/runs",
        "/runs/abc",
        f"/compare?base={FLAGSHIP}",
        "/gmcr?ref=bundled/elmira.gmcr.yaml",
    ):
        r = client.get(path)
        assert r.status_code == 200, path
        assert '<script src="/static/plotly.min.js">' in r.text
    js = client.get("/static/plotly.min.js")
    assert js.status_code == 200
    assert len(js.content) > 1_000_000
    assert client.get("/static/app.js").status_code == 200


def test_upload_a_graph_model(client: TestClient) -> None:
    text = (SCENARIOS / "elmira.gmcr.yaml").read_bytes()
    r = client.post("/api/scenarios/upload", files={"file": ("elmira.yaml", text)})
    assert r.status_code == 201, r.text
    assert r.json()["id"] is None
    assert r.json()["title"].startswith("Elmira")
    assert client.post("/api/gmcr", json={"ref": "data/elmira.yaml"}).status_code == 200
    bad = text.replace(b"gmcr:", b"gmcr:\n  bogus: 1", 1)
    r = client.post("/api/scenarios/upload", files={"file": ("bad.gmcr.yaml", bad)})
    assert r.status_code == 422
    assert _detail(r)["problems"][0]["file"] == "bad.gmcr.yaml"


def test_database_url_is_configurable(settings: Settings, tmp_path: Path) -> None:
    db = tmp_path / "elsewhere" / "runs.sqlite"
    db.parent.mkdir()
    custom = Settings(**{**settings.__dict__, "database_url": f"sqlite:///{db}"})
    with TestClient(create_app(custom)) as c:
        run_id = c.post("/api/simulate", json={"ref": FEARON, "draws": 1024, "seed": 2}).json()[
            "id"
        ]
        assert wait_run(c, run_id)["status"] == "done"
    assert db.is_file()
    assert not (settings.data_dir / "summitry.db").exists()
