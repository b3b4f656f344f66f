"""Load a conference plan, and the administrative unit sets, from YAML data files.

Everything of a plan lives in its file (conference/data/plans/*.yaml); this module only
reads, validates and writes it. The whole file is validated before anything is
written, and the writes run in one transaction, so a broken file changes nothing.
Rows are matched on natural keys and saved only when a value differs: loading the
same file twice changes nothing, not even the audit history.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.models import AgendaSlot
from agenda.services import find_overlaps
from tasks.models import OrganisationalUnit, Task

from ..enums import ConferenceForm, UnitKind
from ..models import AdministrativeUnit, AdministrativeUnitSet, BridgePoint, Conference

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
UNITS_DIR = DATA_DIR / "units"
PLANS_DIR = DATA_DIR / "plans"
DEFAULT_PLAN = PLANS_DIR / "5774-KH-BNV.yaml"


class PlanFileError(ValueError):
    """A plan or unit set file that cannot be loaded; the message names the key."""


# --------------------------------------------------------------------------- reading


def _error(key: str, problem: str) -> PlanFileError:
    return PlanFileError(_("%(key)s: %(problem)s") % {"key": key, "problem": problem})


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value.strip())


@dataclass(frozen=True)
class RelativeMoment:
    """A moment given as days from the conference day and a local time of day."""

    days: int
    at: time

    def on(self, day: date) -> datetime:
        return _local(day + timedelta(days=self.days), self.at)


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=timezone.get_default_timezone())


class _Node:
    """One mapping of the file, with typed getters that name the key on error."""

    def __init__(self, data: Any, key: str):
        if not isinstance(data, dict):
            raise _error(key or "/", _("expected a mapping (key: value)."))
        self.data = data
        self.key = key

    def path(self, name: str) -> str:
        return f"{self.key}.{name}" if self.key else name

    def only(self, *names: str) -> _Node:
        for name in self.data:
            if name not in names:
                raise _error(self.path(str(name)), _("unknown key."))
        return self

    def raw(self, name: str, *, required: bool = True) -> Any:
        if name not in self.data:
            if required:
                raise _error(self.path(name), _("this key is required."))
            return None
        return self.data[name]

    def text(self, name: str, *, blank: bool = False) -> str:
        value = self.raw(name, required=not blank)
        if value is None and blank:
            return ""
        if not isinstance(value, str):
            raise _error(self.path(name), _("expected text."))
        value = _nfc(value)
        if not value and not blank:
            raise _error(self.path(name), _("must not be empty."))
        return value

    def integer(self, name: str) -> int:
        value = self.raw(name)
        if not isinstance(value, int) or isinstance(value, bool):
            raise _error(self.path(name), _("expected a whole number."))
        return value

    def day(self, name: str, *, nullable: bool = False) -> date | None:
        value = self.raw(name, required=not nullable)
        if value is None and nullable:
            return None
        if not isinstance(value, date) or isinstance(value, datetime):
            raise _error(self.path(name), _("expected a date YYYY-MM-DD."))
        return value

    def clock(self, name: str) -> time:
        value = self.raw(name)
        try:
            return datetime.strptime(value, "%H:%M").time()
        except (TypeError, ValueError):
            raise _error(
                self.path(name), _('expected a time "HH:MM", in quotes.')
            ) from None

    def choice(self, name: str, choices: list[str]) -> str:
        value = self.raw(name)
        if value not in choices:
            raise _error(
                self.path(name),
                _("expected one of: %(choices)s.") % {"choices": ", ".join(choices)},
            )
        return value

    def moment(self, name: str) -> RelativeMoment | None:
        value = self.raw(name)
        if value is None:
            return None
        if not isinstance(value, dict) or set(value) != {"days", "time"}:
            raise _error(
                self.path(name), _('expected {days: N, time: "HH:MM"} or null.')
            )
        node = _Node(value, self.path(name))
        return RelativeMoment(days=node.integer("days"), at=node.clock("time"))

    def node(self, name: str) -> _Node:
        return _Node(self.raw(name), self.path(name))

    def nodes(self, name: str) -> list[_Node]:
        value = self.raw(name)
        if not isinstance(value, list) or not value:
            raise _error(self.path(name), _("expected a non-empty list."))
        return [_Node(item, f"{self.path(name)}[{i}]") for i, item in enumerate(value)]


def _unique(items: list, attr: str, key: str) -> None:
    seen = set()
    for item in items:
        value = getattr(item, attr)
        if value in seen:
            raise _error(
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


def read_unit_set(path: Path) -> UnitSetSpec:
    """Read and validate one unit set file."""
    root = _read_yaml(path).only(
        "code", "name", "effective_from", "effective_until", "legal_basis", "units"
    )
    units = []
    for node in root.nodes("units"):
        node.only("code", "name", "kind")
        units.append(
            UnitSpec(
                code=node.text("code"),
                name=node.text("name"),
                kind=node.choice("kind", UnitKind.values),
            )
        )
    _unique(units, "code", "units")
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
        raise _error(conf.path("delegate_list_deadline"), _("this key is required."))

    main = root.node("main_point").only("name", "room", "address")
    points = root.node("provincial_points").only("name", "room", "address")
    point_name = points.text("name")
    try:
        point_name.format(unit="")
    except (KeyError, IndexError, ValueError):
        raise _error(
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
            raise _error(node.path("ends_at"), _("the slot must end after it starts."))
        agenda.append(slot)
    _unique(agenda, "order", "agenda")
    for first, second in find_overlaps(agenda):
        raise _error(
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
        raise _error("units", _("a unit code appears more than once."))

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
            raise _error(
                node.path("unit"),
                _('no unit under "units" has the code "%(value)s".')
                % {"value": task.unit},
            )
        tasks.append(task)
    _unique(tasks, "plan_ref", "tasks")

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
    )


# ------------------------------------------------------------------------ writing


def _clean(obj: models.Model, key: str) -> None:
    # Relations are set from rows this load has just written; checking them would
    # cost a query each. Database constraints still guard them.
    relations = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    try:
        obj.full_clean(
            exclude=relations, validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        problems = "; ".join(
            f"{field}: {' '.join(messages)}"
            for field, messages in exc.message_dict.items()
        )
        raise _error(key, problems) from None


def _upsert(
    model: type[models.Model],
    *,
    key: str,
    lookup: dict[str, Any],
    values: dict[str, Any],
    create_only: dict[str, Any] | None = None,
) -> models.Model:
    """Create the row, or update the fields that differ; `create_only` is never updated."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values, **(create_only or {}))
        _clean(obj, key)
        obj.save()
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        _clean(obj, key)
        obj.save(update_fields=changed)
    return obj


