"""`flush` for the test databases: DELETE instead of TRUNCATE.

Every transactional test (pytest-django's `transactional_db` and `live_server`)
ends with Django's `flush`. On PostgreSQL that is one TRUNCATE of every table, which
gives each table and index a new file: most of a quarter of a second for the few
rows a test leaves. DELETE empties the same tables in one transaction for a fraction
of that. Django makes every foreign key DEFERRABLE INITIALLY DEFERRED on PostgreSQL,
so the order of the deletes does not matter; the post_migrate signal follows as in
Django's command. Any other use (another vendor, asking first, resetting sequences,
cascading) is Django's own command, unchanged.

An app's command of a built-in name overrides it (Django's documented "Overriding
commands"); this app is installed by the test settings only.
"""

from importlib import import_module

from django.apps import apps
from django.core.management.commands import flush
from django.core.management.sql import emit_post_migrate_signal
from django.db import connections, transaction


class Command(flush.Command):
    def handle(self, **options):
        database = options["database"]
        connection = connections[database]
        if (
            connection.vendor != "postgresql"
            or options["interactive"]
            or options.get("reset_sequences", True)
            or options.get("allow_cascade", False)
        ):
            return super().handle(**options)
        # As Django's command: each app's management module registers its receivers.
        for app_config in apps.get_app_configs():
            try:
                import_module(".management", app_config.name)
            except ImportError:
                pass
        tables = connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        quote = connection.ops.quote_name
        with transaction.atomic(using=database), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table in sorted(tables):
                cursor.execute(f"DELETE FROM {quote(table)}")
        if not options.get("inhibit_post_migrate", False):
            emit_post_migrate_signal(options["verbosity"], False, database)
