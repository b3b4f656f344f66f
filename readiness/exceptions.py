from django.core.exceptions import ValidationError


class ReadinessRefused(ValidationError):
    """A readiness write refused: a stale page, a repeated quick OK, a closed day.

    `field` names the form field it concerns, if any.
    """

    def __init__(self, message, *, code: str, field: str | None = None, params=None):
        super().__init__(message, code=code, params=params)
        self.field = field
