from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.linkcheck.server import CaseServer

FIXTURE_SITE = Path(__file__).parent / "site"


@pytest.fixture(scope="module")
def case_server() -> Iterator[CaseServer]:
    with CaseServer() as server:
        yield server


@pytest.fixture
def fixture_site() -> Path:
    return FIXTURE_SITE
