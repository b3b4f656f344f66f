"""A test-only app (config.settings.test): `flush` by DELETE on PostgreSQL."""
