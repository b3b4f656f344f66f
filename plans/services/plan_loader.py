"""Write a plan, and the administrative unit sets, from their validated specs.

The whole file is validated (plan_file) before anything is written, and the writes
run in one transaction, so a broken file changes nothing. Rows are matched on
natural keys and saved only when a value differs: loading the same file twice
changes nothing, not even the audit history.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agenda.services import save_slot
from conference import services as conference_services
from conference.models import AdministrativeUnitSet, Conference
from participants.services import open_delegate_lists
from tasks.services import save_organisational_unit, save_plan_task

from .plan_file import (  # noqa: F401  (DEFAULT_PLAN and PlanFileError: the API)
    DEFAULT_PLAN,
    UNITS_DIR,
    PlanFileError,
    ensure_unique,
    local_datetime,
    plan_error,
    plan_sections,
    read_plan,
    read_unit_set,
)
from .plan_schema import PlanSpec, UnitSetSpec


@contextmanager
def _at(key: str) -> Iterator[None]:
    """Name the key of the file whose row a service refused."""
    try:
        yield
    except ValidationError as exc:
        problems = "; ".join(
            f"{field}: {' '.join(messages)}"
            for field, messages in exc.message_dict.items()
        )
        raise plan_error(key, problems) from None


def _write_unit_set(spec: UnitSetSpec) -> AdministrativeUnitSet:
    with _at(spec.code):
        unit_set = conference_services.save_unit_set(
            code=spec.code,
            name=spec.name,
            effective_from=spec.effective_from,
            effective_until=spec.effective_until,
            legal_basis=spec.legal_basis,
        )
    conference_services.save_units(
        unit_set=unit_set,
        units=spec.units,
        where=lambda code: _at(f"{spec.code}.units[{code}]"),
    )
    return unit_set


def _write_points(
    *, spec: PlanSpec, conference: Conference, unit_set: AdministrativeUnitSet
) -> None:
    with _at("main_point"):
        conference_services.save_main_point(
            conference=conference, values=spec.main_point.model_dump()
        )
    points = spec.provincial_points
    conference_services.save_province_points(
        conference=conference,
        names={
            unit: points.name.format(unit=unit.name_in_sentence)
            for unit in unit_set.units.order_by("code")
        },
        defaults=points.model_dump(exclude={"name"}),
        where=lambda unit: _at(f"provincial_points[{unit.code}]"),
    )
    # Every point has its delegate list from the start; a reload opens none again.
    open_delegate_lists(conference=conference)


@transaction.atomic
def _write(spec: PlanSpec, unit_sets: list[UnitSetSpec], day: date) -> Conference:
    written = {s.code: _write_unit_set(s) for s in unit_sets}
    unit_set = written[spec.unit_set]
    plan = spec.conference
    shift = day - plan.day
    issued_on = plan.plan_issued_on
    values = {
        **plan.conference_values(),
        "unit_set_id": unit_set.pk,
        "starts_at": local_datetime(day, plan.starts_at),
        "connection_opens_at": (
            local_datetime(day, plan.connection_opens_at)
            if plan.connection_opens_at
            else None
        ),
        "delegate_list_deadline": plan.delegate_list_deadline.on(day),
    }
    with _at("conference"):
        conference = conference_services.save_conference(
            slug=f"{plan.slug}-{day:%Y-%m-%d}",
            values=values,
            # An administrator may correct the issue date (the document's header is
            # wrong); a reload keeps the correction.
            create_only={"plan_issued_on": issued_on + shift if issued_on else None},
        )
    _write_points(spec=spec, conference=conference, unit_set=unit_set)
    for index, slot in enumerate(spec.agenda):
        with _at(f"agenda[{index}]"):
            save_slot(
                conference=conference,
                order=slot.order,
                starts_at=local_datetime(day, slot.starts_at),
                ends_at=local_datetime(day, slot.ends_at),
                content=slot.content,
                presenter_name=slot.presenter_name,
                presenter_title=slot.presenter_title,
                performing_unit=slot.performing_unit,
            )
    org_units = {}
    for index, unit in enumerate(spec.units):
        with _at(f"units[{index}]"):
            org_units[unit.code] = save_organisational_unit(
                code=unit.code, values=unit.model_dump(exclude={"code"})
            )
    for index, task in enumerate(spec.tasks):
        with _at(f"tasks[{index}]"):
            save_plan_task(
                conference=conference,
                plan_ref=task.plan_ref,
                values={
                    "title": task.title,
                    "description": task.description,
                    "assignee_unit_id": org_units[task.unit].pk,
                    "deadline": task.deadline.on(day) if task.deadline else None,
                    "deadline_note": task.deadline_note,
                },
            )
    loaders = plan_sections()
    for name, data in spec.sections.items():
        with _at(name):
            loaders[name].load_plan_section(
                name, data, conference=conference, shift=shift
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
    return _write(spec, unit_sets, day or spec.conference.day)
