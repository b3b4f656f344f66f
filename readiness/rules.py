"""The one readiness rule, in Python; `selectors.with_readiness` is the same in SQL."""

from .enums import Readiness, TestResult

TROUBLE = (TestResult.PROBLEM, TestResult.FAILED)


def readiness_of(
    *,
    first: str | None,
    second: str | None,
    has_contact: bool,
    rehearsal_signed_off: bool,
    staff_on_site: bool,
) -> Readiness:
    """Return a point's readiness from its two test results and its checklist.

    The latest round decides trouble: a failed first round retested ok in the
    second is no longer a problem. Ready needs the second round ok, a technical
    contact, the rehearsal signed off and staff on site an hour before the start.
    """
    if first is None and second is None:
        return Readiness.NOT_TESTED
    latest = second if second is not None else first
    if latest in TROUBLE:
        return Readiness.PROBLEM
    if (
        second == TestResult.OK
        and has_contact
        and rehearsal_signed_off
        and staff_on_site
    ):
        return Readiness.READY
    return Readiness.IN_PROGRESS
