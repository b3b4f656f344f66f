"""Plan 5774 loaded as written (22/11/2022)."""

from plans.services.plan_loader import DEFAULT_PLAN, load_plan

__all__ = ["DEFAULT_PLAN", "load_plan"]
