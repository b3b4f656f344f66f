"""Writes on unit sets, conferences and bridge points, for the plan loader and demos."""

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from datetime import date
from typing import Any, Protocol

from common.records import BATCH_SIZE, Row, upsert, upsert_all
from common.text import fold_accents

from .models import AdministrativeUnit, AdministrativeUnitSet, BridgePoint, Conference


class UnitValues(Protocol):
    """What a unit is written from (the plan loader's unit spec)."""

    code: str
    name: str
    kind: str
    region: str


def save_unit_set(
    *,
    code: str,
    name: str,
    effective_from: date,
    effective_until: date | None = None,
    legal_basis: str = "",
) -> AdministrativeUnitSet:
    """Create or update a set of administrative units by its code."""
    return upsert(
        AdministrativeUnitSet,
        lookup={"code": code},
        values={
            "name": name,
            "effective_from": effective_from,
            "effective_until": effective_until,
            "legal_basis": legal_basis,
        },
    )


def save_units(
    *,
    unit_set: AdministrativeUnitSet,
    units: Iterable[UnitValues],
    where: Callable[[str], AbstractContextManager[Any]] = lambda code: nullcontext(),
) -> dict[str, AdministrativeUnit]:
    """Create or update units of the set by their official codes; return them by code.

    `where(code)` wraps each unit's checks (the plan loader names the file's key)."""
    return upsert_all(
        AdministrativeUnit,
        scope={"unit_set": unit_set},
        key="code",
        rows=[
            Row(
                key=unit.code,
                values={
                    "name": unit.name,
                    # What save() derives: new units are created in bulk, without it.
                    "search_name": fold_accents(unit.name),
                    "kind": unit.kind,
                    "region": unit.region,
                },
            )
            for unit in units
        ],
        where=where,
    )


def add_units_in_bulk(
    *, unit_set: AdministrativeUnitSet, units: Iterable[tuple[str, str, str]]
) -> None:
    """Add the (code, name, kind) units the set lacks, without per-row checks.

    For synthetic sets of thousands of communes, valid by construction.
    """
    existing = set(unit_set.units.values_list("code", flat=True))
    AdministrativeUnit.objects.bulk_create(
        [
            # bulk_create skips save(): the folded search name is filled here.
            AdministrativeUnit(
                unit_set=unit_set,
                code=code,
                name=name,
                kind=kind,
                search_name=fold_accents(name),
            )
            for code, name, kind in units
            if code not in existing
        ],
        batch_size=BATCH_SIZE,
    )


def save_conference(
    *, slug: str, values: dict[str, Any], create_only: dict[str, Any] | None = None
) -> Conference:
    """Create or update a conference by its slug."""
    return upsert(
        Conference, lookup={"slug": slug}, values=values, create_only=create_only
    )


def save_main_point(*, conference: Conference, values: dict[str, Any]) -> BridgePoint:
    """Create or update the conference's main point."""
    return upsert(
        BridgePoint,
        lookup={"conference": conference, "is_main": True},
        values={**values, "unit_id": None},
    )


def save_province_points(
    *,
    conference: Conference,
    names: dict[AdministrativeUnit, str],
    defaults: dict[str, Any] | None = None,
    where: Callable[[AdministrativeUnit], AbstractContextManager[Any]] = (
        lambda unit: nullcontext()
    ),
) -> None:
    """Create or rename each unit's point, named as `names` says; `defaults` are
    written only on creation.

    The province fills its own room and address: a reload keeps them.
    """
    units = {unit.pk: unit for unit in names}
    upsert_all(
        BridgePoint,
        scope={"conference": conference},
        key="unit_id",
        rows=[
            Row(
                key=unit.pk,
                values={"name": name, "is_main": False},
                create_only=defaults or {},
            )
            for unit, name in names.items()
        ],
        where=lambda unit_id: where(units[unit_id]),
    )


def add_province_points_in_bulk(
    *, conference: Conference, units: list[AdministrativeUnit], name: str
) -> list[BridgePoint]:
    """Give each unit a point named `name.format(unit=...)`, in bulk; return them all."""
    have = set(
        BridgePoint.objects.filter(conference=conference, unit__in=units).values_list(
            "unit_id", flat=True
        )
    )
    BridgePoint.objects.bulk_create(
        [
            BridgePoint(
                conference=conference,
                unit=unit,
                name=name.format(unit=unit.name_in_sentence),
            )
            for unit in units
            if unit.pk not in have
        ],
        batch_size=BATCH_SIZE,
    )
    return list(
        BridgePoint.objects.filter(conference=conference, unit__in=units).order_by(
            "unit__code"
        )
    )
