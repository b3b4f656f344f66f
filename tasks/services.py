"""Writes on organisational units and tasks."""

from typing import Any

from common.records import upsert

from .models import OrganisationalUnit, Task


def save_organisational_unit(
    *, code: str, values: dict[str, Any]
) -> OrganisationalUnit:
    """Create or update an organisational unit by its code."""
    return upsert(OrganisationalUnit, lookup={"code": code}, values=values)


def save_plan_task(*, conference, plan_ref: str, values: dict[str, Any]) -> Task:
    """Create or update the conference's task at its place in the plan."""
    return upsert(
        Task, lookup={"conference": conference, "plan_ref": plan_ref}, values=values
    )
