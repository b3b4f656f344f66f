"""Plan 5774 with Vụ CCHC, Văn phòng Bộ and two provinces' staff (the reminders'
fixtures), and a real SMTP server the outbox's sender talks to."""

from tests.outbox.conftest import smtp_sink  # noqa: F401
from tests.reminders.conftest import people, plan  # noqa: F401
