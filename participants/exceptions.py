from django.core.exceptions import ValidationError


class ListNotEditable(ValidationError):
    """The delegate list is submitted or past its deadline."""


class StaleEdit(ValidationError):
    """The form was filled in on a page that someone else's save made stale."""