def _write_unit_set(spec: UnitSetSpec) -> AdministrativeUnitSet:
    unit_set = _upsert(
        AdministrativeUnitSet,
        key=spec.code,
        lookup={"code": spec.code},
        values={
            "name": spec.name,
            "effective_from": spec.effective_from,
            "effective_until": spec.effective_until,
            "legal_basis": spec.legal_basis,
        },
    )
    for unit in spec.units:
        _upsert(
            AdministrativeUnit,
            key=f"{spec.code}.units[{unit.code}]",
            lookup={"unit_set": unit_set, "code": unit.code},
            values={"name": unit.name, "kind": unit.kind},
        )
    return unit_set


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _write_points(
    *, spec: PlanSpec, conference: Conference, unit_set: AdministrativeUnitSet
) -> None:
    _upsert(
        BridgePoint,
        key="main_point",
        lookup={"conference": conference, "is_main": True},
        values={**spec.main_point, "unit_id": None},
    )
    for unit in unit_set.units.order_by("code"):
        # The province fills its own room and address: a reload keeps them.
        _upsert(
            BridgePoint,
            key=f"provincial_points[{unit.code}]",
            lookup={"conference": conference, "unit": unit},
            values={
                "name": spec.point_name.format(unit=_lower_first(unit.full_name)),
                "is_main": False,
            },
            create_only=spec.point_defaults,
        )


@transaction.atomic
def _write(spec: PlanSpec, unit_sets: list[UnitSetSpec], day: date) -> Conference:
    written = {s.code: _write_unit_set(s) for s in unit_sets}
    unit_set = written[spec.unit_set]
    shift = day - spec.day
    issued_on = spec.conference["plan_issued_on"]
    values = {
        **{
            k: v
            for k, v in spec.conference.items()
            if k not in ("slug", "plan_issued_on")
        },
        "unit_set_id": unit_set.pk,
        "starts_at": _local(day, spec.starts_at),
        "connection_opens_at": (
            _local(day, spec.connection_opens_at) if spec.connection_opens_at else None
        ),
        "delegate_list_deadline": spec.delegate_list_deadline.on(day),
    }
    conference = _upsert(
        Conference,
        key="conference",
        lookup={"slug": f"{spec.conference['slug']}-{day:%Y-%m-%d}"},
        values=values,
        # An administrator may correct the issue date (the document's header is
        # wrong); a reload keeps the correction.
        create_only={"plan_issued_on": issued_on + shift if issued_on else None},
    )
    _write_points(spec=spec, conference=conference, unit_set=unit_set)
    for index, slot in enumerate(spec.agenda):
        _upsert(
            AgendaSlot,
            key=f"agenda[{index}]",
            lookup={"conference": conference, "order": slot.order},
            values={
                "starts_at": _local(day, slot.starts_at),
                "ends_at": _local(day, slot.ends_at),
                "content": slot.content,
                "presenter_name": slot.presenter_name,
                "presenter_title": slot.presenter_title,
                "performing_unit": slot.performing_unit,
            },
        )
    org_units = {}
    for index, unit in enumerate(spec.units):
        org_units[unit["code"]] = _upsert(
            OrganisationalUnit,
            key=f"units[{index}]",
            lookup={"code": unit["code"]},
            values={k: v for k, v in unit.items() if k != "code"},
        )
    for index, task in enumerate(spec.tasks):
        _upsert(
            Task,
            key=f"tasks[{index}]",
            lookup={"conference": conference, "plan_ref": task.plan_ref},
            values={
                "title": task.title,
                "description": task.description,
                "assignee_unit_id": org_units[task.unit].pk,
                "deadline": task.deadline.on(day) if task.deadline else None,
                "deadline_note": task.deadline_note,
            },
        )
    return conference


def load_plan(
    *, path: Path = DEFAULT_PLAN, day: date | None = None, units_dir: Path = UNITS_DIR
) -> Conference:
    """Load every unit set and the plan at `path`, on `day` or the plan's own day."""
    unit_sets = [read_unit_set(p) for p in sorted(units_dir.glob("*.yaml"))]
    _unique(unit_sets, "code", str(units_dir))
    spec = read_plan(path)
    if spec.unit_set not in {s.code for s in unit_sets}:
        raise _error(
            "unit_set",
            _('no unit set file has the code "%(value)s".') % {"value": spec.unit_set},
        )
    return _write(spec, unit_sets, day or spec.day)
