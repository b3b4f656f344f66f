"""`seed_demo --points N --delegates M`: synthetic conferences at any size."""

import re
import time
import unicodedata
from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from django.utils import timezone

from conference.models import AdministrativeUnitSet, BridgePoint, Conference
from conference.selectors import current_conference
from participants.enums import Agency, DelegateRole
from participants.models import Delegate
from plans.services.plan_loader import DEFAULT_PLAN, load_plan

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _seed(points: int, delegates: int, *args: str) -> str:
    out = StringIO()
    call_command(
        "seed_demo", "--points", str(points), "--delegates", str(delegates), *args,
        stdout=out,
    )  # fmt: skip
    return out.getvalue()


def _chairs_per_point(conference) -> set[int]:
    counts = BridgePoint.objects.filter(conference=conference).annotate(
        chairs=Count("delegates", filter=Q(delegates__role=DelegateRole.CHAIR))
    )
    return {p.chairs for p in counts}


def test_seed_demo_creates_n_points_and_m_delegates_each_with_one_chair(db):
    output = _seed(5, 12)

    conference = Conference.objects.get(slug="demo-5")
    assert conference.points.count() == 5
    delegates = Delegate.objects.filter(point__conference=conference)
    assert delegates.count() == 60
    assert _chairs_per_point(conference) == {1}
    for point in conference.points.annotate(n=Count("delegates")):
        assert point.n == 12
    assert "demo-5" in output and "60" in output
    assert conference.points.filter(delegate_list__isnull=False).count() == 5


def test_seed_demo_makes_realistic_nfc_delegates(db):
    _seed(4, 20)

    delegates = list(Delegate.objects.all())
    phones = [d.phone for d in delegates]
    emails = [d.email for d in delegates]
    assert len(set(phones)) == len(phones) == 80
    assert len(set(emails)) == 80
    assert all(re.fullmatch(r"\+849\d{8}", phone) for phone in phones)
    for delegate in delegates:
        assert delegate.full_name == unicodedata.normalize("NFC", delegate.full_name)
        assert len(delegate.full_name.split()) == 3
        assert delegate.position
        assert delegate.agency in Agency.values
        assert delegate.email.endswith("@demo.invalid")
    chairs = [d for d in delegates if d.role == DelegateRole.CHAIR]
    assert {(c.position, c.agency) for c in chairs} == {
        ("Giám đốc Sở Nội vụ", Agency.HOME_AFFAIRS)
    }
    guests = [d for d in delegates if d.role == DelegateRole.GUEST]
    assert guests and all(g.agency == Agency.OTHER and g.agency_other for g in guests)
    used = {d.agency for d in delegates}
    assert set(Agency.values) <= used


def test_seed_demo_uses_the_current_set_when_it_is_large_enough(db):
    load_plan(path=DEFAULT_PLAN)

    _seed(3, 2)

    conference = Conference.objects.get(slug="demo-3")
    assert conference.unit_set.code == "vn-2022"
    codes = sorted(conference.points.values_list("unit__code", flat=True))
    assert codes == ["01", "02", "04"]
    assert not AdministrativeUnitSet.objects.filter(code="demo-3").exists()


def test_seed_demo_makes_a_commune_like_set_above_the_set_size(db):
    load_plan(path=DEFAULT_PLAN)

    _seed(70, 1)

    conference = Conference.objects.get(slug="demo-70")
    unit_set = AdministrativeUnitSet.objects.get(code="demo-70")
    assert conference.unit_set == unit_set
    units = list(unit_set.units.order_by("code"))
    assert [u.code for u in units[:3]] == ["00001", "00002", "00003"]
    assert units[-1].code == "00070"
    assert units[0].name == "Xã Tân Lập 1"
    assert units[4].name == "Phường Phú Lộc 1"
    assert units[24].name == "Phường Tân Lập 2"
    assert units[0].full_name == "Xã Tân Lập 1"
    point = conference.points.get(unit=units[4])
    assert point.name == "Điểm cầu UBND phường Phú Lộc 1"


def test_seed_demo_again_replaces_the_synthetic_data(db):
    _seed(6, 3)
    first = Conference.objects.get(slug="demo-6")

    _seed(6, 5)

    assert not Conference.objects.filter(pk=first.pk).exists()
    conference = Conference.objects.get(slug="demo-6")
    assert conference.points.count() == 6
    assert Delegate.objects.filter(point__conference=conference).count() == 30
    assert Delegate.objects.count() == 30
    assert conference.unit_set.units.count() == 6


def test_seed_demo_never_becomes_the_current_conference(db):
    plan = load_plan(path=DEFAULT_PLAN)

    _seed(2, 1)

    demo = Conference.objects.get(slug="demo-2")
    assert timezone.localdate(demo.starts_at) == date(2022, 11, 15)
    now = datetime(2026, 1, 1, tzinfo=VN)
    assert current_conference(now=now) == plan


def test_seed_demo_with_a_date_holds_the_conference_that_day(db):
    _seed(2, 1, "--date", "2027-03-04")

    demo = Conference.objects.get(slug="demo-2")
    assert demo.starts_at == datetime(2027, 3, 4, 8, 0, tzinfo=VN)
    assert demo.delegate_list_deadline == datetime(2027, 3, 2, 23, 59, tzinfo=VN)


def test_seed_demo_fills_an_existing_conference(db):
    plan = load_plan(path=DEFAULT_PLAN)

    _seed(3, 4, "--conference", plan.slug)
    _seed(3, 2, "--conference", plan.slug)

    assert plan.points.count() == 64
    delegates = Delegate.objects.filter(point__conference=plan)
    assert delegates.count() == 6
    assert sorted(set(delegates.values_list("point__unit__code", flat=True))) == [
        "01", "02", "04"
    ]  # fmt: skip


def test_seed_demo_refuses_more_points_than_an_existing_conference_s_set(db):
    plan = load_plan(path=DEFAULT_PLAN)

    with pytest.raises(CommandError, match="63"):
        _seed(64, 1, "--conference", plan.slug)

    assert Delegate.objects.count() == 0


def test_seed_demo_is_refused_outside_debug_and_demo_mode(db, settings):
    settings.DEBUG = False
    settings.DEMO_MODE = False

    with pytest.raises(CommandError):
        _seed(3, 2)

    assert Conference.objects.count() == 0
    assert AdministrativeUnitSet.objects.count() == 0
    assert Delegate.objects.count() == 0


def test_seed_demo_refuses_missing_or_half_arguments(db):
    with pytest.raises(CommandError):
        call_command("seed_demo")
    with pytest.raises(CommandError):
        call_command("seed_demo", "--points", "3")
    with pytest.raises(CommandError):
        _seed(0, 3)
    with pytest.raises(CommandError, match="khong-co"):
        _seed(2, 2, "--conference", "khong-co")
    assert Conference.objects.count() == 0


@pytest.mark.slow
def test_seed_demo_handles_the_3321_communes_at_30_delegates(db):
    started = time.monotonic()

    _seed(3321, 30)

    elapsed = time.monotonic() - started
    conference = Conference.objects.get(slug="demo-3321")
    assert conference.points.count() == 3321
    assert Delegate.objects.filter(point__conference=conference).count() == 99630
    assert _chairs_per_point(conference) == {1}
    assert elapsed < 60
