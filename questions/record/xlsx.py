"""The conference record as .xlsx: a sheet of questions and answers, a sheet of
comments on the drafts. Every cell goes through `common.xlsx` (text cells, formulas
neutralised); this is the app's only use of it."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from xlsxwriter.utility import xl_col_to_name

from common.xlsx import Workbook

from .rows import Record

HEADER_STYLE = {
    "bold": True,
    "font_color": "#FFFFFF",
    "bg_color": "#1F4E79",
    "pattern": 1,
    "valign": "vcenter",
    "text_wrap": True,
}


def _columns_questions():
    return [
        ("number", pgettext("question number", "No."), 6),
        ("province", _("Province"), 22),
        ("kind", _("Kind"), 14),
        ("topic", _("Topic"), 24),
        ("slot", _("Agenda slot"), 12),
        ("text", _("Question or proposal"), 60),
        ("asked_at", _("Sent at"), 17),
        ("asked_by", _("Sent by"), 20),
        ("status", _("Status"), 22),
        ("merged_into", _("Merged into"), 10),
        ("answer", _("Answer"), 70),
        ("public", _("Shown to every province"), 12),
        ("answered_at", _("Answered at"), 17),
        ("answered_by", _("Answered by"), 20),
    ]


def _columns_comments():
    return [
        ("draft", _("Draft"), 30),
        ("section", _("Section"), 30),
        ("province", _("Province"), 22),
        ("text", _("Comment text"), 60),
        ("attachment", _("Attachment"), 20),
        ("sent_at", _("Sent at"), 17),
        ("sent_by", _("Sent by"), 20),
        ("disposition", _("Disposition"), 20),
        ("response", _("Response"), 60),
        ("responded_at", _("Responded at"), 17),
    ]


def _sheet(book: Workbook, title: str, columns, rows: list[dict], header) -> None:
    sheet = book.add_sheet(title)
    for index, (_key, _label, width) in enumerate(columns):
        sheet.set_column(index, index, width)
    sheet.freeze_panes(1, 0)
    book.write_row(
        sheet, row=1, values=[label for _key, label, _width in columns], style=header
    )
    for number, row in enumerate(rows, start=2):
        book.write_row(
            sheet, row=number, values=[row[key] for key, _label, _width in columns]
        )
    last_column = xl_col_to_name(len(columns) - 1)
    sheet.autofilter(f"A1:{last_column}{max(len(rows), 1) + 1}")


def record_xlsx(record: Record) -> bytes:
    """The record as .xlsx bytes."""
    book = Workbook()
    header = book.style(**HEADER_STYLE)
    _sheet(book, _("Questions"), _columns_questions(), record.questions, header)
    _sheet(book, _("Comments on drafts"), _columns_comments(), record.comments, header)
    return book.content()
