"""The test settings' `flush` (tests/flushdb): DELETE instead of TRUNCATE, leaving
the database as Django's own command leaves it."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command, get_commands
from django.core.management.commands import flush as django_flush
from django.db import connection

from conference.models import BridgePoint, Conference
from participants.models import Delegate
from tests import factories

# What TransactionTestCase passes after every transactional test.
AFTER_A_TEST = {
    "verbosity": 0,
    "interactive": False,
    "reset_sequences": False,
    "allow_cascade": False,
    "inhibit_post_migrate": False,
}


def _rows_by_table() -> dict[str, int]:
    tables = connection.introspection.django_table_names(
        only_existing=True, include_views=False
    )
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(tables):
            cursor.execute(f"SELECT count(*) FROM {quote(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _some_data() -> None:
    # The flush before wrote the groups back (post_migrate): nothing to redo.
    point = factories.BridgePointFactory()
    factories.DelegateFactory(point=point)
    factories.organiser(username="cchc-flush")


def test_the_test_settings_flush_is_this_app_s():
    assert get_commands()["flush"] == "tests.flushdb"


@pytest.mark.django_db(transaction=True)
def test_flush_leaves_the_tables_as_django_s_own_flush_does():
    _some_data()
    assert Delegate.objects.exists()
    call_command("flush", **AFTER_A_TEST)
    ours = _rows_by_table()

    _some_data()
    call_command(django_flush.Command(), **AFTER_A_TEST)
    django_s = _rows_by_table()

    assert ours == django_s
    assert Conference.objects.count() == BridgePoint.objects.count() == 0
    assert Delegate.objects.count() == 0
    # post_migrate ran: the content types and permissions are back.
    assert ContentType.objects.filter(app_label="participants").exists()
    assert Permission.objects.filter(codename="add_delegate").exists()


@pytest.mark.django_db(transaction=True)
def test_flush_without_post_migrate_leaves_every_table_empty():
    _some_data()
    call_command("flush", **{**AFTER_A_TEST, "inhibit_post_migrate": True})
    assert set(_rows_by_table().values()) == {0}
