from django.core.exceptions import ValidationError


class IllegalMove(ValidationError):
    """A question asked to move to a status its current one does not lead to."""


class StaleEdit(ValidationError):
    """The row changed since the form was rendered: nothing was saved."""


class Closed(ValidationError):
    """Questions or comments are no longer taken."""
