"""Issue #18 (documents): the invitation asks for the point's own deadline, as
extended, and the rule under the national motto is a drawn line below the words."""

from datetime import timedelta

import pypdfium2
import pytest

from documents.selectors import deadline_words
from documents.services import rendered
from participants.models import DelegateList
from tests.documents import pdfcheck

pytestmark = pytest.mark.django_db

DPI = 200


def test_the_invitation_follows_the_points_extended_deadline(bac_ninh_point):
    conference = bac_ninh_point.conference
    before = pdfcheck.flat_text(rendered.invitation(bac_ninh_point).read())
    extended = conference.delegate_list_deadline + timedelta(days=2)
    DelegateList.objects.filter(point=bac_ninh_point).update(
        deadline_extended_to=extended
    )
    bac_ninh_point.refresh_from_db()

    after = pdfcheck.flat_text(rendered.invitation(bac_ninh_point).read())

    expected = deadline_words(extended)
    assert f"trên Cổng thông tin Hội nghị trước {expected}." in after
    assert expected not in before


def _grey(pdf: bytes):
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=DPI / 72).to_pil().convert("L")
    return image, image.load()


def test_the_motto_rule_is_a_line_below_the_descenders(bac_ninh_point):
    image, pixels = _grey(rendered.invitation(bac_ninh_point).read())
    width, height = image.size
    right = range(width // 2, width)
    top = int(60 / 25.4 * DPI)  # the header is in the top 60 mm

    def dark_run(y):
        longest = run = 0
        for x in right:
            run = run + 1 if pixels[x, y] < 128 else 0
            longest = max(longest, run)
        return longest

    # The rule: the longest horizontal dark run in the motto's column (a line as
    # wide as the motto, some 60 mm), not a row of letters.
    runs = {y: dark_run(y) for y in range(top)}
    rule_y = max(runs, key=runs.get)
    assert runs[rule_y] > 40 / 25.4 * DPI
    xs = [x for x in right if pixels[x, rule_y] < 128]
    span = range(min(xs), max(xs) + 1)
    rule_rows = [y for y in range(rule_y - 3, rule_y + 4) if runs[y] > len(span) * 0.9]
    below = max(rule_rows) + 1
    # Nothing of a letter crosses the rule: the rows just under it are blank over
    # its whole width (a descender cut by an underline would show there).
    for y in range(below, below + int(0.3 / 25.4 * DPI)):
        assert all(pixels[x, y] >= 128 for x in span), y
    # And the words sit above it, with their descenders clear of it.
    above = [
        y
        for y in range(rule_y - int(8 / 25.4 * DPI), min(rule_rows))
        if any(pixels[x, y] < 128 for x in span)
    ]
    gap_mm = (min(rule_rows) - max(above) - 1) / DPI * 25.4
    assert gap_mm >= 0.3, gap_mm
