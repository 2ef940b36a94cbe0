"""Every setting is documented; the OpenAPI document matches the routes; settings parse."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from forms_lambda.app import create_app
from forms_lambda.domain.definitions import (
    NOTICE_ITEMS,
    DefinitionsError,
    definitions_from_mapping,
    load_definitions,
)
from forms_lambda.domain.yamlfile import load_yaml
from forms_lambda.settings import REPO_ROOT, RESULT_PAGES, SETTINGS, Settings

DOC = (REPO_ROOT / "docs/backend.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_every_setting_is_documented(name: str) -> None:
    assert f"| `{name}` |" in DOC, f"{name} is missing from docs/backend.md"


def test_no_undocumented_setting_is_read() -> None:
    source = "\n".join(p.read_text() for p in (REPO_ROOT / "forms_lambda").rglob("*.py"))
    used = set(re.findall(r"\"(FORMS_[A-Z_]+)\"", source))
    assert used <= set(SETTINGS)
    assert used == set(SETTINGS), "a setting is declared but never read"


def test_defaults_match_the_settings_table() -> None:
    defaults = Settings.from_env({})
    assert defaults.store == "sqlite" and defaults.notify == "outbox"
    assert defaults.rate_limit == int(SETTINGS["FORMS_RATE_LIMIT"][0])
    assert defaults.max_body_bytes == 65536
    assert defaults.booking_rules == REPO_ROOT / "content/data/booking.yml"


@pytest.mark.parametrize(
    ("env", "name"),
    [
        ({"FORMS_STORE": "mysql"}, "FORMS_STORE"),
        ({"FORMS_NOTIFY": "smtp"}, "FORMS_NOTIFY"),
        ({"FORMS_RATE_LIMIT": "lots"}, "FORMS_RATE_LIMIT"),
        ({"FORMS_RATE_LIMIT": "-1"}, "FORMS_RATE_LIMIT"),
        ({"FORMS_ADMIN_SIGNIN_LIMIT": "-1"}, "FORMS_ADMIN_SIGNIN_LIMIT"),
        ({"FORMS_MAX_BODY_BYTES": "10"}, "FORMS_MAX_BODY_BYTES"),
    ],
)
def test_bad_settings_name_the_variable(env: dict[str, str], name: str) -> None:
    with pytest.raises(ValueError, match=name):
        Settings.from_env(env)


def test_settings_from_environment() -> None:
    loaded = Settings.from_env(
        {
            "FORMS_STORE": "dynamodb",
            "FORMS_NOTIFY": "ses",
            "FORMS_STAFF_EMAILS": "a@x.tw, b@x.tw ,",
            "FORMS_RATE_LIMIT": "0",
            "FORMS_SITE_URL": "https://hro.example.gov.tw/",
        }
    )
    assert loaded.staff_emails == ("a@x.tw", "b@x.tw") and loaded.rate_limit == 0
    assert loaded.site_url == "https://hro.example.gov.tw"


def test_result_pages_are_localized_backend_pages(tmp_path: Path) -> None:
    """A static page cannot read its query without JavaScript: the backend renders them."""
    app = create_app(Settings(instance_path=tmp_path))
    routes = {rule.rule for rule in app.url_map.iter_rules()}
    assert "/api/pages/<path:page>" in routes
    for pages in RESULT_PAGES.values():
        assert set(pages) == {"zh-TW", "en"}
        assert pages["en"].startswith("/api/pages/en/")
        assert pages["zh-TW"].startswith("/api/pages/") and "/en/" not in pages["zh-TW"]
        assert all(p.endswith("/") for p in pages.values())


def test_openapi_lists_exactly_the_routes(tmp_path: Path) -> None:
    app = create_app(Settings(instance_path=tmp_path))
    document = app.test_client().get("/api/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add((method.lower(), path))
    documented = {(method, path) for path, item in document["paths"].items() for method in item}
    assert documented == routes
    for path, item in document["paths"].items():
        for operation in item.values():
            assert operation["operationId"] and operation["responses"], path


def test_the_forms_file_gives_every_form_the_six_notice_items() -> None:
    definitions = load_definitions(REPO_ROOT / "content/data/forms.yml")
    assert set(definitions.forms) == {
        "booking",
        "mailbox",
        "complaint",
        "suggestion",
        "survey",
        "personal_data",
    }
    for form in definitions.forms.values():
        assert tuple(form.notice) == NOTICE_ITEMS
        for item in form.notice.values():
            assert item["zh-TW"] and item["en"]
        assert form.retention_days >= 1
    assert definitions.forms["booking"].fields["id_number"] is False  # optional
    assert definitions.handling_days == {"simple": 3, "multi_unit": 5, "complex": 30}


@pytest.mark.parametrize(
    ("questions", "problem"),
    [
        (None, "a form with ratings needs its questions"),
        ("courtesy", "questions: expected a list"),
        ([{"id": "Bad id", "text": {"zh-TW": "x", "en": "x"}}], r"questions\[0\]\.id"),
        ([{"id": "a", "text": {"zh-TW": "甲", "en": "A"}}] * 2, "'a' is used twice"),
        ([{"id": "a", "text": {"zh-TW": "甲"}}], r"questions\[0\]\.text: needs text"),
    ],
)
def test_survey_questions_are_checked(questions: object, problem: str) -> None:
    raw = load_yaml(REPO_ROOT / "content/data/forms.yml")
    office = load_yaml(REPO_ROOT / "content/data/office.yml")
    if questions is None:
        del raw["forms"]["survey"]["questions"]
    else:
        raw["forms"]["survey"]["questions"] = questions
    with pytest.raises(DefinitionsError, match=problem):
        definitions_from_mapping(raw, "forms.yml", office)


def test_personal_data_form_has_its_own_deadline_and_rights_field() -> None:
    form = load_definitions(REPO_ROOT / "content/data/forms.yml").forms["personal_data"]
    assert form.handling_days == 7 and form.requires("right") and not form.collects("subject")


def test_forms_api_serves_the_notices(client) -> None:
    body = client.get("/api/forms").get_json()
    forms_file = Path(__file__).resolve().parents[2] / "content" / "data" / "forms.yml"
    assert body["notice_version"] == load_definitions(forms_file).notice_version
    assert body["forms"]["booking"]["notice"]["rights"]["en"].startswith("Under Article 3")
    data_file = body["forms"]["mailbox"]["personal_data_file"]
    assert (
        data_file["name"]["zh-TW"] == "民眾陳情及意見信箱資料檔" and data_file["legal_basis"]["en"]
    )


def test_create_app_without_arguments_from_the_repository(tmp_path: Path) -> None:
    """What scripts/serve.py does: settings from the environment, SQLite by default."""
    code = (
        "import sys; from forms_lambda.app import create_app; app = create_app(); "
        "r = app.test_client().get('/api/health'); "
        "print(r.status_code, 'boto3' in sys.modules)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORMS_")}
    env["FORMS_INSTANCE_PATH"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == ["200", "False"]


def test_purge_command_deletes_expired_records(tmp_path: Path) -> None:
    from forms_lambda.domain.records import Person
    from forms_lambda.store.sqlite import SqliteStore

    store = SqliteStore(tmp_path / "forms.sqlite3")
    store.save_person(Person("expired", expires_at=1_000))
    store.save_person(Person("kept", expires_at=4_000_000_000))
    store.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORMS_")}
    env.update(FORMS_INSTANCE_PATH=str(tmp_path), FORMS_SECRET_KEY="x")
    result = subprocess.run(
        [sys.executable, "-m", "forms_lambda.purge"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "people: 1 deleted" in result.stdout
    store = SqliteStore(tmp_path / "forms.sqlite3")
    assert store.get_person("expired") is None and store.get_person("kept") is not None


def test_logs_hold_no_personal_data(client, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    secret_bits = {
        "name": "王小明",
        "phone": "0912-345-678",
        "email": "ming@example.com",
        "id_number": "A123456789",
    }
    from .conftest import booking_payload, feedback_payload

    answer = client.post("/api/bookings", json=booking_payload(**secret_bits))
    assert answer.status_code == 201
    client.post("/api/feedback", json=feedback_payload(name="王小明", email="ming@example.com"))
    client.get(f"/api/bookings/{answer.get_json()['reference']}?token={answer.get_json()['token']}")
    logged = caplog.text + json.dumps([r.args for r in caplog.records], default=str)
    assert "booking created" in caplog.text
    for value in [*secret_bits.values(), "+886912345678", answer.get_json()["token"]]:
        assert value not in logged


def test_notice_agency_comes_from_office_facts() -> None:
    """Name, phone and e-mail are kept once, in office.yml, not retyped in forms.yml."""
    data = Path(__file__).resolve().parents[2] / "content" / "data"
    office_text = (data / "office.yml").read_text(encoding="utf-8")
    agency = load_definitions(data / "forms.yml").forms["booking"].notice["agency"]
    for lang in ("zh-TW", "en"):
        assert agency[lang].split("（")[0].split(" (")[0] in office_text
    common = load_yaml(data / "forms.yml")["common"]
    assert "agency" not in common


def test_office_name_comes_from_office_yml_unless_set(tmp_path: Path) -> None:
    """E-mails and .ics name the office from office.yml, the one file an office edits."""
    from dataclasses import replace

    from forms_lambda.backend import office_names
    from forms_lambda.domain.definitions import load_definitions

    from .conftest import make_settings

    settings = make_settings(tmp_path)
    definitions = load_definitions(settings.definitions)
    office = load_yaml(REPO_ROOT / "content/data/office.yml")
    assert office_names(settings, definitions) == office["name"]
    named = replace(settings, office_name_zh="某某戶政事務所", office_name_en="Some HRO")
    assert office_names(named, definitions) == {"zh-TW": "某某戶政事務所", "en": "Some HRO"}
    with pytest.raises(ValueError, match=r"office\.yml"):
        office_names(settings, replace(definitions, office_names=None))
