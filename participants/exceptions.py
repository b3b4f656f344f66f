from django.core.exceptions import ValidationError


class ListNotEditable(ValidationError):
    """The delegate list is submitted or past its deadline."""


class StaleEdit(ValidationError):
    """The form was filled in on a page that someone else's save made stale."""


class DecisionRefused(ListNotEditable):
    """A reopening or an extension refused, on the form field that caused it."""

    def __init__(self, message, *, code: str, field: str | None = None, params=None):
        super().__init__(message, code=code, params=params)
        self.field = field


class AlreadyCreated(Exception):
    """The add form was already saved once: its delegate is on the list."""

    def __init__(self, delegate):
        super().__init__(delegate.pk)
        self.delegate = delegate
