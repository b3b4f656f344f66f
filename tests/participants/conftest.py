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


@pytest.fixture
def far_conference(conference):
    """The conference far ahead: lists due 01/11/2098 17:00, it starts 05/01/2099."""
    from datetime import datetime

    from tests.factories import VN

    conference.delegate_list_deadline = datetime(2098, 11, 1, 17, 0, tzinfo=VN)
    conference.starts_at = datetime(2099, 1, 5, 8, 0, tzinfo=VN)
    conference.save()
    return conference
