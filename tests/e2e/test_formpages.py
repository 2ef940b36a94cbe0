"""The build-time form renderer (theme/sitekit/formpages.py), without a browser: services and
notices come from the backend's data files, never from copied text."""

from __future__ import annotations

import pytest

from forms_lambda.domain.definitions import NOTICE_ITEMS, PERSONAL_DATA_RIGHTS
from tests.e2e.conftest import ROOT
from theme.sitekit import formpages
from theme.sitekit.errors import ContentError

BOOKING = ROOT / "content" / "data" / "booking.yml"
FORMS = ROOT / "content" / "data" / "forms.yml"


@pytest.fixture(scope="module")
def data() -> formpages.FormData:
    return formpages.load(BOOKING, FORMS, "booking.yml", "forms.yml")


@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_booking_form_shows_every_service_and_the_whole_notice(data, lang: str) -> None:
    html = formpages.render(data, "booking", lang)
    for service in data.rules.services.values():
        assert f'value="{service.id}"' in html
        assert service.name[lang].replace('"', "&quot;") in html
        assert service.bring[lang].replace("'", "&#x27;") in html
    notice = data.definitions.forms["booking"].notice
    for item in NOTICE_ITEMS:
        assert notice[item][lang].replace("'", "&#x27;").replace('"', "&quot;") in html
    assert 'name="consent" value="true" required' in html
    assert 'action="/api/bookings" method="post"' in html
    assert data.definitions.notice_version in html


def test_survey_has_a_radio_group_in_a_fieldset_per_question(data) -> None:
    html = formpages.render(data, "survey", "en")
    questions = data.definitions.forms["survey"].questions
    assert [qid for qid, _ in questions] == [
        "courtesy",
        "waiting",
        "speed",
        "facilities",
        "overall",
    ]
    assert html.count('<fieldset class="hro-field hro-rating"') == len(questions)
    for qid, text in questions:
        assert f'<legend class="hro-label">{text["en"]}<span' in html
        assert html.count(f'name="rating_{qid}"') == 5
    assert 'name="rating"' not in html and 'name="kind" value="survey"' in html


def test_personal_data_request_is_its_own_case_kind_with_the_five_rights(data) -> None:
    html = formpages.render(data, "personal-data", "zh-TW")
    assert 'name="kind" value="personal_data"' in html
    assert html.count('name="right"') == len(PERSONAL_DATA_RIGHTS) == 5
    assert 'name="subject"' not in html  # the right names the case; no free-text subject
    for right, names in PERSONAL_DATA_RIGHTS.items():
        assert f'value="{right}"' in html and names["zh-TW"] in html
    notice = data.definitions.forms["personal_data"].notice
    assert notice["purpose"]["zh-TW"] in html


def test_an_unknown_marker_names_the_file_and_line(data) -> None:
    markdown = "# Title\n\ntext\n<!-- hro-form: bookng -->\n"
    with pytest.raises(ContentError, match=r"x\.md:4: 未知的表單種類 'bookng'"):
        formpages.expand(markdown, lambda: data, "zh-TW", "x.md")


def test_a_broken_rules_file_stops_the_build(tmp_path) -> None:
    broken = tmp_path / "booking.yml"
    broken.write_text("services:\n  - id: x\n    slot_minutes: 0\n", encoding="utf-8")
    with pytest.raises(ContentError, match="預約規則檔有誤 / the booking rules are wrong"):
        formpages.load(broken, FORMS, "content/data/booking.yml", "forms.yml")
