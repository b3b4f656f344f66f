"""Demo data: the demo accounts, and synthetic conferences at any number of points.

The synthetic data is for demonstrations and load tests: realistic Vietnamese names,
phones and positions, generated from small lists with a fixed seed, so two runs give
the same people.
"""

from __future__ import annotations

import random
import time as clock
import unicodedata
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import User
from accounts.services import DEMO_PASSWORD, create_demo_accounts, ensure_demo_allowed
from common.text import fold_accents
from conference import services as conference_services
from conference.enums import UnitKind
from conference.models import AdministrativeUnitSet, BridgePoint, Conference
from participants.enums import Agency, DelegateRole
from participants.services import open_delegate_lists
from participants.services.bulk import add_delegates_in_bulk, delete_delegates_in_bulk
from tasks.services import set_unit_members

from .plan_file import local_datetime

# The plan's Ministry units (tasks.OrganisationalUnit codes) and their demo account.
DEMO_UNIT_MEMBERS = {"vu-cchc": "cchc", "van-phong-bo": "vpb", "tttt": "tttt"}

FAMILY_NAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
    "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Đoàn", "Lương",
)  # fmt: skip
MIDDLE_NAMES = (
    "Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Thu", "Hoài",
    "Xuân", "Anh", "Kim", "Thế", "Công", "Bích", "Mạnh", "Hồng", "Tuấn", "Phương",
)  # fmt: skip
GIVEN_NAMES = (
    "An", "Bình", "Châu", "Cường", "Dũng", "Duy", "Giang", "Hà", "Hải", "Hạnh",
    "Hằng", "Hiếu", "Hòa", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai",
    "Minh", "Nam", "Nga", "Ngọc", "Nhung", "Phong", "Phúc", "Phương", "Quân", "Quang",
    "Sơn", "Tâm", "Thảo", "Thắng", "Thủy", "Trang", "Trung", "Tuấn", "Việt", "Yến",
)  # fmt: skip
POSITIONS = {
    Agency.PEOPLES_COMMITTEE_OFFICE: (
        "Phó Chánh Văn phòng",
        "Trưởng phòng Kiểm soát thủ tục hành chính",
        "Chuyên viên",
    ),
    Agency.HOME_AFFAIRS: (
        "Phó Giám đốc",
        "Trưởng phòng Cải cách hành chính",
        "Phó Trưởng phòng Cải cách hành chính",
        "Chuyên viên chính",
        "Chuyên viên",
    ),
    Agency.JUSTICE: ("Phó Giám đốc", "Trưởng phòng Văn bản pháp quy", "Chuyên viên"),
    Agency.FINANCE: ("Phó Giám đốc", "Trưởng phòng Quản lý ngân sách", "Chuyên viên"),
    Agency.INFORMATION_COMMUNICATIONS: (
        "Phó Giám đốc",
        "Trưởng phòng Bưu chính, Viễn thông",
        "Chuyên viên",
    ),
}
GUEST_AGENCIES = (
    ("Sở Kế hoạch và Đầu tư", "Phó Giám đốc"),
    ("Công an tỉnh", "Phó Trưởng phòng Tham mưu"),
    ("Ban Quản lý các khu công nghiệp", "Phó Trưởng ban"),
    ("Bảo hiểm xã hội tỉnh", "Phó Giám đốc"),
)
CHAIR_POSITION = "Giám đốc Sở Nội vụ"
COMMUNE_NAMES = (
    "Tân Lập", "Hòa Bình", "Quang Trung", "Tân Thành", "Phú Lộc", "An Bình",
    "Thạnh Phú", "Đồng Tâm", "Hưng Đạo", "Kim Sơn", "Tân Phú", "Bình Minh",
    "Phước Long", "Vĩnh Hòa", "Thanh Sơn", "Đông Hưng", "Nghĩa Đàn", "Yên Lạc",
    "Lộc Hà", "Cam Lộ", "Sơn Tịnh", "Ea Kar", "Tam Nông", "Long Phú",
)  # fmt: skip


class DemoError(ValueError):
    """A demo request that cannot be carried out; the message says why."""


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    who: str  # the person and their unit, or the province's department
    password: str


@dataclass(frozen=True)
class DemoFill:
    conference: Conference
    points: int
    delegates: int
    seconds: float


def seed_demo_accounts(*, conference: Conference) -> list[DemoAccount]:
    """Create or reset the demo accounts for the provinces of the conference's set."""
    provinces = list(conference.unit_set.units.order_by("code"))
    created = create_demo_accounts(provinces=provinces)
    usernames = [username for username, _who in created]
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    # Each Ministry unit's account belongs to its unit: it sees the unit's tasks
    # and gets its reminders.
    set_unit_members(
        members_by_code={
            code: [users[username]]
            for code, username in DEMO_UNIT_MEMBERS.items()
            if username in users
        }
    )
    seed_demo_content(conference=conference, now=timezone.now())
    return [
        DemoAccount(
            username=username,
            role=str(Role(users[username].role).label) if users[username].role else "—",
            who=who,
            password=DEMO_PASSWORD,
        )
        for username, who in created
    ]


def seed_demo_content(*, conference: Conference, now) -> None:
    """Let each app that has demo content add it for the demo accounts (a draft to
    comment on, a few questions): an app's config offers `seed_demo`, found through
    the app registry, as the top apps do not import each other."""
    for config in apps.get_app_configs():
        seed = getattr(config, "seed_demo", None)
        if seed is not None:
            seed(conference=conference, now=now)


