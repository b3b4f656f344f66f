""" "Nhắc ngay" for one subject, as the reminders' views send it
(`remind_now.remind` with a `Target`), in one call each for the tests."""

from reminders.services.remind_now import Target, remind


def remind_point_now(*, point, now) -> int:
    return remind(Target(conference=point.conference, point=point), now=now)


def remind_late_now(*, conference, now) -> int:
    return remind(Target(conference=conference), now=now)


def remind_unit_now(*, unit, conference, now) -> int:
    return remind(Target(conference=conference, unit=unit), now=now)
