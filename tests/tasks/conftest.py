import pytest

from tests.plan5774 import DEFAULT_PLAN, load_plan


@pytest.fixture
def plan(db):
    return load_plan(path=DEFAULT_PLAN)
