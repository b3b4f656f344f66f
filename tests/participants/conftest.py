from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture
def open_conference(conference):
    """The conference with its delegate list deadline three days ahead."""
    now = timezone.now()
    conference.delegate_list_deadline = now + timedelta(days=3)
    conference.starts_at = now + timedelta(days=5)
    conference.save()
    return conference
