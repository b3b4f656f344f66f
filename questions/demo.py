"""Demo content for `make run` and the page sweeps: a draft open for comments, a
few questions in each state. Created once per conference, through the services."""

from datetime import datetime, timedelta

from accounts.enums import Role
from accounts.models import User
from conference.models import BridgePoint, Conference

from . import selectors
from .enums import DraftStatus, QuestionKind, QuestionStatus, Topic
from .models import DraftGuidance, Question
from .services import guidance, questions

SECTIONS = (
    (
        "Phạm vi, đối tượng áp dụng",
        "Hướng dẫn này áp dụng đối với Ủy ban nhân dân các tỉnh, thành phố trực "
        "thuộc Trung ương khi tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2022.",
    ),
    (
        "Lĩnh vực 1: Công tác chỉ đạo, điều hành cải cách hành chính",
        "Tiêu chí 1.1 Kế hoạch cải cách hành chính năm; tiêu chí 1.2 Tổ chức thực "
        "hiện kế hoạch; tiêu chí 1.3 Công tác tuyên truyền cải cách hành chính.",
    ),
    (
        "Lĩnh vực 6: Cải cách tài chính công",
        "Tiêu chí 6.1 Thực hiện giải ngân kế hoạch vốn đầu tư công; tiêu chí 6.2 "
        "Cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập.",
    ),
    ("Phương pháp chấm điểm và thang điểm", ""),
)
QUESTIONS = (
    (
        QuestionKind.QUESTION,
        Topic.SCORING,
        "Đề nghị Vụ CCHC hướng dẫn cách chấm điểm tiêu chí 1.3 khi tỉnh lồng ghép "
        "tuyên truyền cải cách hành chính vào chương trình phổ biến pháp luật.",
    ),
    (
        QuestionKind.PROPOSAL,
        Topic.SCHEME,
        "Kiến nghị giảm số tài liệu kiểm chứng phải tải lên phần mềm đối với các "
        "tiêu chí đã có số liệu trên Cổng Dịch vụ công quốc gia.",
    ),
    (
        QuestionKind.QUESTION,
        Topic.PLAN_2022,
        "Thời hạn gửi báo cáo tự đánh giá, chấm điểm năm 2022 là ngày nào?",
    ),
)


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _province_points(conference: Conference) -> list[BridgePoint]:
    with_staff = User.objects.filter(role=Role.PROVINCE_STAFF).values("province")
    return list(
        BridgePoint.objects.filter(
            conference=conference, is_main=False, unit__in=with_staff
        )
        .select_related("conference", "unit")
        .order_by("unit__code")[:3]
    )


def seed_demo_questions(*, conference: Conference, now: datetime) -> None:
    """Add the demo draft and questions to a conference that has none."""
    if (
        Question.objects.filter(conference=conference).exists()
        or DraftGuidance.objects.filter(conference=conference).exists()
    ):
        return
    points = _province_points(conference)
    if not points or not selectors.questions_open(conference=conference, now=now):
        return
    organiser = _user("cchc")
    draft = guidance.create_draft(
        conference=conference,
        title="Dự thảo Hướng dẫn chấm điểm Chỉ số cải cách hành chính cấp tỉnh năm 2022",
        comment_deadline=conference.starts_at + timedelta(days=7),
        by=organiser,
        now=now,
    )
    sections = [
        guidance.add_section(draft=draft, title=title, text=text, by=organiser)
        for title, text in SECTIONS
    ]
    draft = guidance.update_draft(
        draft=draft,
        title=draft.title,
        status=DraftStatus.OPEN,
        comment_deadline=draft.comment_deadline,
        expected_version=draft.version,
        by=organiser,
    )
    first = points[0]
    staff = _user(f"snv-{first.unit.code}")
    guidance.add_comment(
        section=sections[1],
        point=first,
        text="Đề nghị bổ sung hướng dẫn tài liệu kiểm chứng cho tiêu chí 1.3.",
        by=staff,
        now=now,
    )
    asked = [
        questions.submit_question(
            point=points[index % len(points)],
            data={"kind": kind, "topic": topic, "text": text},
            by=_user(f"snv-{points[index % len(points)].unit.code}"),
            now=now,
        )
        for index, (kind, topic, text) in enumerate(QUESTIONS)
    ]
    questions.triage_question(
        question=asked[0],
        status=QuestionStatus.ANSWERED_IN_WRITING,
        answer=(
            "Hoạt động tuyên truyền lồng ghép được tính điểm khi có kế hoạch hoặc văn "
            "bản chỉ đạo nêu rõ nội dung cải cách hành chính và có báo cáo kết quả."
        ),
        is_public=True,
        published_text="",
        expected_version=asked[0].version,
        by=organiser,
        now=now,
        notify=False,
    )
    questions.triage_question(
        question=asked[1],
        status=QuestionStatus.AT_CONFERENCE,
        answer="",
        is_public=False,
        published_text="",
        expected_version=asked[1].version,
        by=organiser,
        now=now,
        notify=False,
    )
