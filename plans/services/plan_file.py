"""Read and validate the YAML data files of a plan and of the administrative unit sets.

Everything of a plan lives in its file (plans/data/plans/*.yaml). This module
turns a file into plain specs and refuses a broken one with the key at fault;
`plan_loader` writes the specs.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import yaml
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.services import find_overlaps
from conference.enums import ConferenceForm, UnitKind

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
UNITS_DIR = DATA_DIR / "units"
PLANS_DIR = DATA_DIR / "plans"
DEFAULT_PLAN = PLANS_DIR / "5774-KH-BNV.yaml"


class PlanFileError(ValueError):
    """A plan or unit set file that cannot be loaded; the message names the key."""


# --------------------------------------------------------------------------- reading


def plan_error(key: str, problem: str) -> PlanFileError:
    return PlanFileError(_("%(key)s: %(problem)s") % {"key": key, "problem": problem})


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value.strip())


@dataclass(frozen=True)
class RelativeMoment:
    """A moment given as days from the conference day and a local time of day."""

    days: int
    at: time

    def on(self, day: date) -> datetime:
        return local_datetime(day + timedelta(days=self.days), self.at)


def local_datetime(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=timezone.get_default_timezone())


class _Node:
    """One mapping of the file, with typed getters that name the key on error."""

    def __init__(self, data: Any, key: str):
        if not isinstance(data, dict):
            raise plan_error(key or "/", _("expected a mapping (key: value)."))
        self.data = data
        self.key = key

    def path(self, name: str) -> str:
        return f"{self.key}.{name}" if self.key else name

    def only(self, *names: str) -> _Node:
        for name in self.data:
            if name not in names:
                raise plan_error(self.path(str(name)), _("unknown key."))
        return self

    def raw(self, name: str, *, required: bool = True) -> Any:
        if name not in self.data:
            if required:
                raise plan_error(self.path(name), _("this key is required."))
            return None
        return self.data[name]

    def text(self, name: str, *, blank: bool = False) -> str:
        value = self.raw(name, required=not blank)
        if value is None and blank:
            return ""
        if not isinstance(value, str):
            raise plan_error(self.path(name), _("expected text."))
        value = _nfc(value)
        if not value and not blank:
            raise plan_error(self.path(name), _("must not be empty."))
        return value

    def integer(self, name: str) -> int:
        value = self.raw(name)
        if not isinstance(value, int) or isinstance(value, bool):
            raise plan_error(self.path(name), _("expected a whole number."))
        return value

    def day(self, name: str, *, nullable: bool = False) -> date | None:
        value = self.raw(name, required=not nullable)
        if value is None and nullable:
            return None
        if not isinstance(value, date) or isinstance(value, datetime):
            raise plan_error(self.path(name), _("expected a date YYYY-MM-DD."))
        return value

    def clock(self, name: str) -> time:
        value = self.raw(name)
        try:
            return datetime.strptime(value, "%H:%M").time()
        except (TypeError, ValueError):
            raise plan_error(
                self.path(name), _('expected a time "HH:MM", in quotes.')
            ) from None

    def choice(self, name: str, choices: list[str]) -> str:
        value = self.raw(name)
        if value not in choices:
            raise plan_error(
                self.path(name),
                _("expected one of: %(choices)s.") % {"choices": ", ".join(choices)},
            )
        return value

    def moment(self, name: str) -> RelativeMoment | None:
        value = self.raw(name)
        if value is None:
            return None
        if not isinstance(value, dict) or set(value) != {"days", "time"}:
            raise plan_error(
                self.path(name), _('expected {days: N, time: "HH:MM"} or null.')
            )
        node = _Node(value, self.path(name))
        return RelativeMoment(days=node.integer("days"), at=node.clock("time"))

    def node(self, name: str) -> _Node:
        return _Node(self.raw(name), self.path(name))

    def nodes(self, name: str) -> list[_Node]:
        value = self.raw(name)
        if not isinstance(value, list) or not value:
            raise plan_error(self.path(name), _("expected a non-empty list."))
        return [_Node(item, f"{self.path(name)}[{i}]") for i, item in enumerate(value)]


def ensure_unique(items: list, attr: str, key: str) -> None:
    seen = set()
    for item in items:
        value = getattr(item, attr)
        if value in seen:
            raise plan_error(
                key, _('"%(value)s" appears more than once.') % {"value": value}
            )
        seen.add(value)


def _read_yaml(path: Path) -> _Node:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PlanFileError(
            _("%(path)s: cannot be read (%(error)s).")
            % {"path": path, "error": exc.strerror}
        ) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PlanFileError(
            _("%(path)s: not valid YAML (%(error)s).") % {"path": path, "error": exc}
        ) from None
    if not isinstance(data, dict):
        raise PlanFileError(
            _("%(path)s: expected a mapping (key: value).") % {"path": path}
        )
    return _Node(data, "")


# ------------------------------------------------------------------------ the specs


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    region: str = ""


@dataclass(frozen=True)
class UnitSetSpec:
    code: str
    name: str
    effective_from: date
    effective_until: date | None
    legal_basis: str
    units: list[UnitSpec]


@dataclass(frozen=True)
class SlotSpec:
    order: int
    starts_at: time
    ends_at: time
    content: str
    presenter_name: str
    presenter_title: str
    performing_unit: str


@dataclass(frozen=True)
class TaskSpec:
    plan_ref: str
    unit: str
    title: str
    description: str
    deadline: RelativeMoment | None
    deadline_note: str


@dataclass(frozen=True)
class PlanSpec:
    unit_set: str
    conference: dict[str, Any]
    day: date
    starts_at: time
    connection_opens_at: time | None
    delegate_list_deadline: RelativeMoment
    main_point: dict[str, str]
    point_name: str
    point_defaults: dict[str, str]
    agenda: list[SlotSpec]
    units: list[dict[str, Any]]
    tasks: list[TaskSpec]
    # Sections an app above the domain reads for itself (e.g. "documents"), as
    # written in the file: see `plan_sections()`.
    sections: dict[str, Any] = field(default_factory=dict)


def plan_sections() -> dict[str, Any]:
    """Extra top-level keys of a plan file and the app config that loads each.

    An app declares `plan_sections = ("name", ...)` and a method
    `load_plan_section(name, data, *, conference, shift)` on its AppConfig. The plans
    app finds them through Django's app registry, so it imports no app of its own
    layer (the import contract keeps the top-layer apps independent).
    """
    from django.apps import apps

    return {
        name: config
        for config in apps.get_app_configs()
        for name in getattr(config, "plan_sections", ())
    }


def read_unit_set(path: Path) -> UnitSetSpec:
    """Read and validate one unit set file."""
    root = _read_yaml(path).only(
        "code", "name", "effective_from", "effective_until", "legal_basis", "units"
    )
    units = []
    for node in root.nodes("units"):
        node.only("code", "name", "kind", "region")
        units.append(
            UnitSpec(
                code=node.text("code"),
                name=node.text("name"),
                kind=node.choice("kind", UnitKind.values),
                region=node.text("region", blank=True),
            )
        )
    ensure_unique(units, "code", "units")
    return UnitSetSpec(
        code=root.text("code"),
        name=root.text("name"),
        effective_from=root.day("effective_from"),
        effective_until=root.day("effective_until", nullable=True),
        legal_basis=root.text("legal_basis", blank=True),
        units=units,
    )


_CONFERENCE_TEXT = {
    "slug": False,
    "title": False,
    "short_title": False,
    "plan_number": False,
    "plan_signed_by": True,
    "legal_basis": True,
    "purpose": True,
    "transmission": True,
    "budget_note": True,
    "main_venue": False,
    "backdrop_text": True,
}


def read_plan(path: Path) -> PlanSpec:
    """Read and validate a plan file."""
    root = _read_yaml(path).only(
        "unit_set",
        "conference",
        "main_point",
        "provincial_points",
        "agenda",
        "units",
        "tasks",
        *plan_sections(),
    )
    conf = root.node("conference").only(
        *_CONFERENCE_TEXT,
        "plan_issued_on",
        "form",
        "day",
        "starts_at",
        "connection_opens_at",
        "delegate_list_deadline",
    )
    conference = {
        name: conf.text(name, blank=blank) for name, blank in _CONFERENCE_TEXT.items()
    }
    conference["plan_issued_on"] = conf.day("plan_issued_on", nullable=True)
    conference["form"] = conf.choice("form", ConferenceForm.values)
    deadline = conf.moment("delegate_list_deadline")
    if deadline is None:
        raise plan_error(
            conf.path("delegate_list_deadline"), _("this key is required.")
        )

    main = root.node("main_point").only("name", "room", "address")
    points = root.node("provincial_points").only("name", "room", "address")
    point_name = points.text("name")
    try:
        point_name.format(unit="")
    except (KeyError, IndexError, ValueError):
        raise plan_error(
            points.path("name"), _("the only placeholder allowed is {unit}.")
        ) from None

    agenda = []
    for node in root.nodes("agenda"):
        node.only(
            "order",
            "starts_at",
            "ends_at",
            "content",
            "presenter_name",
            "presenter_title",
            "performing_unit",
        )
        slot = SlotSpec(
            order=node.integer("order"),
            starts_at=node.clock("starts_at"),
            ends_at=node.clock("ends_at"),
            content=node.text("content"),
            presenter_name=node.text("presenter_name", blank=True),
            presenter_title=node.text("presenter_title", blank=True),
            performing_unit=node.text("performing_unit", blank=True),
        )
        if slot.ends_at <= slot.starts_at:
            raise plan_error(
                node.path("ends_at"), _("the slot must end after it starts.")
            )
        agenda.append(slot)
    ensure_unique(agenda, "order", "agenda")
    for first, second in find_overlaps(agenda):
        raise plan_error(
            "agenda",
            _("slots %(first)s and %(second)s overlap.")
            % {"first": first.order, "second": second.order},
        )

    units = []
    for node in root.nodes("units"):
        node.only("code", "name", "short_name", "order")
        units.append(
            {
                "code": node.text("code"),
                "name": node.text("name"),
                "short_name": node.text("short_name"),
                "order": node.integer("order"),
            }
        )
    unit_codes = [u["code"] for u in units]
    if len(set(unit_codes)) != len(unit_codes):
        raise plan_error("units", _("a unit code appears more than once."))

    tasks = []
    for node in root.nodes("tasks"):
        node.only(
            "plan_ref", "unit", "title", "description", "deadline", "deadline_note"
        )
        task = TaskSpec(
            plan_ref=node.text("plan_ref"),
            unit=node.text("unit"),
            title=node.text("title"),
            description=node.text("description", blank=True),
            deadline=node.moment("deadline"),
            deadline_note=node.text("deadline_note", blank=True),
        )
        if task.unit not in unit_codes:
            raise plan_error(
                node.path("unit"),
                _('no unit under "units" has the code "%(value)s".')
                % {"value": task.unit},
            )
        tasks.append(task)
    ensure_unique(tasks, "plan_ref", "tasks")

    return PlanSpec(
        unit_set=root.text("unit_set"),
        conference=conference,
        day=conf.day("day"),
        starts_at=conf.clock("starts_at"),
        connection_opens_at=(
            conf.clock("connection_opens_at")
            if conf.raw("connection_opens_at", required=False) is not None
            else None
        ),
        delegate_list_deadline=deadline,
        main_point={
            "name": main.text("name"),
            "room": main.text("room", blank=True),
            "address": main.text("address", blank=True),
        },
        point_name=point_name,
        point_defaults={
            "room": points.text("room", blank=True),
            "address": points.text("address", blank=True),
        },
        agenda=agenda,
        units=units,
        tasks=tasks,
        sections={
            name: root.data[name] for name in plan_sections() if name in root.data
        },
    )
