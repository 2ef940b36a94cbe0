"""The parts a paper form is made of, independent of the file format that prints it.

A form is a list of blocks (title, headings, paragraphs, tables of labelled boxes, notes). The
same list is written as an ODF text document or as an ODF spreadsheet, so the content of a form
is typed once, in ``scripts/formgen/forms.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Text:
    """Chinese text with its English subtitle (either may be empty)."""

    zh: str = ""
    en: str = ""


@dataclass(frozen=True)
class Cell:
    """One box of a form table: a printed label, a choice line, or an empty box to write in."""

    zh: str = ""
    en: str = ""
    span: int = 1
    label: bool = False  # grey background: printed text, not for writing
    align: str = "start"  # start | center


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    height_cm: float = 0.9  # the minimum height: room to write by hand


@dataclass(frozen=True)
class Table:
    """A grid of boxes; ``widths_cm`` gives each column's width."""

    widths_cm: tuple[float, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Title:
    text: Text


@dataclass(frozen=True)
class Heading:
    text: Text


@dataclass(frozen=True)
class Paragraph:
    text: Text
    small: bool = False


@dataclass(frozen=True)
class Notes:
    """Numbered instructions (注意事項), each item in Chinese with its English version."""

    heading: Text
    items: tuple[Text, ...]


Block = Title | Heading | Paragraph | Table | Notes


@dataclass(frozen=True)
class Form:
    """One downloadable form: its catalog id, file kind and content."""

    id: str
    title: Text
    kind: str  # "odt" (text document) or "ods" (spreadsheet)
    blocks: tuple[Block, ...] = field(default_factory=tuple)
