"""Who gets the organisers' and a province's e-mails: one answer each, read by
every app that sends them."""

import pytest

from accounts.selectors import organiser_addresses, province_staff_addresses
from participants.notifications import province_addresses
from tests import factories

pytestmark = pytest.mark.django_db


def test_province_staff_addresses_by_province_active_staff_with_e_mail(hanoi, hue):
    factories.province_staff(hanoi, username="snv-01-a", email="a@hanoi.gov.vn")
    factories.province_staff(hanoi, username="snv-01-b", email="b@hanoi.gov.vn")
    factories.province_staff(hanoi, username="snv-01-c", email="")
    factories.province_staff(
        hue, username="snv-46-a", email="a@hue.gov.vn", is_active=False
    )
    factories.organiser(email="cchc@moha.gov.vn")

    assert province_staff_addresses(province_ids=[hanoi.pk, hue.pk]) == {
        hanoi.pk: ["a@hanoi.gov.vn", "b@hanoi.gov.vn"]
    }
    assert province_staff_addresses(province_ids=[hue.pk]) == {}


def test_province_addresses_of_a_point_are_its_province_staffs(hanoi, hanoi_point):
    factories.province_staff(hanoi, username="snv-01-a", email="a@hanoi.gov.vn")
    assert province_addresses(hanoi_point) == ["a@hanoi.gov.vn"]


def test_organiser_addresses_are_the_organisers_and_their_units_members():
    first = factories.organiser(username="cchc-a", email="a@moha.gov.vn")
    factories.organiser(username="cchc-off", email="off@moha.gov.vn", is_active=False)
    factories.organiser(username="cchc-none", email="")
    member = factories.UserFactory(username="cchc-m", email="m@moha.gov.vn")
    member.save()
    unit = factories.OrganisationalUnitFactory(code="vu-cchc")
    unit.members.add(member, first)  # an organiser in the unit comes once
    other = factories.UserFactory(username="vpb-m", email="vpb@moha.gov.vn")
    other.save()
    factories.OrganisationalUnitFactory(code="van-phong-bo").members.add(other)

    assert organiser_addresses() == ["a@moha.gov.vn", "m@moha.gov.vn"]
