from tests.outbox.conftest import smtp_sink  # noqa: F401 — the real SMTP sink
