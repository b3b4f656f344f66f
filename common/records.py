"""Idempotent writes of rows identified by a natural key (data files, reloads)."""

from typing import Any, TypeVar

from django.db import models


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
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        _clean(obj)
        obj.save(update_fields=changed)
    return obj


def sign_change(obj: models.Model, *, by: Any, reason: str | None = None) -> None:
    """Who makes the next save of `obj`, and why, for its django-simple-history
    record: the two instance attributes the library reads (its documented way of
    naming the user outside a request). One place that knows their names."""
    attributes = vars(obj)
    attributes["_history_user"] = by
    if reason is not None:
        attributes["_change_reason"] = reason
