"""Write a plan, and the administrative unit sets, from their validated specs.

The whole file is validated (plan_file) before anything is written, and the writes
run in one transaction, so a broken file changes nothing. Rows are matched on
natural keys and saved only when a value differs: loading the same file twice
changes nothing, not even the audit history.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from agenda.models import AgendaSlot
from tasks.models import OrganisationalUnit, Task

from ..models import AdministrativeUnit, AdministrativeUnitSet, BridgePoint, Conference
from .plan_file import (  # noqa: F401  (DEFAULT_PLAN and PlanFileError: the API)
    DEFAULT_PLAN,
    UNITS_DIR,
    PlanFileError,
    PlanSpec,
    RelativeMoment,
    UnitSetSpec,
    ensure_unique,
    local_datetime,
    plan_error,
    read_plan,
    read_unit_set,
)


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
        raise plan_error(key, problems) from None


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
            values={"name": unit.name, "kind": unit.kind, "region": unit.region},
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
        "starts_at": local_datetime(day, spec.starts_at),
        "connection_opens_at": (
            local_datetime(day, spec.connection_opens_at)
            if spec.connection_opens_at
            else None
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
                "starts_at": local_datetime(day, slot.starts_at),
                "ends_at": local_datetime(day, slot.ends_at),
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
    ensure_unique(unit_sets, "code", str(units_dir))
    spec = read_plan(path)
    if spec.unit_set not in {s.code for s in unit_sets}:
        raise plan_error(
            "unit_set",
            _('no unit set file has the code "%(value)s".') % {"value": spec.unit_set},
        )
    return _write(spec, unit_sets, day or spec.day)
