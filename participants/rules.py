"""The rules a delegate list keeps, shared by the web form and the Excel import."""

from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import gettext as _

from common.text import fold

from .enums import DelegateRole


class Holder(NamedTuple):
    """Who is on the list under a key: the delegate's name and id (or a file row)."""

    full_name: str
    key: object


@dataclass
class DelegateIndex:
    """Who is already on a list, to refuse the same person twice and a second chair."""

    by_name_phone: dict[tuple[str, str], Holder] = field(default_factory=dict)
    by_email: dict[str, Holder] = field(default_factory=dict)
    by_name: dict[str, list[Holder]] = field(default_factory=dict)
    chair: Holder | None = None

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
        # With the point's key: a related manager sets each row's point from it, and
        # would read a deferred key again row by row (a query each).
        delegates = point.delegates.only(
            "pk", "point", "full_name", "phone", "email", "role"
        )
        if exclude_pk is not None:
            delegates = delegates.exclude(pk=exclude_pk)
        return cls.from_delegates(delegates)

    def add(self, *, key, full_name: str, phone: str, email: str, role: str) -> None:
        holder = Holder(full_name, key)
        self.by_name.setdefault(fold(full_name), []).append(holder)
        if phone:
            self.by_name_phone[(fold(full_name), phone)] = holder
        if email:
            self.by_email[email.casefold()] = holder
        if role == DelegateRole.CHAIR:
            self.chair = holder

    def holders(
        self, *, full_name: str, phone: str, email: str, role: str
    ) -> dict[str, Holder]:
        """Return field → who already holds it, for each rule the delegate would break."""
        found = {}
        if phone and (held := self.by_name_phone.get((fold(full_name), phone))):
            found["phone"] = held
        if email and (held := self.by_email.get(email.casefold())):
            found["email"] = held
        if role == DelegateRole.CHAIR and self.chair is not None:
            found["role"] = self.chair
        return found

    def conflicts(
        self, *, full_name: str, phone: str, email: str, role: str
    ) -> dict[str, str]:
        """Return field → message for each rule the delegate would break."""
        messages = {
            "phone": _("%(name)s with this phone number is already on the list."),
            "email": _("The e-mail %(email)s is already used by %(name)s on the list."),
            "role": _(
                "The point already has a chair: %(name)s. A point has one chair."
            ),
        }
        found = self.holders(full_name=full_name, phone=phone, email=email, role=role)
        return {
            name: messages[name]
            % {"name": full_name if name == "phone" else held.full_name, "email": email}
            for name, held in found.items()
        }

    def namesakes(self, *, full_name: str) -> list[Holder]:
        """Return who already has this full name: allowed (two officials may share a
        name), but worth a second look."""
        return list(self.by_name.get(fold(full_name), [])) if full_name else []

    def namesake_warning(self, *, full_name: str) -> str | None:
        """A warning when the name is already on the list, or None."""
        held = self.namesakes(full_name=full_name)
        if not held:
            return None
        if isinstance(held[0].key, tuple):  # a row above in the same file
            return _(
                "Row %(row)s of the file has the same full name with another phone "
                "number. Two officials may share a name: check that this is not the "
                "same person."
            ) % {"row": held[0].key[1]}
        return _(
            "%(name)s is already on the list with another phone number. Two "
            "officials may share a name: check that this is not the same person."
        ) % {"name": held[0].full_name}
