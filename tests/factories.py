"""Factories for every model; realistic Vietnamese data."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import factory
from factory.django import DjangoModelFactory

from accounts.enums import Role
from accounts.models import User
from accounts.services import assign_role
from agenda.models import AgendaSlot
from conference.enums import UnitKind
from conference.models import (
    AdministrativeUnit,
    AdministrativeUnitSet,
    BridgePoint,
    Conference,
)
from participants.enums import Agency, DelegateRole
from participants.models import Delegate, DelegateList
from tasks.models import OrganisationalUnit, Task

VN = ZoneInfo("Asia/Ho_Chi_Minh")


class UnitSetFactory(DjangoModelFactory):
    class Meta:
        model = AdministrativeUnitSet
        django_get_or_create = ("code",)

    code = "vn-2022"
    name = "63 tỉnh, thành phố trực thuộc Trung ương (2022)"
    effective_from = datetime(2008, 8, 1).date()


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ("unit_set", "code")

    unit_set = factory.SubFactory(UnitSetFactory)
    code = factory.Sequence(lambda n: f"{(n % 90) + 10:02d}")
    name = factory.Sequence(lambda n: f"Tỉnh thử {n}")
    kind = UnitKind.PROVINCE


class ConferenceFactory(DjangoModelFactory):
    class Meta:
        model = Conference

    slug = factory.Sequence(lambda n: f"hoi-nghi-{n}")
    title = "Hội nghị triển khai Đề án xác định Chỉ số cải cách hành chính"
    short_title = factory.Sequence(lambda n: f"Hội nghị CCHC {n}")
    plan_number = "5774/KH-BNV"
    main_venue = "Số 8 Tôn Thất Thuyết, Nam Từ Liêm, Hà Nội"
    starts_at = datetime(2022, 11, 22, 8, 0, tzinfo=VN)
    connection_opens_at = factory.LazyAttribute(
        lambda c: c.starts_at - timedelta(minutes=30)
    )
    delegate_list_deadline = datetime(2022, 11, 20, 23, 59, tzinfo=VN)
    unit_set = factory.SubFactory(UnitSetFactory)


class DelegateListFactory(DjangoModelFactory):
    """A point's list; made by the point's factory, as the services make it with the
    point (`BridgePointFactory(delegate_list__status=...)` sets it up)."""

    class Meta:
        model = DelegateList


class BridgePointFactory(DjangoModelFactory):
    class Meta:
        model = BridgePoint
        skip_postgeneration_save = True

    conference = factory.SubFactory(ConferenceFactory)
    unit = factory.SubFactory(
        UnitFactory, unit_set=factory.SelfAttribute("..conference.unit_set")
    )
    name = factory.LazyAttribute(lambda p: f"Điểm cầu {p.unit.full_name}")
    room = "Phòng họp trực tuyến UBND tỉnh"
    delegate_list = factory.RelatedFactory(
        DelegateListFactory, factory_related_name="point"
    )


class MainPointFactory(BridgePointFactory):
    unit = None
    is_main = True
    name = "Điểm cầu chính Bộ Nội vụ"


class DelegateFactory(DjangoModelFactory):
    class Meta:
        model = Delegate

    point = factory.SubFactory(BridgePointFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    position = "Chuyên viên"
    agency = Agency.HOME_AFFAIRS
    phone = factory.Sequence(lambda n: f"+8491{n:07d}")
    email = factory.Sequence(lambda n: f"daibieu{n}@example.vn")
    role = DelegateRole.ATTENDEE


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @classmethod
    def with_role(cls, role: str, province=None, **kwargs) -> User:
        user = cls(**kwargs)
        return assign_role(user=user, role=role, province=province)


def province_staff(province, **kwargs) -> User:
    return UserFactory.with_role(Role.PROVINCE_STAFF, province=province, **kwargs)


def organiser(**kwargs) -> User:
    return UserFactory.with_role(Role.ORGANISER, **kwargs)


def technician(**kwargs) -> User:
    return UserFactory.with_role(Role.TECHNICIAN, **kwargs)


def admin_user(**kwargs) -> User:
    return UserFactory.with_role(Role.ADMIN, **kwargs)


class AgendaSlotFactory(DjangoModelFactory):
    class Meta:
        model = AgendaSlot

    conference = factory.SubFactory(ConferenceFactory)
    order = factory.Sequence(lambda n: n + 1)
    starts_at = factory.LazyAttribute(lambda s: s.conference.starts_at)
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + timedelta(minutes=10))
    content = "Tuyên bố lý do, giới thiệu đại biểu"


class OrganisationalUnitFactory(DjangoModelFactory):
    class Meta:
        model = OrganisationalUnit
        django_get_or_create = ("code",)

    code = "vu-cchc"
    name = "Vụ Cải cách hành chính"
    short_name = "Vụ CCHC"


class TaskFactory(DjangoModelFactory):
    class Meta:
        model = Task

    conference = factory.SubFactory(ConferenceFactory)
    plan_ref = factory.Sequence(lambda n: f"III.9.{n}")
    title = "Dự thảo Giấy mời"
    assignee_unit = factory.SubFactory(OrganisationalUnitFactory)
    deadline = datetime(2022, 11, 17, 23, 59, tzinfo=VN)
