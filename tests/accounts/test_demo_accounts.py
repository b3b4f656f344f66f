"""`seed_demo --accounts`: the demo accounts of every role, password demo12345."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory

from accounts.enums import ROLE_GROUPS, Role
from accounts.models import User
from conference.models import AdministrativeUnitSet
from plans.services.plan_loader import DEFAULT_PLAN, load_plan
from tasks.models import OrganisationalUnit

PROVINCE_CODES = [
    "01", "02", "04", "06", "08", "10", "11", "12", "14", "15", "17", "19", "20", "22",
    "24", "25", "26", "27", "30", "31", "33", "34", "35", "36", "37", "38", "40", "42",
    "44", "45", "46", "48", "49", "51", "52", "54", "56", "58", "60", "62", "64", "66",
    "67", "68", "70", "72", "74", "75", "77", "79", "80", "82", "83", "84", "86", "87",
    "89", "91", "92", "93", "94", "95", "96",
]  # fmt: skip


def login_request():
    # The login throttle (django-axes) needs the request a login comes with.
    return RequestFactory().post("/login/")


@pytest.fixture
def plan(db):
    return load_plan(path=DEFAULT_PLAN)


def _seed_accounts(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", "--accounts", *args, stdout=out)
    return out.getvalue()


def test_the_ministry_demo_accounts_are_people_of_their_unit(plan):
    # Their name is what the portal shows as who did something (the technician of
    # a connection test defaults to it): a person's name, never the unit's.
    printed = _seed_accounts()

    names = dict(User.objects.values_list("username", "last_name"))
    assert names["tttt"] == "Trần Quốc Bảo"
    for username, unit in [
        ("admin", "Quản trị hệ thống"),
        ("cchc", "Vụ Cải cách hành chính"),
        ("tttt", "Trung tâm Thông tin"),
        ("vpb", "Văn phòng Bộ"),
    ]:
        assert names[username] != unit
        assert f"{names[username]} – {unit}" in printed


def test_seed_demo_accounts_creates_one_account_per_role_and_province(plan):
    _seed_accounts()

    expected = [
        "admin",
        "cchc",
        "tttt",
        "vpb",
        *(f"snv-{code}" for code in PROVINCE_CODES),
    ]
    assert sorted(User.objects.values_list("username", flat=True)) == sorted(expected)
    roles = {u.username: u for u in User.objects.prefetch_related("groups")}
    for username, role in [
        ("admin", Role.ADMIN),
        ("cchc", Role.ORGANISER),
        ("tttt", Role.TECHNICIAN),
        ("snv-46", Role.PROVINCE_STAFF),
    ]:
        user = roles[username]
        assert user.role == role
        assert [g.name for g in user.groups.all()] == [ROLE_GROUPS[role]]
    assert roles["admin"].is_superuser and roles["admin"].is_staff
    assert (roles["vpb"].role, list(roles["vpb"].groups.all())) == ("", [])
    members = {
        unit.code: sorted(m.username for m in unit.members.all())
        for unit in OrganisationalUnit.objects.prefetch_related("members")
    }
    assert members["vu-cchc"] == ["cchc"]
    assert members["van-phong-bo"] == ["vpb"]
    assert members["tttt"] == ["tttt"]
    assert members["ubnd-tinh"] == []
    assert not roles["cchc"].is_staff
    hue = roles["snv-46"].province
    assert (hue.unit_set.code, hue.code, hue.full_name) == (
        "vn-2022",
        "46",
        "Tỉnh Thừa Thiên Huế",
    )
    for code in PROVINCE_CODES:
        assert roles[f"snv-{code}"].province.code == code
        assert roles[f"snv-{code}"].province.unit_set_id == plan.unit_set_id


def test_every_demo_account_can_log_in_with_the_demo_password(plan):
    _seed_accounts()

    client = Client()
    for username in User.objects.values_list("username", flat=True):
        assert client.login(
            request=login_request(), username=username, password="demo12345"
        ), username
        client.logout()
    assert not client.login(
        request=login_request(), username="cchc", password="wrong-password"
    )


def test_seed_demo_accounts_prints_the_table(plan):
    output = _seed_accounts()

    lines = output.splitlines()
    rows = [line.split() for line in lines if line.startswith(("admin", "snv-96"))]
    assert rows[0][0] == "admin" and rows[0][-1] == "demo12345"
    assert rows[1][0] == "snv-96" and rows[1][-1] == "demo12345"
    assert len([line for line in lines if "demo12345" in line]) == 67


def test_seed_demo_accounts_again_resets_the_password(plan):
    _seed_accounts()
    user = User.objects.get(username="snv-01")
    user.set_password("changed-by-someone-1")
    user.save()

    _seed_accounts()

    assert Client().login(
        request=login_request(), username="snv-01", password="demo12345"
    )
    assert User.objects.filter(username__startswith="snv-").count() == 63


def test_seed_demo_accounts_for_a_conference_of_the_2025_set(plan):
    plan.unit_set = AdministrativeUnitSet.objects.get(code="vn-2025")
    plan.save()

    _seed_accounts("--conference", plan.slug)

    assert User.objects.filter(username__startswith="snv-").count() == 34
    gia_lai = User.objects.get(username="snv-52").province
    assert (gia_lai.unit_set.code, gia_lai.name) == ("vn-2025", "Gia Lai")


def test_seed_demo_accounts_is_refused_outside_debug_and_demo_mode(plan, settings):
    settings.DEBUG = False
    settings.DEMO_MODE = False

    with pytest.raises(CommandError):
        _seed_accounts()

    assert User.objects.count() == 0


def test_seed_demo_accounts_needs_a_conference(db):
    with pytest.raises(CommandError, match="load_plan"):
        _seed_accounts()

    assert User.objects.count() == 0
