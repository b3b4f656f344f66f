"""Tables the code cuts into pages: the line estimate against WeasyPrint's own
layout, and the pager."""

import random

import pytest

from common.pdf import render as rendering
from common.pdf import tables
from common.pdf.fonts import line_count, text_width_em

WORDS = (
    "Điểm cầu Ủy ban nhân dân xã Đắk Ngo huyện Tuy Đức tỉnh Đắk Nông Thừa Thiên Huế "
    "Bà Rịa - Vũng Tàu phường thị trấn Phó Chánh Văn phòng, phụ trách công tác "
    "kiểm soát thủ tục hành chính W M i l 1 2022"
).split()


def test_line_count_wraps_at_spaces_and_breaks_a_word_wider_than_the_column():
    one = text_width_em("Hội nghị", bold=False)
    assert line_count("", width_em=10) == 1
    assert line_count("Hội nghị", width_em=one) == 1
    assert line_count("Hội nghị Hội nghị", width_em=one * 1.5) == 2
    assert line_count("Hội nghị\nHội nghị", width_em=one * 5) == 2
    word = "X" * 40
    assert line_count(word, width_em=text_width_em("X" * 10, bold=False)) == 4
    # Bold is wider than regular.
    text = "Chủ tịch Ủy ban nhân dân tỉnh " * 6
    width = text_width_em(text, bold=False) / 3
    assert line_count(text, width_em=width, bold=True) > line_count(
        text, width_em=width
    )


@pytest.mark.django_db
@pytest.mark.parametrize("bold", [False, True])
def test_the_estimate_is_never_below_weasyprints_lines_and_hardly_above(bold):
    """200 texts in boxes of random widths, laid out by WeasyPrint: where each box
    ends tells how many lines it took. The estimate is never below, so a page cut
    by the code never overflows, and hardly above, so pages are not left half empty."""
    rng = random.Random(20221122 + bold)
    style = tables.Text(10, 12.5, bold=bold)
    boxes = []
    for index in range(200):
        words = [rng.choice(WORDS) for _ in range(rng.randint(1, 30))]
        if index % 9 == 0:
            words.append("Đ" * rng.randint(5, 60))  # a "word" wider than its box
        boxes.append((f"box{index}", " ".join(words), rng.uniform(40, 300)))
    html = "".join(
        f'<div id="{name}" style="width: {width:.2f}pt; font-size: 10pt; '
        f"line-height: 12.5pt; font-weight: {700 if bold else 400}; "
        f'overflow-wrap: anywhere; break-inside: avoid; margin: 0 0 4pt">{text}</div>'
        for name, text, width in boxes
    )

    rendered = rendering.render(
        template="pdf/tests/sample.html",
        context={"line": "", "raw": html},
        title="t",
        author="a",
        subject="s",
        pdf_variant=None,
    )

    estimated = laid_out = 0
    for name, text, width in boxes:
        anchor = rendered.anchors[name]
        actual = round((anchor.top - anchor.bottom) / style.line_pt)
        estimate = style.lines(text, width)
        assert estimate >= actual, (text, width, estimate, actual)
        estimated, laid_out = estimated + estimate, laid_out + actual
    # A line more now and then (the safety margin, a break after a hyphen).
    assert estimated <= laid_out * 1.06, (estimated, laid_out)


def test_the_pager_keeps_a_heading_with_what_follows_and_reopens_tables():
    pager = tables.Pager(100)
    pager.heading("title", 30)
    for n in range(3):
        pager.row("list", 10, {"n": n}, 20)  # 30 + 10 + 3 × 20 = 100
    pager.heading("part", 10, keep_with_pt=25, text="II")  # with its row: no room
    pager.row("list", 10, {"n": 3}, 15)
    pager.row("list", 10, {"n": 4}, 500)  # taller than a page: alone on one

    assert [page["number"] for page in pager.pages] == [1, 2, 3]
    first, second, third = (page["blocks"] for page in pager.pages)
    assert first == [
        {"kind": "title"},
        {"kind": "list", "rows": [{"n": 0}, {"n": 1}, {"n": 2}]},
    ]
    assert second == [
        {"kind": "part", "text": "II"},
        {"kind": "list", "rows": [{"n": 3}]},
    ]
    assert third == [{"kind": "list", "rows": [{"n": 4}]}]
    assert pager.fits("list", 10, 0) is False
    pager.new_page()
    assert pager.fits("list", 10, 90) and not pager.fits("list", 10, 91)


def test_a_column_width_is_written_with_a_point_whatever_the_locale():
    from django.utils import translation

    with translation.override("vi"):
        assert tables.Column("name", 0.29).css_width == "29.00%"
