"""The Lambda handler with saved API Gateway REST (v1), HTTP API (v2) and ALB events."""

from __future__ import annotations

import base64
import copy
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlencode

import pytest

from forms_lambda.app import create_app
from forms_lambda.handler import event_kind, handle
from forms_lambda.settings import REPO_ROOT

from .conftest import STAFF_TOKEN, Clock, make_settings, with_staff

EVENTS = Path(__file__).parent / "events"


def load(name: str) -> dict:
    return json.loads((EVENTS / name).read_text())


@pytest.fixture
def lambda_app(tmp_path: Path, clock: Clock):
    return with_staff(create_app(make_settings(tmp_path), now=clock))


def body_of(response: dict) -> bytes:
    raw = response.get("body", "")
    return base64.b64decode(raw) if response.get("isBase64Encoded") else raw.encode()


def test_event_kinds_are_recognised() -> None:
    assert event_kind(load("apigw_v1_get_services.json")) == "v1"
    assert event_kind(load("apigw_v2_post_booking.json")) == "v2"
    assert event_kind(load("alb_get_health.json")) == "alb"


@pytest.mark.parametrize(
    "event",
    [
        {},
        {"source": "aws.events"},
        {"_serverless-wsgi": {"command": "exec", "data": "import os"}},
        {"requestPath": "/api/health", "method": "GET", "headers": {}},  # lambda integration
        "not even a dict",
    ],
)
def test_non_http_events_are_refused(lambda_app, event: object) -> None:
    response = handle(lambda_app, event, None)
    assert response["statusCode"] == 400 and "not_an_http_event" in response["body"]


def test_rest_api_v1_under_its_stage(lambda_app) -> None:
    response = handle(lambda_app, load("apigw_v1_get_services.json"), None)
    assert response["statusCode"] == 200
    services = json.loads(body_of(response))
    assert services[0]["id"] == "household"
    assert response["multiValueHeaders"]["Content-Type"] == ["application/json"]
    # the stage (/prod) is the script root: the OpenAPI servers URL carries it
    event = load("apigw_v1_get_services.json")
    event["path"] = "/api/openapi.json"
    document = json.loads(body_of(handle(lambda_app, event, None)))
    assert document["servers"] == [{"url": "/prod"}]


def test_http_api_v2_booking_with_cookies_and_idempotency(lambda_app) -> None:
    event = load("apigw_v2_post_booking.json")
    first = handle(lambda_app, event, None)
    assert first["statusCode"] == 201, body_of(first)
    booking = json.loads(body_of(first))
    assert booking["cancel_url"].startswith(
        "https://forms.south-hro.example.gov.tw/api/pages/en/booking/cancel/?reference="
    )  # lang cookie
    assert first["headers"]["Location"] == f"/api/bookings/{booking['reference']}"
    again = handle(lambda_app, copy.deepcopy(event), None)
    assert json.loads(body_of(again)) == booking


def test_http_api_v2_sets_cookies_in_the_cookies_list(lambda_app) -> None:
    event = load("apigw_v2_post_booking.json")
    event["headers"]["content-type"] = "application/x-www-form-urlencoded"
    del event["headers"]["idempotency-key"]
    event["isBase64Encoded"] = False
    event["body"] = urlencode(
        {
            "service": "household",
            "slot": "2026-11-30T09:30",
            "name": "Kolas Yotaka",
            "phone": "0912-000-111",
            "email": "k@example.com",
            "consent": "on",
            "lang": "zh-TW",
        }
    )
    response = handle(lambda_app, event, None)
    assert response["statusCode"] == 303
    assert response["headers"]["Location"].startswith("/api/pages/booking/done/?reference=")
    assert any(c.startswith("lang=zh-TW") and "Secure" in c for c in response["cookies"])
    assert not any(k.lower() == "set-cookie" for k in response["headers"])


def test_v2_request_cookies_reach_the_app(lambda_app) -> None:
    event = load("apigw_v2_post_booking.json")
    event["isBase64Encoded"] = False
    event["body"] = json.dumps({"service": "household"})
    del event["headers"]["idempotency-key"]
    response = handle(lambda_app, event, None)
    assert response["statusCode"] == 422
    fields = json.loads(body_of(response))["fields"]
    assert fields["name"] == "This field is required."  # English, from the lang=en cookie


def test_alb_health(lambda_app) -> None:
    response = handle(lambda_app, load("alb_get_health.json"), None)
    assert response["statusCode"] == 200 and response["statusDescription"] == "200 OK"
    assert json.loads(body_of(response)) == {"status": "ok"}


