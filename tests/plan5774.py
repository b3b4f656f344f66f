"""Plan 5774 loaded as written (22/11/2022), wherever the loader lives."""

try:  # the loader moves from conference to plans
    from plans.services.plan_loader import DEFAULT_PLAN, load_plan
except ImportError:  # pragma: no cover
    from conference.services.plan_loader import DEFAULT_PLAN, load_plan

__all__ = ["DEFAULT_PLAN", "load_plan"]
