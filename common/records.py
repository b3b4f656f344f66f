"""Idempotent writes of rows identified by a natural key (data files, reloads)."""

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

BATCH_SIZE = 2000


def _clean(obj: models.Model) -> None:
    # Relations are set from rows the caller has just written; checking them would
    # cost a query each. Database constraints still guard them.
    relations = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)


M = TypeVar("M", bound=models.Model)


def upsert(
    model: type[M],
    *,
    lookup: dict[str, Any],
    values: dict[str, Any],
    create_only: dict[str, Any] | None = None,
) -> M:
    """Create the row, or update only the fields that differ.

    `create_only` values are written on creation and never updated, so an
    administrator's correction survives a reload. Saving nothing when nothing
    differs keeps the audit history quiet. Raises `ValidationError`.
    """
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values, **(create_only or {}))
        _clean(obj)
        obj.save()
        return obj
    _update(obj, values)
    return obj


def _update(obj: models.Model, values: dict[str, Any]) -> None:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        _clean(obj)
        obj.save(update_fields=changed)


@dataclass(frozen=True)
class Row:
    """One row for `upsert_all`: its key in the scope, its values, and the values
    written on creation only."""

    key: Any
    values: dict[str, Any]
    create_only: dict[str, Any] = field(default_factory=dict)


def upsert_all(
    model: type[M],
    *,
    scope: dict[str, Any],
    key: str,
    rows: Iterable[Row],
    where: Callable[[Any], AbstractContextManager[Any]] = lambda key: nullcontext(),
) -> dict[Any, M]:
    """`upsert` for many rows of one scope (a set's units, a conference's points),
    returned by key: one read of the rows the scope holds, the new ones checked one
    by one and created together, with their history where the model keeps one.

    `scope` holds plain field values: it filters the rows and is given to each new
    one. `key` is a concrete field (`unit_id`, not `unit`, which would cost a query
    a row). The new rows are created without their model's save(): a value it would
    derive belongs in the row's values. `where(key)` wraps each row's checks, so a
    caller can name the row a `ValidationError` comes from.
    """
    held = {getattr(obj, key): obj for obj in model._default_manager.filter(**scope)}
    written: dict[Any, M] = {}
    new: list[M] = []
    for row in rows:
        with where(row.key):
            obj = held.get(row.key)
            if obj is None:
                obj = model(**scope, **{key: row.key}, **row.values, **row.create_only)
                _clean(obj)
                new.append(obj)
            else:
                _update(obj, row.values)
        written[row.key] = obj
    if new:
        _create_all(model, new)
    return written


def _create_all(model: type[M], objs: list[M]) -> None:
    try:
        get_history_manager_for_model(model)
    except NotHistoricalModelError:
        model._default_manager.bulk_create(objs, batch_size=BATCH_SIZE)
    else:
        bulk_create_with_history(objs, model, batch_size=BATCH_SIZE)


def sign_change(obj: models.Model, *, by: Any, reason: str | None = None) -> None:
    """Who makes the next save of `obj`, and why, for its django-simple-history
    record: the two instance attributes the library reads (its documented way of
    naming the user outside a request). One place that knows their names."""
    attributes = vars(obj)
    attributes["_history_user"] = by
    if reason is not None:
        attributes["_change_reason"] = reason