def test_base_path_prefix_gives_right_urls(lambda_app, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("API_GATEWAY_BASE_PATH", "forms")
    event = load("apigw_v2_post_booking.json")
    event["rawPath"] = "/forms/api/bookings"
    event["requestContext"]["http"]["path"] = "/forms/api/bookings"
    response = handle(lambda_app, event, None)
    assert response["statusCode"] == 201
    reference = json.loads(body_of(response))["reference"]
    assert response["headers"]["Location"] == f"/forms/api/bookings/{reference}"


def _staff_v1(path: str, query: dict[str, str]) -> dict:
    event = load("apigw_v1_get_services.json")
    event["path"] = path
    event["queryStringParameters"] = query
    event["multiValueQueryStringParameters"] = {k: [v] for k, v in query.items()}
    event["headers"]["Authorization"] = f"Bearer {STAFF_TOKEN}"
    event["multiValueHeaders"]["Authorization"] = [f"Bearer {STAFF_TOKEN}"]
    return event


def test_binary_ods_and_text_ics_are_encoded_right(lambda_app) -> None:
    created = handle(lambda_app, load("apigw_v2_post_booking.json"), None)
    booking = json.loads(body_of(created))
    ods = handle(
        lambda_app, _staff_v1("/api/admin/bookings", {"date": "2026-11-30", "format": "ods"}), None
    )
    assert ods["statusCode"] == 200 and ods["isBase64Encoded"] is True
    archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(ods["body"])))
    assert "王小明" in archive.read("content.xml").decode()
    event = load("alb_get_health.json")
    event["path"] = f"/api/bookings/{booking['reference']}/calendar.ics"
    event["queryStringParameters"] = {"token": booking["token"]}
    ics = handle(lambda_app, event, None)
    assert ics["statusCode"] == 200 and ics["isBase64Encoded"] is False
    assert (
        ics["body"].startswith("BEGIN:VCALENDAR\r\n") and "DTSTART:20261130T010000Z" in ics["body"]
    )
    csv = handle(
        lambda_app, _staff_v1("/api/admin/bookings", {"date": "2026-11-30", "format": "csv"}), None
    )
    assert csv["isBase64Encoded"] is False and "王小明" in csv["body"]


def test_handler_module_imports_without_boto3(tmp_path: Path) -> None:
    """Cold start: the default (SQLite, outbox) configuration never imports boto3."""
    code = (
        "import sys, forms_lambda.handler as h; "
        "print(h.event_kind({'version': '2.0', 'rawPath': '/', 'requestContext': {'http': {}}}),"
        " 'boto3' in sys.modules, 'botocore' in sys.modules)"
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
    assert result.stdout.split() == ["v2", "False", "False"]


def test_dynamodb_configuration_needs_a_secret(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="FORMS_SECRET_KEY"):
        create_app(make_settings(tmp_path, store="dynamodb", secret_key=""))


def test_aws_configuration_end_to_end(tmp_path: Path, clock: Clock, aws_env: None) -> None:
    """FORMS_STORE=dynamodb and FORMS_NOTIFY=ses as deployed: tables and SES emulated by moto."""
    import boto3
    from moto import mock_aws
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    from forms_lambda.store.dynamodb import DynamoStore

    with mock_aws():
        DynamoStore.create_tables(boto3.client("dynamodb"), "hro-forms", "hro-forms-ephemeral")
        boto3.client("ses").verify_email_identity(EmailAddress="noreply@south-hro.example.gov.tw")
        settings = make_settings(tmp_path, store="dynamodb", notify="ses", rate_limit=5)
        aws_app = create_app(settings, now=clock)
        created = handle(aws_app, load("apigw_v2_post_booking.json"), None)
        assert created["statusCode"] == 201, body_of(created)
        booking = json.loads(body_of(created))
        event = load("alb_get_health.json")
        event["path"] = f"/api/bookings/{booking['reference']}"
        event["queryStringParameters"] = {"token": booking["token"]}
        found = json.loads(body_of(handle(aws_app, event, None)))
        assert found["status"] == "confirmed" and found["name"] == "王小明"
        sent = ses_backends[DEFAULT_ACCOUNT_ID]["ap-northeast-1"].sent_messages
        assert len(sent) == 2  # the citizen's confirmation and the staff notice
        items = boto3.client("dynamodb").scan(TableName="hro-forms")["Items"]
        assert all("expires_at" in item for item in items)
        assert not (tmp_path / "forms.sqlite3").exists() and not (tmp_path / "outbox").exists()


def test_rest_api_v1_form_post_with_base64_body(lambda_app) -> None:
    event = load("apigw_v1_get_services.json")
    form = urlencode(
        {
            "service": "marriage",
            "slot": "2026-11-28T09:00",
            "name": "瓦歷斯·諾幹",
            "phone": "+886 4 2222 0000",
            "email": "w@example.com",
            "consent": "on",
        }
    )
    event.update(
        httpMethod="POST",
        path="/api/bookings",
        isBase64Encoded=True,
        body=base64.b64encode(form.encode()).decode(),
    )
    event["multiValueHeaders"]["Content-Type"] = ["application/x-www-form-urlencoded"]
    response = handle(lambda_app, event, None)
    assert response["statusCode"] == 303
    location = response["multiValueHeaders"]["Location"][0]
    assert location.startswith("/api/pages/booking/done/?reference=B")  # Accept-Language zh-TW
