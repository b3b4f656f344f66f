"""A conference five days ahead (questions are taken), its programme with the
questions session, Hà Nội and Huế with their staff, and Vụ CCHC."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from questions.enums import DraftStatus, QuestionKind, QuestionStatus, Topic
from questions.services import guidance, questions
from tests import factories
from tests.otp import login_verified


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def now():
    return timezone.now().replace(microsecond=0)


@pytest.fixture
def conference(db, now):
    """Five days ahead: questions are taken (the root conftest's is in 2022)."""
    starts_at = now + timedelta(days=5)
    return factories.ConferenceFactory(
        starts_at=starts_at,
        connection_opens_at=starts_at - timedelta(minutes=30),
        delegate_list_deadline=now + timedelta(days=3),
    )


@pytest.fixture
def open_conference(conference):
    return conference


@pytest.fixture
def slots(open_conference):
    """Plan 5774's slots 4 to 6: the presentation, the plan, the questions session."""
    start = open_conference.starts_at
    rows = [
        (4, 20, 90, "Trình bày Đề án và hướng dẫn chấm điểm"),
        (5, 90, 105, "Triển khai kế hoạch xác định Chỉ số CCHC năm 2022"),
        (
            6,
            105,
            180,
            "Hỏi đáp những vấn đề đại biểu các tỉnh, thành phố quan tâm trao đổi, "
            "thảo luận",
        ),
    ]
    return {
        order: factories.AgendaSlotFactory(
            conference=open_conference,
            order=order,
            starts_at=start + timedelta(minutes=begin),
            ends_at=start + timedelta(minutes=end),
            content=content,
        )
        for order, begin, end, content in rows
    }


@pytest.fixture
def organiser(db):
    return factories.organiser(username="cchc-q", email="cchc@moha.gov.vn")


@pytest.fixture
def organiser_client(organiser):
    client = Client()
    login_verified(client, organiser)
    return client


@pytest.fixture
def hanoi_staff(hanoi):
    return factories.province_staff(
        hanoi, username="snv-01-q", email="snv@hanoi.gov.vn"
    )


@pytest.fixture
def hue_staff(hue):
    return factories.province_staff(hue, username="snv-46-q", email="snv@hue.gov.vn")


@pytest.fixture
def ask(now):
    """Send a question as a province's staff: ask(point, staff, text=..., ...)."""

    def _ask(point, staff, text="Đề nghị hướng dẫn cách chấm tiêu chí 1.3.", **data):
        return questions.submit_question(
            point=point,
            data={
                "kind": data.pop("kind", QuestionKind.QUESTION),
                "topic": data.pop("topic", Topic.SCORING),
                "text": text,
                **data,
            },
            by=staff,
            now=now,
        )

    return _ask


@pytest.fixture
def answer(organiser, now):
    """Answer a question in writing: answer(question, text=..., public=...)."""

    def _answer(question, text="Tiêu chí 1.3 chấm theo kế hoạch năm.", public=False):
        question.refresh_from_db()
        return questions.triage_question(
            question=question,
            status=QuestionStatus.ANSWERED_IN_WRITING,
            answer=text,
            is_public=public,
            published_text="",
            expected_version=question.version,
            by=organiser,
            now=now,
        )

    return _answer


@pytest.fixture
def draft(open_conference, organiser, now):
    """A draft open for comments with two sections."""
    made = guidance.create_draft(
        conference=open_conference,
        title="Dự thảo Hướng dẫn chấm điểm năm 2022",
        by=organiser,
        now=now,
    )
    guidance.add_section(
        draft=made, title="Phạm vi áp dụng", text="Áp dụng cho UBND tỉnh.", by=organiser
    )
    guidance.add_section(
        draft=made,
        title="Lĩnh vực 1",
        text="Công tác chỉ đạo, điều hành.",
        by=organiser,
    )
    return guidance.update_draft(
        draft=made,
        title=made.title,
        status=DraftStatus.OPEN,
        comment_deadline=None,
        expected_version=made.version,
        by=organiser,
    )


def client_of(user) -> Client:
    client = Client()
    login_verified(client, user)
    return client
