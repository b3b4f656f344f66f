"""Turn the cells of one row of a delegate list into what the delegate form expects:
agency and role words read in any case, accents or synonym, numbers as digits, an
exported cell's formula guard undone."""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from common.text import normalise_text
from common.xlsx import unquote_cell

from ...enums import Agency, DelegateRole
from ..columns import (
    AGENCY_PROVINCE_SUFFIXES,
    AGENCY_SYNONYMS,
    COLUMNS_BY_KEY,
    ROLE_SYNONYMS,
    fold_key,
    sheet_role_labels,
)


@dataclass(frozen=True)
class RowData:
    number: int
    data: dict[str, str]  # what the delegate form receives
    errors: tuple[str, ...] = ()


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        value = unquote_cell(value)  # an exported list imports back as it was
    return normalise_text(value)


def _labels(choices) -> dict[str, str]:
    labels = {}
    for language in ("vi", "en"):
        with translation.override(language):
            for value, label in choices.choices:
                labels.setdefault(fold_key(label), value)
    for value in choices.values:
        labels.setdefault(fold_key(value), value)
    return labels


@dataclass
class Vocabulary:
    """The agency and role words a file may use, built once per upload."""

    agencies: dict[str, str]
    roles: dict[str, str]
    suffixes: tuple[str, ...]
    role_labels: list[str]
    prefixes: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self):
        self.prefixes = sorted(
            (
                (word, agency)
                for word, agency in self.agencies.items()
                if agency != Agency.OTHER and len(word) >= 3
            ),
            key=lambda item: -len(item[0]),
        )

    @classmethod
    def build(cls, *, province_name: str = "") -> "Vocabulary":
        agencies = _labels(Agency)
        for agency, words in AGENCY_SYNONYMS.items():
            for word in words:
                agencies.setdefault(fold_key(word), agency)
        roles = _labels(DelegateRole)
        for role, words in ROLE_SYNONYMS.items():
            for word in words:
                roles.setdefault(fold_key(word), role)
        suffixes = AGENCY_PROVINCE_SUFFIXES
        if province_name:
            suffixes = (*suffixes, fold_key(province_name))
        return cls(
            agencies=agencies,
            roles=roles,
            suffixes=suffixes,
            role_labels=sheet_role_labels(),
        )

    def agency(self, text: str) -> tuple[str, str]:
        """Return (agency, other agency name) for what a cell says."""
        key = fold_key(text)
        if not key:
            return "", ""
        if key in self.agencies:
            return self.agencies[key], ""
        # "Sở Tư pháp tỉnh Nghệ An", "Văn phòng UBND thành phố Hà Nội".
        for word, agency in self.prefixes:
            if key.startswith(word) and key[len(word) :].startswith(self.suffixes):
                return agency, ""
        return Agency.OTHER, text

    def role(self, text: str) -> str | None:
        key = fold_key(text)
        if not key:
            return DelegateRole.ATTENDEE
        return self.roles.get(key)


def unknown_role_message(text: str, *, choices: list[str]) -> str:
    """What a row is told when its role cell names no role, on reading and on every
    check of the stored row after."""
    return _("%(column)s: “%(value)s” is not a role; use one of %(choices)s.") % {
        "column": COLUMNS_BY_KEY["role"].header,
        "value": text,
        "choices": ", ".join(choices),
    }


def row_data(row, *, vocabulary: Vocabulary) -> RowData:
    """Turn one sheet row (a reader.SheetRow) into the delegate form's data, noting
    what cannot be read."""
    cells = row.cells
    errors = []
    agency, named_in_cell = vocabulary.agency(_cell_text(cells.get("agency")))
    other = _cell_text(cells.get("agency_other"))
    if agency == Agency.OTHER and named_in_cell:
        other = other or named_in_cell  # "Ban Dân tộc" written in the agency column
    elif agency == Agency.OTHER:
        known, _unused = vocabulary.agency(other)
        if known not in ("", Agency.OTHER):
            # "Khác" with "Sở Tư pháp" written beside it is the Department of Justice.
            agency, other = known, ""
    role_text = _cell_text(cells.get("role"))
    role = vocabulary.role(role_text)
    if role is None:
        errors.append(unknown_role_message(role_text, choices=vocabulary.role_labels))
        role = role_text  # shown as written; the import checks the row as attendee
    data = {
        "full_name": _cell_text(cells.get("full_name")),
        "position": _cell_text(cells.get("position")),
        "agency": agency,
        "agency_other": other,
        "phone": _cell_text(cells.get("phone")),
        "email": _cell_text(cells.get("email")),
        "role": role,
    }
    return RowData(number=row.number, data=data, errors=tuple(errors))
