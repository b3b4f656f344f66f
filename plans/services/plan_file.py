"""Read and validate the YAML data files of a plan and of the administrative unit sets.

Everything of a plan lives in its file (plans/data/plans/*.yaml). The schema is in
`plan_schema` (pydantic models); this module reads a file, validates it and refuses a
broken one with the key at fault and the reason in the user's language. `plan_loader`
writes the specs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from .plan_schema import (  # noqa: F401  (the specs are this module's API)
    PlanSpec,
    RelativeMoment,
    UnitSetSpec,
    local_datetime,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
UNITS_DIR = DATA_DIR / "units"
PLANS_DIR = DATA_DIR / "plans"
DEFAULT_PLAN = PLANS_DIR / "5774-KH-BNV.yaml"


class PlanFileError(ValueError):
    """A plan or unit set file that cannot be loaded; the message names the key."""


def plan_error(key: str, problem: str) -> PlanFileError:
    return PlanFileError(_("%(key)s: %(problem)s") % {"key": key, "problem": problem})


def ensure_unique(items: list, attr: str, key: str) -> None:
    seen = set()
    for item in items:
        value = getattr(item, attr)
        if value in seen:
            raise plan_error(
                key, _('"%(value)s" appears more than once.') % {"value": value}
            )
        seen.add(value)


# ------------------------------------------------------------------ error messages

# What the user reads for each kind of error pydantic or the schema raises.
MESSAGES: dict[str, Callable[[dict[str, Any]], str]] = {
    "missing": lambda ctx: _("this key is required."),
    "required": lambda ctx: _("this key is required."),
    "extra_forbidden": lambda ctx: _("unknown key."),
    "string_type": lambda ctx: _("expected text."),
    "empty": lambda ctx: _("must not be empty."),
    "int_type": lambda ctx: _("expected a whole number."),
    "date_type": lambda ctx: _("expected a date YYYY-MM-DD."),
    "clock": lambda ctx: _('expected a time "HH:MM", in quotes.'),
    "choice": lambda ctx: _("expected one of: %(choices)s.") % ctx,
    "moment": lambda ctx: _('expected {days: N, time: "HH:MM"} or null.'),
    "model_type": lambda ctx: _("expected a mapping (key: value)."),
    "list_type": lambda ctx: _("expected a non-empty list."),
    "too_short": lambda ctx: _("expected a non-empty list."),
    "duplicate": lambda ctx: _('"%(value)s" appears more than once.') % ctx,
    "placeholder": lambda ctx: _("the only placeholder allowed is {unit}."),
    "slot_order": lambda ctx: _("the slot must end after it starts."),
    "overlap": lambda ctx: _("slots %(first)s and %(second)s overlap.") % ctx,
    "unit_duplicate": lambda ctx: _("a unit code appears more than once."),
    "unknown_unit": lambda ctx: (
        _('no unit under "units" has the code "%(value)s".') % ctx
    ),
}


def error_key(loc: tuple[str | int, ...]) -> str:
    """`("agenda", 6, "ends_at")` as the file's reader writes it: agenda[6].ends_at."""
    key = ""
    for part in loc:
        key += f"[{part}]" if isinstance(part, int) else f".{part}" if key else part
    return key or "/"


def _first_error(exc: ValidationError) -> ErrorDetails:
    # A misspelt key is named before the key it leaves missing, as a reader would.
    errors = exc.errors()
    return next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])


def _to_plan_error(exc: ValidationError) -> PlanFileError:
    error = _first_error(exc)
    message = MESSAGES.get(error["type"])
    problem = message(error.get("ctx", {})) if message else _("value not valid.")
    return plan_error(error_key(error["loc"]), problem)


# ----------------------------------------------------------------------- reading


# libyaml's safe loader where PyYAML was built with it (its wheels are): the same
# documents, read several times faster than by the pure-Python one.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PlanFileError(
            _("%(path)s: cannot be read (%(error)s).")
            % {"path": path, "error": exc.strerror}
        ) from None
    try:
        data = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise PlanFileError(
            _("%(path)s: not valid YAML (%(error)s).") % {"path": path, "error": exc}
        ) from None
    if not isinstance(data, dict):
        raise PlanFileError(
            _("%(path)s: expected a mapping (key: value).") % {"path": path}
        )
    return data


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
    try:
        return UnitSetSpec.model_validate(_read_yaml(path))
    except ValidationError as exc:
        raise _to_plan_error(exc) from None


def read_plan(path: Path) -> PlanSpec:
    """Read and validate a plan file."""
    try:
        return PlanSpec.model_validate(
            _read_yaml(path), context={"sections": tuple(plan_sections())}
        )
    except ValidationError as exc:
        raise _to_plan_error(exc) from None