# ------------------------------------------------------------ synthetic conferences


def _synthetic_unit_set(*, size: int, day: date) -> AdministrativeUnitSet:
    unit_set = conference_services.save_unit_set(
        code=f"demo-{size}",
        name=f"{size} xã, phường thử nghiệm",
        effective_from=day,
        legal_basis="Dữ liệu thử nghiệm, không phải đơn vị hành chính thật.",
    )
    conference_services.add_units_in_bulk(
        unit_set=unit_set, units=(_synthetic_unit(index) for index in range(size))
    )
    return unit_set


def _synthetic_unit(index: int) -> tuple[str, str, str]:
    base = COMMUNE_NAMES[index % len(COMMUNE_NAMES)]
    prefix = "Phường" if index % 5 == 4 else "Xã"
    number = index // len(COMMUNE_NAMES) + 1
    return f"{index + 1:05d}", f"{prefix} {base} {number}", UnitKind.PROVINCE


def _default_day(*, slug: str, today: date) -> date:
    # A week before every real conference, so the synthetic one is never the
    # "current" conference the demo accounts land on.
    first = Conference.objects.exclude(slug=slug).order_by("starts_at").first()
    earliest = min(timezone.localdate(first.starts_at), today) if first else today
    return earliest - timedelta(days=7)


def _demo_conference(*, size: int, day: date, base: AdministrativeUnitSet | None):
    slug = f"demo-{size}"
    old = Conference.objects.filter(slug=slug).first()
    if old is not None:
        delete_delegates_in_bulk(conference=old)
        old.delete()
    unit_set = base
    if unit_set is None or unit_set.units.count() < size:
        unit_set = _synthetic_unit_set(size=size, day=day)
    return conference_services.save_conference(
        slug=slug,
        values={
            "title": f"Hội nghị trực tuyến thử nghiệm với {size} điểm cầu",
            "short_title": f"Hội nghị thử nghiệm {size} điểm cầu",
            "plan_number": "Thử nghiệm",
            "main_venue": "Số 8 Tôn Thất Thuyết, Nam Từ Liêm, thành phố Hà Nội",
            "starts_at": local_datetime(day, time(8, 0)),
            "connection_opens_at": local_datetime(day, time(7, 30)),
            "delegate_list_deadline": local_datetime(
                day - timedelta(days=2), time(23, 59)
            ),
            "unit_set": unit_set,
        },
    )


def _ensure_points(*, conference: Conference, size: int) -> list[BridgePoint]:
    units = list(conference.unit_set.units.order_by("code")[:size])
    if len(units) < size:
        raise DemoError(
            _("The conference's set has only %(count)d units, fewer than %(size)d.")
            % {"count": len(units), "size": size}
        )
    points = conference_services.add_province_points_in_bulk(
        conference=conference, units=units, name="Điểm cầu UBND {unit}"
    )
    open_delegate_lists(conference=conference)
    return points


def _delegates_of(point: BridgePoint, *, count: int, rng: random.Random, serial: int):
    agencies = list(POSITIONS)
    for index in range(count):
        number = serial + index
        name = " ".join(
            (
                rng.choice(FAMILY_NAMES),
                rng.choice(MIDDLE_NAMES),
                rng.choice(GIVEN_NAMES),
            )
        )
        agency, agency_other, role = Agency.HOME_AFFAIRS, "", DelegateRole.ATTENDEE
        if index == 0:
            position, role = CHAIR_POSITION, DelegateRole.CHAIR
        elif index % 10 == 9:
            agency_other, position = rng.choice(GUEST_AGENCIES)
            agency, role = Agency.OTHER, DelegateRole.GUEST
        else:
            agency = agencies[index % len(agencies)]
            position = rng.choice(POSITIONS[agency])
        yield dict(
            point=point,
            full_name=unicodedata.normalize("NFC", name),
            position=position,
            agency=agency,
            agency_other=agency_other,
            role=role,
            phone=f"+849{10_000_000 + number:08d}",
            email=f"{fold_accents(name).replace(' ', '')}.{number}@demo.invalid",
        )


@transaction.atomic
def fill_demo_conference(
    *,
    points: int,
    delegates: int,
    conference: Conference | None = None,
    day: date | None = None,
    base_set: AdministrativeUnitSet | None = None,
    today: date,
) -> DemoFill:
    """Fill a conference (by default a new `demo-<points>`) with synthetic delegates."""
    ensure_demo_allowed()
    if points < 1 or delegates < 1:
        raise DemoError(_("The numbers of points and delegates must be at least 1."))
    started = clock.monotonic()
    if conference is None:
        slug = f"demo-{points}"
        conference = _demo_conference(
            size=points,
            day=day or _default_day(slug=slug, today=today),
            base=base_set,
        )
    else:
        delete_delegates_in_bulk(conference=conference)
    rng = random.Random(5774)
    add_delegates_in_bulk(
        rows=(
            row
            for serial, point in enumerate(
                _ensure_points(conference=conference, size=points)
            )
            for row in _delegates_of(
                point, count=delegates, rng=rng, serial=serial * delegates
            )
        )
    )
    return DemoFill(
        conference=conference,
        points=points,
        delegates=points * delegates,
        seconds=clock.monotonic() - started,
    )
