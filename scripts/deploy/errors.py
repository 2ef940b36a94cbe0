"""The one error type of the deploy: a bilingual message that tells IT staff what to fix."""

from __future__ import annotations


class DeployError(Exception):
    """A problem the person deploying can fix; the deploy stops and changes nothing more."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en
