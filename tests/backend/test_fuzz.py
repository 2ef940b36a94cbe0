"""Bad input never gives a 500: hypothesis throws malformed, oversized and hostile input at every
endpoint of the OpenAPI document (and at the paths it does not list)."""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms_lambda.app import create_app

from .conftest import STAFF_TOKEN, Clock, booking_payload, feedback_payload, make_settings

DOCUMENT = json.loads((Path(__file__).parents[2] / "forms_lambda/api/openapi.json").read_text())
OPERATIONS = sorted(
    (method.upper(), path) for path, item in DOCUMENT["paths"].items() for method in item
)
FUZZ = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

_folder = Path(tempfile.mkdtemp(prefix="forms-fuzz-"))
atexit.register(shutil.rmtree, _folder, ignore_errors=True)
APP = create_app(make_settings(_folder, staff_emails=()), now=Clock())
CLIENT = APP.test_client()

hostile_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "\r\nBcc: x@example.com",
            "../../etc/passwd",
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "=cmd|' /C calc'!A0",
            "%00",
            "𠀋" * 30,
            "A123456789",
            "0912-345-678",
            "2026-11-30T09:00",
            "2026-02-30",
            "true",
            "9" * 400,
            "household",
            "survey",
            "zh-TW",
            "en",
        ]
    ),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | hostile_text,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
content_types = st.sampled_from(
    [
        "application/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "multipart/form-data; boundary=x",
        "text/plain",
        "application/xml",
        "",
        "application/json; charset=latin-1",
        "application/json; charset=utf-8",
    ]
)


@st.composite
def bodies(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["bytes", "json", "booking", "feedback", "form", "big"]))
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "json":
        return json.dumps(draw(json_values)).encode()
    if kind in ("booking", "feedback"):
        base = booking_payload() if kind == "booking" else feedback_payload()
        keys = draw(
            st.lists(
                st.sampled_from(
                    [
                        *sorted(base),
                        "website",
                        "id_number",
                        "note",
                        "rating",
                        "ratings",
                        "rating_courtesy",
                        "right",
                        "kind",
                        "token",
                        "reply",
                        "class",
                        "days",
                    ]
                ),
                max_size=4,
            )
        )
        for key in keys:
            base[key] = draw(json_values)
        return json.dumps(base, ensure_ascii=draw(st.booleans())).encode()
    if kind == "form":
        pairs = draw(st.lists(st.tuples(hostile_text, hostile_text), max_size=6))
        return urlencode(pairs).encode()
    return b"{" + b'"a":"' + b"x" * draw(st.integers(60_000, 70_000)) + b'"}'


@st.composite
def requests(draw: st.DrawFn, method: str, template: str) -> dict:
    path = template
    for name in ("reference", "case_number"):
        if "{" + name + "}" in path:
            value = draw(st.one_of(hostile_text, st.just("20261127-0001"), st.just("B23456789")))
            path = path.replace("{" + name + "}", quote(value, safe="") or "x")
    query = draw(
        st.dictionaries(
            st.sampled_from(["token", "date", "service", "status", "format", "lang", "x"]),
            hostile_text,
            max_size=4,
        )
    )
    headers = {"Content-Type": draw(content_types)}
    if draw(st.booleans()):
        headers["Authorization"] = draw(
            st.sampled_from([f"Bearer {STAFF_TOKEN}", "Bearer x", "Basic Zm9vOmJhcg==", "Bearer"])
        )
    if draw(st.booleans()):
        headers["Idempotency-Key"] = draw(
            st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=255), max_size=30)
        )
    if draw(st.booleans()):
        headers["Accept-Language"] = draw(st.sampled_from(["en", "zh-TW", "fr;q=x", "*", ""]))
    if draw(st.booleans()):
        headers["Cookie"] = draw(st.sampled_from(["lang=en", "lang=\x7f", "lang", "=;;"]))
    body = draw(bodies()) if method == "POST" else b""
    return {
        "method": method,
        "path": path + ("?" + urlencode(query) if query else ""),
        "headers": headers,
        "data": body,
    }


def check(request: dict) -> None:
    answer = CLIENT.open(
        request["path"], method=request["method"], headers=request["headers"], data=request["data"]
    )
    assert answer.status_code < 500, (request, answer.data[:300])
    if answer.mimetype == "application/json":
        json.loads(answer.data)


@pytest.mark.parametrize(("method", "template"), OPERATIONS)
def test_no_endpoint_answers_500(method: str, template: str) -> None:
    @FUZZ
    @given(requests(method, template))
    def run(request: dict) -> None:
        check(request)

    run()


@FUZZ
@given(
    st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]), hostile_text, bodies()
)
def test_unknown_paths_and_methods_never_500(method: str, tail: str, body: bytes) -> None:
    check(
        {
            "method": method,
            "path": "/api/" + quote(tail, safe="/"),
            "headers": {"Content-Type": "application/json"},
            "data": body,
        }
    )
