"""participants 0005 and conference 0006 move a database's lists off the points: the
state, its history (who, when, why) and every grant of the moved permissions."""

from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.services import sync_role_groups
from participants.history import history_of_point
from participants.models import DelegateList
from tests.factories import VN

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("participants", "0004_delegate_creation_token"),
    ("readiness", "0002_readiness_rows_versioned"),
]
CONFERENCE_BEFORE = (
    "conference",
    "0005_bridge_point_room_capacity_and_whole_decision_reason",
)
AT = datetime(2022, 11, 18, 9, 0, tzinfo=VN)
REASON = "Tỉnh xin bổ sung đại biểu của Sở Tư pháp. " * 8  # 336 characters


@pytest.fixture
def old_database():
    """The schema before the move, migrated forward again however the test ends."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor.loader.build_graph()
    # Every app as migrated now: the others at their last migration.
    others = [
        node
        for node in executor.loader.graph.leaf_nodes()
        if node[0] not in {"participants", "readiness", "conference"}
    ]
    yield executor.loader.project_state([*others, *BEFORE, CONFERENCE_BEFORE]).apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _old_point(apps):
    """A submitted, then reopened, list of Hà Nội, with its history, on the point."""
    User = apps.get_model("accounts", "User")
    staff = User.objects.create(username="snv-01", first_name="Trần An", password="!")
    organiser = User.objects.create(username="cchc", first_name="Lê Bình", password="!")
    unit_set = apps.get_model("conference", "AdministrativeUnitSet").objects.create(
        code="vn-2022", name="63 tỉnh", effective_from=datetime(2008, 8, 1).date()
    )
    unit = apps.get_model("conference", "AdministrativeUnit").objects.create(
        unit_set=unit_set, code="01", name="Hà Nội", kind="central_city"
    )
    conference = apps.get_model("conference", "Conference").objects.create(
        slug="hoi-nghi",
        title="Hội nghị",
        short_title="Hội nghị",
        plan_number="5774/KH-BNV",
        main_venue="Bộ Nội vụ",
        starts_at=datetime(2022, 11, 22, 8, tzinfo=VN),
        delegate_list_deadline=datetime(2022, 11, 20, 23, 59, tzinfo=VN),
        unit_set=unit_set,
    )
    extended = datetime(2022, 11, 21, 17, tzinfo=VN)
    point = apps.get_model("conference", "BridgePoint").objects.create(
        conference=conference,
        unit=unit,
        name="Điểm cầu UBND thành phố Hà Nội",
        room="Phòng 2",
        registration_status="reopened",
        submitted_at=AT,
        submitted_by=staff,
        deadline_extended_to=extended,
        list_version=4,
    )
    history = apps.get_model("conference", "HistoricalBridgePoint")
    fields = {
        "id": point.pk,
        "conference_id": conference.pk,
        "unit_id": unit.pk,
        "name": point.name,
        "is_main": False,
        "version": 1,
    }
    submitted = {"submitted_at": AT, "submitted_by_id": staff.pk}
    for minutes, kind, values, user, reason in [
        (0, "+", {"registration_status": "draft", "list_version": 1}, None, None),
        (10, "~", {"registration_status": "submitted", **submitted}, staff, None),
        (20, "~", {"registration_status": "submitted", "room": "Phòng 2", **submitted}, staff, None),  # noqa: E501
        (30, "~", {"registration_status": "reopened", "room": "Phòng 2", **submitted, "deadline_extended_to": extended}, organiser, REASON),  # noqa: E501
    ]:  # fmt: skip
        history.objects.create(
            **{"list_version": 3, **fields, **values},
            history_date=AT + timedelta(minutes=minutes),
            history_type=kind,
            history_user=user,
            history_change_reason=reason,
        )
    return point


def test_the_lists_their_history_and_the_grants_move(old_database):
    point = _old_point(old_database)
    # A grant the roles do not make: it must survive the move too.
    custom = Group.objects.create(name="Lãnh đạo Vụ")
    custom.permissions.add(
        Permission.objects.get(
            content_type__app_label="conference", codename="view_rollup"
        )
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    sync_role_groups()  # as after every migrate

    moved = DelegateList.objects.select_related("point").get(pk=point.pk)
    assert (
        moved.status,
        moved.submitted_at,
        moved.submitted_by.username,
        moved.deadline_extended_to,
        moved.version,
    ) == ("reopened", AT, "snv-01", datetime(2022, 11, 21, 17, tzinfo=VN), 4)
    events = [
        (e.when, e.who, e.subject, sorted(c.label for c in e.changes), e.reason)
        for e in history_of_point(point=moved.point)
    ]
    assert events == [
        (
            AT + timedelta(minutes=30),
            "Lê Bình",
            "danh sách đại biểu",
            ["Gia hạn đến", "Trạng thái danh sách"],
            REASON,
        ),
        (
            AT + timedelta(minutes=20),
            "Trần An",
            "điểm cầu",
            ["Phòng họp"],
            "",
        ),
        (
            AT + timedelta(minutes=10),
            "Trần An",
            "danh sách đại biểu",
            ["Gửi lúc", "Người gửi", "Trạng thái danh sách"],
            "",
        ),
        (AT, "hệ thống", "điểm cầu", [], ""),
    ]
    moved_codenames = {
        (p.content_type.app_label, p.codename)
        for p in Permission.objects.filter(
            codename__in=[
                "manage_own_point",
                "view_rollup",
                "reopen_delegate_list",
                "record_connection_check",
            ]
        )
    }
    assert moved_codenames == {
        ("participants", "manage_own_point"),
        ("participants", "view_rollup"),
        ("participants", "reopen_delegate_list"),
        ("readiness", "record_connection_check"),
    }
    assert list(
        custom.permissions.values_list("content_type__app_label", "codename")
    ) == [("participants", "view_rollup")]
