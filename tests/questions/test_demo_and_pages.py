"""The demo content, the page sweeps reaching every page of the app, and no
/media/ route even with DEBUG."""

import importlib

import pytest
from django.test import Client
from django.urls import Resolver404, get_resolver
from django.utils import timezone

from accounts.models import User
from outbox.models import OutboxMessage
from plans.services.demo import seed_demo_content
from questions.enums import DraftStatus, QuestionStatus
from questions.models import DraftGuidance, Question, SectionComment
from tests import factories
from tests.otp import login_verified
from tests.pages import SWEEP_LIMIT, build_demo_world, extra_urls, page_key, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.DEBUG = False
    return build_demo_world()


def test_the_demo_has_a_draft_and_a_question_in_each_main_state(world):
    statuses = sorted(
        Question.objects.filter(conference=world.conference).values_list(
            "status", flat=True
        )
    )

    assert statuses == sorted(
        [QuestionStatus.ANSWERED_IN_WRITING, QuestionStatus.AT_CONFERENCE, "new"]
    )
    assert DraftGuidance.objects.get().status == DraftStatus.OPEN
    assert SectionComment.objects.get().point == world.point
    assert not OutboxMessage.objects.exists()  # a demo e-mails nobody


def test_seeding_the_demo_again_adds_nothing(world):
    seed_demo_content(conference=world.conference, now=timezone.now())

    assert Question.objects.count() == 3
    assert DraftGuidance.objects.count() == 1


def test_a_conference_already_over_gets_no_demo_questions(world):
    past = factories.ConferenceFactory(unit_set=world.conference.unit_set)
    factories.BridgePointFactory(conference=past, unit=world.point.unit)

    seed_demo_content(conference=past, now=timezone.now())

    assert not Question.objects.filter(conference=past).exists()
    assert not DraftGuidance.objects.filter(conference=past).exists()


def _walked(username: str, world) -> set[str]:
    client = Client()
    login_verified(client, User.objects.get(username=username))

    def fetch(url):
        response = client.get(url, follow=True)
        final = response.redirect_chain[-1][0] if response.redirect_chain else url
        return final, response.content.decode()

    pages = walk(fetch, extra=extra_urls(username, world), limit=SWEEP_LIMIT)
    return {page_key(url.split("?")[0]) for url in pages}


def test_the_page_sweeps_reach_every_page_of_a_province_and_of_vu_cchc(world):
    assert {
        "questions:point_questions",
        "questions:ask",
        "questions:point_question",
        "questions:point_draft",
        "questions:comment",
    } <= _walked("snv-01", world)
    assert {
        "questions:triage_list",
        "questions:triage",
        "questions:queue",
        "questions:drafts",
        "questions:draft",
        "questions:section_edit",
        "questions:comment_response",
    } <= _walked("cchc", world)


def test_no_media_route_even_with_debug(settings):
    import config.urls

    settings.DEBUG = True
    try:
        urls = importlib.reload(config.urls)
        with pytest.raises(Resolver404):
            get_resolver(urls).resolve(f"/{settings.MEDIA_URL}questions/1/x.pdf")
    finally:
        settings.DEBUG = False
        importlib.reload(config.urls)
