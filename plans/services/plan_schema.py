"""The shape of a plan file and of a unit set file, as pydantic models.

Each model is both the schema of one mapping of the YAML and the validated spec that
`plan_loader` writes. Errors carry pydantic's location of the bad key; `plan_file`
turns them into the Vietnamese message the user reads, so every rule here raises a
custom error type that `plan_file.MESSAGES` knows.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any

from django.utils import timezone
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from agenda.services import find_overlaps
from conference.enums import ConferenceForm, UnitKind


def local_datetime(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=timezone.get_default_timezone())


# ------------------------------------------------------------------ the value types


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value.strip())


def _not_empty(value: str) -> str:
    if not value:
        raise PydanticCustomError("empty", "must not be empty")
    return value


def _blank_if_none(value: Any) -> Any:
    return "" if value is None else value


def _clock(value: Any) -> time:
    try:
        return datetime.strptime(value, "%H:%M").time()
    except (TypeError, ValueError):
        raise PydanticCustomError("clock", "expected a time HH:MM") from None


def _one_of(choices: list[str]) -> PlainValidator:
    def check(value: Any) -> str:
        if value not in choices:
            raise PydanticCustomError(
                "choice", "expected one of {choices}", {"choices": ", ".join(choices)}
            )
        return value

    return PlainValidator(check)


def _required(value: Any) -> Any:
    if value is None:
        raise PydanticCustomError("required", "this key is required")
    return value


# Text a key must give, stripped and NFC.
Text = Annotated[str, AfterValidator(_nfc), AfterValidator(_not_empty)]
# Text a key may leave out or set to null: "".
OptionalText = Annotated[str, BeforeValidator(_blank_if_none), AfterValidator(_nfc)]
# A local time of day, written "HH:MM" (in quotes: YAML reads 11:20 as a number).
Clock = Annotated[time, PlainValidator(_clock)]
NonEmptyList = Field(min_length=1)


def error_at(loc: tuple[str | int, ...], kind: str, text: str, **ctx: Any) -> None:
    """Refuse the file at `loc` (from the model being validated), not at the model."""
    raise ValidationError.from_exception_data(
        "plan",
        [
            InitErrorDetails(
                type=PydanticCustomError(kind, text, ctx or None),
                loc=loc,
                input=None,
            )
        ],
    )


def _unique(values: list[Any]) -> list[Any]:
    seen = set()
    for value in values:
        if value in seen:
            raise PydanticCustomError(
                "duplicate", "{value} appears more than once", {"value": value}
            )
        seen.add(value)
    return values


class Schema(BaseModel):
    # Strict: YAML already gives typed values, and "8" is not 8 here.
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


# ------------------------------------------------------------------ unit set files


class UnitSpec(Schema):
    code: Text
    name: Text
    kind: Annotated[str, _one_of(UnitKind.values)]
    region: OptionalText = ""


class UnitSetSpec(Schema):
    code: Text
    name: Text
    effective_from: date
    effective_until: date | None = None
    legal_basis: OptionalText = ""
    units: Annotated[list[UnitSpec], NonEmptyList]

    @field_validator("units")
    @classmethod
    def _codes_unique(cls, units: list[UnitSpec]) -> list[UnitSpec]:
        _unique([unit.code for unit in units])
        return units


# ----------------------------------------------------------------------- plan files


class RelativeMoment(Schema):
    """A moment given as days from the conference day and a local time of day."""

    days: int
    at: Clock = Field(alias="time")

    @model_validator(mode="before")
    @classmethod
    def _shape(cls, data: Any) -> Any:
        if not isinstance(data, dict) or set(data) != {"days", "time"}:
            raise PydanticCustomError("moment", "expected days and time, or null")
        return data

    def on(self, day: date) -> datetime:
        return local_datetime(day + timedelta(days=self.days), self.at)


class ConferenceSpec(Schema):
    slug: Text
    title: Text
    short_title: Text
    plan_number: Text
    plan_issued_on: date | None = None
    plan_signed_by: OptionalText = ""
    legal_basis: OptionalText = ""
    purpose: OptionalText = ""
    form: Annotated[str, _one_of(ConferenceForm.values)]
    transmission: OptionalText = ""
    budget_note: OptionalText = ""
    main_venue: Text
    backdrop_text: OptionalText = ""
    day: date
    starts_at: Clock
    connection_opens_at: Clock | None = None
    delegate_list_deadline: Annotated[RelativeMoment, BeforeValidator(_required)]

    def conference_values(self) -> dict[str, str]:
        """The texts and form the Conference row takes as they are written."""
        return self.model_dump(
            exclude={
                "slug",
                "plan_issued_on",
                "day",
                "starts_at",
                "connection_opens_at",
                "delegate_list_deadline",
            }
        )


class MainPointSpec(Schema):
    name: Text
    room: OptionalText = ""
    address: OptionalText = ""


class ProvincialPointsSpec(MainPointSpec):
    """The name every provincial point takes, `{unit}` standing for the province."""

    @field_validator("name")
    @classmethod
    def _only_unit_placeholder(cls, name: str) -> str:
        try:
            name.format(unit="")
        except (KeyError, IndexError, ValueError):
            raise PydanticCustomError(
                "placeholder", "the only placeholder allowed is unit"
            ) from None
        return name


class SlotSpec(Schema):
    order: int
    starts_at: Clock
    ends_at: Clock
    content: Text
    presenter_name: OptionalText = ""
    presenter_title: OptionalText = ""
    performing_unit: OptionalText = ""

    @field_validator("ends_at")
    @classmethod
    def _ends_after_start(cls, ends_at: time, info: ValidationInfo) -> time:
        starts_at = info.data.get("starts_at")
        if starts_at is not None and ends_at <= starts_at:
            raise PydanticCustomError("slot_order", "the slot must end after it starts")
        return ends_at


class OrganisationalUnitSpec(Schema):
    code: Text
    name: Text
    short_name: Text
    order: int


class TaskSpec(Schema):
    plan_ref: Text
    unit: Text
    title: Text
    description: OptionalText = ""
    # The key must be there; null says the plan gives no precise deadline.
    deadline: RelativeMoment | None
    deadline_note: OptionalText = ""


class PlanSpec(Schema):
    """A plan file. Keys other than these are the sections an app above the domain
    reads for itself (e.g. "documents"), named in the validation context."""

    model_config = ConfigDict(extra="allow")

    unit_set: Text
    conference: ConferenceSpec
    main_point: MainPointSpec
    provincial_points: ProvincialPointsSpec
    agenda: Annotated[list[SlotSpec], NonEmptyList]
    units: Annotated[list[OrganisationalUnitSpec], NonEmptyList]
    tasks: Annotated[list[TaskSpec], NonEmptyList]

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any, info: ValidationInfo) -> Any:
        sections = (info.context or {}).get("sections", ())
        for key in data if isinstance(data, dict) else ():
            if key not in cls.model_fields and key not in sections:
                error_at((str(key),), "extra_forbidden", "unknown key")
        return data

    @field_validator("agenda")
    @classmethod
    def _agenda_consistent(cls, agenda: list[SlotSpec]) -> list[SlotSpec]:
        _unique([slot.order for slot in agenda])
        for first, second in find_overlaps(agenda):
            raise PydanticCustomError(
                "overlap",
                "slots {first} and {second} overlap",
                {"first": first.order, "second": second.order},
            )
        return agenda

    @field_validator("units")
    @classmethod
    def _unit_codes_unique(
        cls, units: list[OrganisationalUnitSpec]
    ) -> list[OrganisationalUnitSpec]:
        codes = [unit.code for unit in units]
        if len(set(codes)) != len(codes):
            raise PydanticCustomError("unit_duplicate", "a unit code appears twice")
        return units

    @field_validator("tasks")
    @classmethod
    def _tasks_consistent(
        cls, tasks: list[TaskSpec], info: ValidationInfo
    ) -> list[TaskSpec]:
        codes = {unit.code for unit in info.data.get("units", ())}
        for index, task in enumerate(tasks):
            if "units" in info.data and task.unit not in codes:
                error_at(
                    (index, "unit"), "unknown_unit", "no unit {value}", value=task.unit
                )
        _unique([task.plan_ref for task in tasks])
        return tasks

    @property
    def sections(self) -> dict[str, Any]:
        """The apps' own sections, as written in the file."""
        return dict(self.model_extra or {})
