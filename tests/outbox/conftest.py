import pytest

from tests.smtp_sink import SmtpSink


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server; Django's SMTP backend points at it."""
    with SmtpSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = sink.port
        settings.EMAIL_TIMEOUT = 10
        yield sink


@pytest.fixture
def cchc_user(db):
    """A Vụ CCHC account: the outbox pages are its."""
    from tests import factories

    return factories.organiser(username="cchc-t", email="cchc@moha.gov.vn")
