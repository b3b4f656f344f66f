"""The rules a delegate list keeps, shared by the web form and the Excel import."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .enums import DelegateRole
from .normalise import fold


@dataclass
class DelegateIndex:
    """Who is already on a list, to refuse the same person twice and a second chair."""

    by_name_phone: dict[tuple[str, str], str] = field(default_factory=dict)
    by_email: dict[str, str] = field(default_factory=dict)
    chair: str | None = None
    keys_of: dict[object, tuple] = field(default_factory=dict)

    @classmethod
    def from_delegates(cls, delegates) -> "DelegateIndex":
        index = cls()
        for delegate in delegates:
            index.add(
                key=delegate.pk,
                full_name=delegate.full_name,
                phone=delegate.phone,
                email=delegate.email,
                role=delegate.role,
            )
        return index

    @classmethod
    def for_point(cls, point, *, exclude_pk=None) -> "DelegateIndex":
        delegates = point.delegates.only("pk", "full_name", "phone", "email", "role")
        if exclude_pk is not None:
            delegates = delegates.exclude(pk=exclude_pk)
        return cls.from_delegates(delegates)

    def add(self, *, key, full_name: str, phone: str, email: str, role: str) -> None:
        name_phone = (fold(full_name), phone) if phone else None
        email_key = email.casefold() if email else None
        if name_phone:
            self.by_name_phone[name_phone] = full_name
        if email_key:
            self.by_email[email_key] = full_name
        if role == DelegateRole.CHAIR:
            self.chair = full_name
        self.keys_of[key] = (name_phone, email_key, role == DelegateRole.CHAIR)

    def conflicts(
        self, *, full_name: str, phone: str, email: str, role: str
    ) -> dict[str, str]:
        """Return field → message for each rule the delegate would break."""
        errors = {}
        if phone and (fold(full_name), phone) in self.by_name_phone:
            errors["phone"] = _(
                "%(name)s with this phone number is already on the list."
            ) % {"name": full_name}
        if email and email.casefold() in self.by_email:
            errors["email"] = _(
                "The e-mail %(email)s is already used by %(name)s on the list."
            ) % {"email": email, "name": self.by_email[email.casefold()]}
        if role == DelegateRole.CHAIR and self.chair is not None:
            errors["role"] = _(
                "The point already has a chair: %(name)s. A point has one chair."
            ) % {"name": self.chair}
        return errors
