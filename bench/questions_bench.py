"""Time the conference record of questions and comments (.xlsx and PDF), and the
pages that list them, at a conference's real size.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/questions_bench.py

Creates the database `portal_questions_bench` on DATABASE_URL's server (dropping it
first), migrates it, seeds 63 points, 20 questions per point (1,260: texts of
200–500 characters, two answered in three with 300–900 characters, a few merged)
and a draft of 10 sections with 3 comments per point (189), then measures. Prints
one JSON object, on its last line. `--keep` leaves the database in place;
`--questions N` sets the questions per point.

The PDF is made by a worker (questions.tasks.export_record) when it takes more than
about 2 s in a request; this bench is what decided it.
"""

import io
import json
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_db import drop_database, fresh_database  # noqa: E402
from dashboard_bench import calibration_ms  # noqa: E402

BENCH_DB = "portal_questions_bench"
POINTS = 63
REQUESTS = 10
WORDS = (
    "đề nghị hướng dẫn cách chấm điểm tiêu chí thành phần tài liệu kiểm chứng "
    "cải cách hành chính kế hoạch năm 2022 Ủy ban nhân dân tỉnh Sở Nội vụ thủ tục "
    "dịch vụ công trực tuyến mức độ hài lòng người dân doanh nghiệp phần mềm "
    "đánh giá điểm thưởng điểm trừ lĩnh vực tự chủ tài chính đơn vị sự nghiệp"
).split()


def _text(rng: random.Random, low: int, high: int) -> str:
    size = rng.randint(low, high)
    words = []
    while sum(len(w) + 1 for w in words) < size:
        words.append(rng.choice(WORDS))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def seed(per_point: int):
    from django.utils import timezone

    from plans.services.demo import fill_demo_conference
    from questions.enums import Disposition, DraftStatus, QuestionStatus, Topic
    from questions.models import DraftGuidance, DraftSection, Question, SectionComment

    now = timezone.now()
    conference = fill_demo_conference(
        points=POINTS, delegates=1, day=date.today() + timedelta(days=10),
        today=date.today(),
    ).conference  # fmt: skip
    points = list(conference.points.filter(is_main=False).order_by("pk"))
    rng = random.Random(5774)
    topics = list(Topic)
    rows, number = [], 0
    for point in points:
        for index in range(per_point):
            number += 1
            answered = index % 3 != 2
            rows.append(
                Question(
                    conference=conference,
                    number=number,
                    point=point,
                    topic=topics[number % len(topics)],
                    text=_text(rng, 200, 500),
                    asked_at=now,
                    status=QuestionStatus.ANSWERED_IN_WRITING
                    if answered
                    else QuestionStatus.NEW,
                    answer=_text(rng, 300, 900) if answered else "",
                    answered_at=now if answered else None,
                    is_public=answered and index % 2 == 0,
                )
            )
    Question.objects.bulk_create(rows, batch_size=500)
    draft = DraftGuidance.objects.create(
        conference=conference,
        title="Dự thảo Hướng dẫn chấm điểm năm 2022",
        status=DraftStatus.OPEN,
        created_at=now,
    )
    sections = DraftSection.objects.bulk_create(
        DraftSection(draft=draft, order=n, title=f"Lĩnh vực {n}") for n in range(1, 11)
    )
    SectionComment.objects.bulk_create(
        SectionComment(
            conference=conference,
            section=sections[(i + j) % len(sections)],
            point=point,
            text=_text(rng, 150, 600),
            created_at=now,
            disposition=Disposition.ACCEPTED if j else Disposition.PENDING,
            response=_text(rng, 100, 300) if j else "",
        )
        for i, point in enumerate(points)
        for j in range(3)
    )
    return conference, points[0]


def p50(samples):
    return round(statistics.median(samples), 1)


def timed_ms(fn, n=REQUESTS):
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return p50(samples)


def measure(conference, point, organiser, province) -> dict:
    from django.urls import reverse
    from django.utils import timezone
    from pypdf import PdfReader

    from questions.record.pdf import record_pdf
    from questions.record.rows import record_of
    from questions.record.xlsx import record_xlsx

    now = timezone.now()
    started = time.perf_counter()
    record = record_of(conference=conference, now=now)
    rows_s = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    xlsx = record_xlsx(record)
    xlsx_s = round(time.perf_counter() - started, 2)
    record_pdf(record_of(conference=conference, now=now))  # warm the renderer
    started = time.perf_counter()
    pdf = record_pdf(record)
    pdf_s = round(time.perf_counter() - started, 2)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"rows {rows_s} s, xlsx {xlsx_s} s, pdf {pdf_s} s", file=sys.stderr)
    triage_url = reverse("questions:triage_list", args=[conference.slug])
    queue_url = reverse("questions:queue", args=[conference.slug])
    own_url = reverse("questions:point_questions", args=[point.pk])
    for url, client in ((triage_url, organiser), (own_url, province)):
        assert client.get(url).status_code == 200
    return {
        # ~50 ms on an idle core: a shared machine's figures read against it.
        "calibration_ms": calibration_ms(),
        "points": conference.points.filter(is_main=False).count(),
        "questions": len(record.questions),
        "comments": len(record.comments),
        "rows_s": rows_s,
        "xlsx_s": xlsx_s,
        "xlsx_bytes": len(xlsx),
        "pdf_s": pdf_s,
        "pdf_pages": pages,
        "pdf_bytes": len(pdf),
        "triage_list_ms_p50": timed_ms(lambda: organiser.get(triage_url)),
        "queue_panel_ms_p50": timed_ms(
            lambda: organiser.get(queue_url, headers={"HX-Request": "true"})
        ),
        "province_page_ms_p50": timed_ms(lambda: province.get(own_url)),
        "job_threshold_s": 2.0,
    }


def main() -> None:
    keep = "--keep" in sys.argv[1:]
    per_point = 20
    if "--questions" in sys.argv:
        per_point = int(sys.argv[sys.argv.index("--questions") + 1])
    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal")
    os.environ["DATABASE_URL"] = fresh_database(server, BENCH_DB)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ["PORTAL_DEMO_MODE"] = "true"

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    from accounts.services import sync_role_groups
    from tests import factories

    settings.DEMO_MODE = True
    settings.ALLOWED_HOSTS = ["testserver"]
    try:
        call_command("migrate", verbosity=0)
        sync_role_groups()
        conference, point = seed(per_point)
        organiser = Client()
        organiser.force_login(factories.organiser(username="cchc-bench"))
        province = Client()
        province.force_login(factories.province_staff(point.unit, username="snv-bench"))
        result = measure(conference, point, organiser, province)
    finally:
        connections.close_all()
        if not keep:
            drop_database(server, BENCH_DB)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
