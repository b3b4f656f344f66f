"""Writes of reminders, by concern; the outbox writes and sends every e-mail.

- rules.py: each conference's default reminder rules, the moment a rule is due;
- dispatch.py: the reminders due now, written to the outbox (keys and `about`);
- still_needed.py: asked by the outbox just before a reminder goes;
- summary.py: Vụ CCHC's daily summary;
- remind_now.py: "Nhắc ngay", to one province, one unit or every late province.
"""

from .dispatch import KEY_PREFIX, about_deadline, dispatch_due, due_reminders, key_stamp
from .rules import DEFAULT_OFFSETS, current_offset, ensure_default_rules
from .still_needed import still_needed
from .summary import Summary, registration_open, send_daily_summary, summary_of

__all__ = [
    "DEFAULT_OFFSETS",
    "KEY_PREFIX",
    "Summary",
    "about_deadline",
    "current_offset",
    "dispatch_due",
    "due_reminders",
    "ensure_default_rules",
    "key_stamp",
    "registration_open",
    "send_daily_summary",
    "still_needed",
    "summary_of",
]
