"""The API names the organisations that co-signed a position's published text."""

import pytest

from cosigning.decisions import decide
from positions.factories import PositionPageFactory
from positions.models import PositionPage
from tests.api_helpers import count_queries
from tests.builders import never_published
from tests.cosigning_helpers import build_paper, submit

pytestmark = pytest.mark.django_db


def sign_and_publish(paper, page=None):
    """Both organisations approve (through the link path), the moderators approve."""
    page = page or paper.paper
    submit(page, paper.editor)
    page = PositionPage.objects.get(pk=page.pk)
    for organisation in (paper.awo, paper.caritas):
        decide(page.current_workflow_task_state, organisation, approved=True, via="link")
    page = PositionPage.objects.get(pk=page.pk)
    page.current_workflow_task_state.approve(user=paper.moderator)
    return PositionPage.objects.get(pk=page.pk)


def another_paper(paper, site_tree, title):
    page = PositionPageFactory(
        parent=site_tree.positions,
        title=title,
        topics=[paper.topic],
        organisations=[paper.awo, paper.caritas],
    )
    never_published(page)
    page.refresh_from_db()
    page.save_revision(user=paper.editor)
    return page


def test_signatories_are_shown_in_list_and_detail(client, site_tree):
    paper = build_paper(site_tree)
    page = sign_and_publish(paper)
    assert page.live

    detail = client.get(f"/api/v1/positions/{page.slug}/").json()
    listed = client.get("/api/v1/positions/").json()["results"][0]

    for data in (detail, listed):
        assert [s["organisation"]["key"] for s in data["signatories"]] == ["awo", "caritas"]
        assert data["signatories"][0]["organisation"] == data["organisations"][0]
        assert all(s["signed_at"] for s in data["signatories"])


def test_a_text_published_without_co_signing_shows_no_signatories(client, site_tree):
    paper = build_paper(site_tree)
    page = sign_and_publish(paper)
    # A later version published directly (by someone allowed to) was signed by nobody.
    page.teaser = "Neu gefasst."
    page.save_revision(user=paper.moderator).publish(user=paper.moderator)

    data = client.get(f"/api/v1/positions/{page.slug}/").json()

    assert data["organisations"] and data["signatories"] == []


def test_signatories_cost_no_query_per_position(client, site_tree):
    paper = build_paper(site_tree)
    sign_and_publish(paper)
    client.get("/api/v1/positions/")
    small, _ = count_queries(client, "/api/v1/positions/?limit=100")
    for number in range(3):
        sign_and_publish(paper, another_paper(paper, site_tree, f"Weiteres Papier {number}"))

    large, response = count_queries(client, "/api/v1/positions/?limit=100")

    results = response.json()["results"]
    assert len(results) == 4
    assert all(len(result["signatories"]) == 2 for result in results)
    assert large == small
