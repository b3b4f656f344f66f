"""Issue #18 (e-mails, 4): one quoting rule for the e-mails and the documents:
“…” outside, ‘…’ inside, never "…" nor “ “…” ”."""

import pytest
from django.template import Context, Template

from common.quotes import curly, quoted

TITLE = (
    "Hội nghị triển khai Đề án “Xác định Chỉ số cải cách hành chính” "
    "giai đoạn 2022 - 2030"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hội nghị CCHC", "“Hội nghị CCHC”"),
        (
            TITLE,
            "“Hội nghị triển khai Đề án ‘Xác định Chỉ số cải cách hành chính’ "
            "giai đoạn 2022 - 2030”",
        ),
        # Straight quotes typed in a form are typeset too.
        ('Đề án "Chỉ số" năm 2022', "“Đề án ‘Chỉ số’ năm 2022”"),
        # Already quoted: not quoted twice, its inner quotes kept where they are.
        ("“Hội nghị ‘CCHC’”", "“Hội nghị ‘CCHC’”"),
        ('"Hội nghị"', "“Hội nghị”"),
        # Already one level down inside: left there.
        ("Đề án ‘Chỉ số’", "“Đề án ‘Chỉ số’”"),
        # Three levels: each goes one down, the innermost back to double.
        ("A “B ‘C’ B” A", "“A ‘B “C” B’ A”"),
        # An apostrophe is not a closing quote.
        ("Vietnam’s “PAR Index”", "“Vietnam’s ‘PAR Index’”"),
        # Decomposed Vietnamese is composed, as every document writes it.
        ("Nghe\u0302\u0323 An", "“Nghệ An”"),
    ],
)
def test_quoted(text, expected):
    assert quoted(text) == expected


def test_curly_turns_straight_quotes_by_their_place():
    assert curly('"A" và ("B")') == "“A” và (“B”)"


def test_the_template_filter_is_the_same_rule():
    rendered = Template("{% load quotes %}{{ title|quoted }}|{{ empty|quoted }}")
    assert rendered.render(Context({"title": TITLE, "empty": ""})) == (
        f"{quoted(TITLE)}|"
    )
