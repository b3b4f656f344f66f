"""Every document the portal renders stays inside the margins its @page rule
declares: the invitation, the programme, the backdrop at each size, the roll-up PDF,
the printed list of chairs and delegates and the questions' record.

Each text run (pdfium's text rectangles) and each rule or border is read from the
PDF and compared with the margins parsed from the document's own stylesheets, so a
change to either is checked against the other. The data is plan 5774 as loaded,
with delegates and questions of the longest kinds a province sends."""

from datetime import timedelta

import pytest
from django.utils import timezone

from common.pdf import render as rendering
from dashboard.compiled import build_compiled_pdf
from dashboard.pdfs import build_rollup_pdf
from documents import selectors
from documents.services import backdrop, rendered
from plans.services.demo import fill_demo_conference, seed_demo_content
from questions.record.pdf import STYLESHEETS as RECORD_STYLESHEETS
from questions.record.pdf import record_pdf
from questions.record.rows import record_of
from tests.documents import pdfcheck
from tests.plan5774 import DEFAULT_PLAN, load_plan

pytestmark = pytest.mark.django_db

# A link without a hyphen to break at: wider than any column of the record.
LONG_WORD = "https://drive.google.com/file/d/" + "1Xq9ZtKp3LmN7wRv2BcY8sDfGhJkL4mQ" * 4


def _margins(pdf: bytes, stylesheets, *, page=None, css="") -> pdfcheck.Margins:
    return pdfcheck.declared_margins(
        stylesheets=stylesheets, css=css, page=page, size_mm=pdfcheck.page_size_mm(pdf)
    )


@pytest.fixture
def plan():
    """Plan 5774 ten days ahead (questions are taken), with three delegates at
    each point and the demo's draft and questions, one with a long link."""
    today = timezone.localdate()
    conference = load_plan(path=DEFAULT_PLAN, day=today + timedelta(days=10))
    fill_demo_conference(conference=conference, points=63, delegates=3, today=today)
    seed_demo_content(conference=conference, now=timezone.now())
    return conference


def _documents(conference):
    """(name, PDF, stylesheets, page name, computed css) of every document kind."""
    now = timezone.now()
    bac_ninh = conference.points.get(unit__code="27")
    main = conference.points.get(is_main=True)
    found = [
        (
            "invitation",
            rendered.invitation_spec(bac_ninh).make(),
            rendered.STYLESHEETS["invitation"],
            None,
            "",
        ),
        (
            "programme",
            rendered.programme_spec(conference).make(),
            rendered.STYLESHEETS["programme"],
            None,
            "",
        ),
    ]
    for size in selectors.backdrop_sizes():
        for point in (main, bac_ninh):
            laid_out = backdrop.layout(selectors.backdrop_data(point, size))
            found.append(
                (
                    f"backdrop {size.width_mm}x{size.height_mm} {point}",
                    rendered.backdrop_spec(point, size).make(),
                    rendered.STYLESHEETS["backdrop"],
                    "backdrop",
                    laid_out.css,
                )
            )
    found += [
        (
            "roll-up",
            build_rollup_pdf(conference=conference, now=now, jobs=1).content,
            ("pdf/rollup.css",),
            "landscape",
            "",
        ),
        (
            "printed list",
            build_compiled_pdf(conference=conference, now=now, jobs=1).content,
            ("pdf/compiled.css",),
            "compiled",
            "",
        ),
        (
            "questions' record",
            record_pdf(record_of(conference=conference, now=now)),
            RECORD_STYLESHEETS,
            "landscape",
            "",
        ),
    ]
    return found


def test_every_document_stays_inside_its_declared_margins(plan):
    from questions.enums import QuestionKind, Topic
    from questions.services import questions
    from tests import factories

    # An address with a link the province pasted: nowhere to break.
    plan.points.filter(unit__code="27").update(address=f"Xem bản đồ: {LONG_WORD}")
    hanoi = plan.points.get(unit__code="01")
    staff = factories.province_staff(hanoi.unit, username="snv-01-m")
    questions.submit_question(
        point=hanoi,
        data={
            "kind": QuestionKind.QUESTION,
            "topic": Topic.SCORING,
            "text": f"Đề nghị xem tài liệu tại {LONG_WORD} và hướng dẫn thêm.",
        },
        by=staff,
        now=timezone.now(),
    )
    problems = []
    kinds = set()
    for name, pdf, stylesheets, page, css in _documents(plan):
        kinds.add(name.split()[0])
        margins = _margins(pdf, stylesheets, page=page, css=css)
        problems += [f"{name}: {x}" for x in pdfcheck.margin_crossings(pdf, margins)]
    assert not problems, "\n".join(problems[:40])
    assert kinds == {
        "invitation",
        "programme",
        "backdrop",
        "roll-up",
        "printed",
        "questions'",
    }


def test_the_checker_sees_text_past_the_right_margin(db):
    """The check itself: a line that cannot wrap, wider than the page area, fails."""
    pdf = rendering.render_pdf(
        template="pdf/tests/sample.html",
        context={"line": "", "raw": '<p class="nowrap">' + "Hội nghị " * 40 + "</p>"},
        title="t",
        author="a",
        subject="s",
        pdf_variant=None,
    )
    margins = _margins(pdf, ())
    assert margins == pdfcheck.Margins(top=20, right=15, bottom=20, left=30)
    crossings = pdfcheck.margin_crossings(pdf, margins)
    assert crossings and "right edge" in crossings[0]


def test_no_programme_row_stands_alone_on_the_last_page(plan):
    """The programme's last two rows are kept together (with the signature block
    after them): whichever page they land on holds both."""
    result = rendering.render(
        template=rendered.TEMPLATES["programme"],
        context=selectors.programme_data(plan),
        title="t",
        author="a",
        subject="s",
        stylesheets=rendered.STYLESHEETS["programme"],
    )
    rows = selectors.agenda_rows(plan)
    last, before = rows[-1]["tt"], rows[-2]["tt"]
    anchors = result.anchors
    assert result.page_count == 2  # the plan's 7 rows and the signature
    assert anchors[f"programme-row-{last}"].page == result.page_count - 1
    assert anchors[f"programme-row-{before}"].page == result.page_count - 1
