"""The backdrop: the title broken between phrases, and every point's backdrop at
every size of plan 5774 legible from the back of a hall and inside its margins."""

import itertools
from pathlib import Path

import pytest
from django.conf import settings
from fontTools.ttLib import TTFont

from documents import selectors
from documents.services import backdrop, rendered
from tests.documents import pdfcheck
from tests.plan5774 import DEFAULT_PLAN, load_plan

PLAN_TITLE = (
    "TRIỂN KHAI ĐỀ ÁN “XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA CÁC BỘ, CƠ QUAN "
    "NGANG BỘ, ỦY BAN NHÂN DÂN CÁC TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG” GIAI "
    "ĐOẠN 2022 - 2030 VÀ KẾ HOẠCH XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022"
)
# Pairs of words no line may end between: the phrases the plan's own layout broke.
NEVER_APART = [("XÁC", "ĐỊNH"), ("GIAI", "ĐOẠN"), ("2022", "-"), ("-", "2030")]


def _cut_between(lines: list[str]) -> set[tuple[str, str]]:
    return {(a.split()[-1], b.split()[0]) for a, b in itertools.pairwise(lines)}


def test_the_plans_title_breaks_into_three_lines_between_phrases():
    lines = backdrop.break_title(PLAN_TITLE, lines=3)

    assert lines == [
        "TRIỂN KHAI ĐỀ ÁN “XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA CÁC BỘ,",
        "CƠ QUAN NGANG BỘ, ỦY BAN NHÂN DÂN CÁC TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG”",
        "GIAI ĐOẠN 2022 - 2030 VÀ KẾ HOẠCH XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022",
    ]


@pytest.mark.parametrize("count", [2, 3])
def test_a_title_line_ends_only_where_a_phrase_does(count):
    lines = backdrop.break_title(PLAN_TITLE, lines=count)

    assert len(lines) == count
    assert " ".join(lines) == PLAN_TITLE
    for before, after in _cut_between(lines):
        assert (before, after) not in NEVER_APART
        assert (
            before.endswith((",", "”"))
            or after.startswith("“")
            or after in ("VÀ", "CỦA", "GIAI", "NĂM", "VỀ", "TẠI", "THEO")
        ), (before, after)


def test_year_and_period_words_start_a_phrase_only_before_their_number():
    words = "KẾ HOẠCH 5 NĂM VÀ NĂM 2022 GIAI ĐOẠN 2022 GIAI CẤP".split()

    starts = [words[i] for i in backdrop.phrase_breaks(words)]

    assert starts == ["VÀ", "NĂM", "GIAI"]  # not "NĂM VÀ", not "GIAI CẤP"


def test_a_title_without_a_phrase_boundary_breaks_between_words():
    title = "HỘI THẢO KHOA HỌC QUỐC GIA CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC HIỆN ĐẠI"

    lines = backdrop.break_title(title, lines=2)

    assert len(lines) == 2
    assert " ".join(lines) == title


def _cap_height_em() -> float:
    font = TTFont(
        Path(settings.BASE_DIR) / "static" / "fonts" / "LiberationSerif-Regular.ttf"
    )
    return font["OS/2"].sCapHeight / font["head"].unitsPerEm


def _text_heights_mm(pdf: bytes) -> dict[str, float]:
    """Each line of text drawn, with its height (the font size as the PDF sets it,
    times the text and current matrices' vertical scale), in millimetres."""
    heights: dict[str, float] = {}

    def visit(text, cm, tm, font_dict, font_size):
        if not text.strip():
            return
        # The vertical scale of tm × cm (no rotation on a backdrop).
        b = tm[2] * cm[0] + tm[3] * cm[2]
        d = tm[2] * cm[1] + tm[3] * cm[3]
        size = font_size * (b * b + d * d) ** 0.5 / pdfcheck.MM
        key = text.strip()
        heights[key] = min(size, heights.get(key, size))

    pdfcheck.reader(pdf).pages[0].extract_text(visitor_text=visit)
    return heights


@pytest.mark.django_db
def test_every_points_backdrop_at_every_size_is_legible_and_inside_its_margins():
    """Plan 5774's 64 points (the main one and 63 provinces) at each of its sizes,
    each backdrop rendered once.

    Legibility rule (what "readable from the back of the hall" means here):
    - the farthest seat is 6 picture heights away, as audio-visual practice puts it
      for reading text (the "4-6-8" rule), the picture being 16:9 as wide as the
      backdrop: 6 × 9/16 × width = 3.4 widths (10.8 m for the 3.2 m screen,
      16.2 m for the 4.8 m banner);
    - a capital letter reads up to 300 times its height away (the sign-makers'
      rule of thumb, 1 inch per 25 feet);
    - so the smallest capital must be at least 3.4 × width / 300, and the smallest
      text (its font size, the em) that divided by the font's cap height (Liberation
      Serif: 0.655 em): 1.7 % of the backdrop's width (55 mm on the screen, 83 mm
      on the banner).
    And every text run inside the margins the backdrop's @page rule declares.
    """
    conference = load_plan(path=DEFAULT_PLAN)
    sizes = list(selectors.backdrop_sizes())
    points = list(conference.points.select_related("unit", "conference"))
    assert {(s.width_mm, s.height_mm) for s in sizes} == {(3200, 1800), (4800, 1200)}
    assert len(points) == 64
    cap = _cap_height_em()
    problems = []
    smallest: dict[int, float] = {}
    with selectors.memoised(conference):
        for size in sizes:
            minimum = size.width_mm * 6 * 9 / 16 / 300 / cap
            for point in points:
                data = selectors.backdrop_data(point, size)
                laid_out = backdrop.layout(data)
                pdf = rendered.backdrop_spec(point, size).make()
                label = f"{data['point_line']} {size.width_mm}x{size.height_mm}"

                assert len(pdfcheck.reader(pdf).pages) == 1, label
                # One text run per line, each on its own line (pdfium's runs).
                lines = [box.what for box in pdfcheck.text_boxes(pdf)]
                assert lines == [
                    data["organiser"],
                    data["heading"],
                    *laid_out.lines,
                    data["point_line"],
                    data["date_line"],
                ], label
                assert 2 <= len(laid_out.lines) <= 3, label
                heights = _text_heights_mm(pdf)
                least = min(heights.values())
                smallest[size.width_mm] = min(least, smallest.get(size.width_mm, least))
                if least < minimum:
                    problems.append(f"{label}: {least:.1f} mm < {minimum:.1f} mm")
                margins = pdfcheck.declared_margins(
                    stylesheets=rendered.STYLESHEETS["backdrop"],
                    css=laid_out.css,
                    page="backdrop",
                    size_mm=(size.width_mm, size.height_mm),
                )
                assert margins.left == pytest.approx(size.width_mm * 0.04, abs=0.1)
                problems += [
                    f"{label}: {x}" for x in pdfcheck.margin_crossings(pdf, margins)
                ]
    assert not problems, "\n".join(problems)
    # The plan's main point and provinces, whatever their names: large type.
    assert smallest[3200] >= 55 and smallest[4800] >= 83, smallest
