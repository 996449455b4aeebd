"""Preview links through HTTP: an editor creates one in the admin for a draft position, topic
or contact; the API answers its latest revision, never cached, ``noindex``; an expired,
revoked or altered token answers a problem; the public API never shows the draft."""

import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from access.models import PreviewToken
from access.wagtail_hooks import preview_links_url
from contacts.factories import ContactFactory, MemberOrganisationFactory
from home.factories import TopicPageFactory
from positions.factories import PositionPageFactory
from tests.responses import ok, problem, slugs

pytestmark = pytest.mark.django_db

PREVIEW = "/api/v1/preview/"


def create_link(admin_client, obj) -> str:
    """The preview link the admin shows (once) after "Create preview link"."""
    answer = admin_client.post(preview_links_url(obj))
    assert answer.status_code == 200
    found = re.search(r'value="([^"]+)" data-preview-link', answer.content.decode())
    assert found, "no preview link on the page"
    return html.unescape(found.group(1))


@pytest.fixture
def draft(site_tree):
    """A position that was never published, with a second, newer draft revision."""
    page = PositionPageFactory(
        parent=site_tree.positions, slug="entwurf", title="Erster Entwurf", live=False
    )
    page.title = "Zweiter Entwurf"
    page.save_revision()
    return page


def test_a_preview_link_answers_the_latest_revision_in_the_detail_shape(
    client, wagtail_admin_client, draft
):
    link = create_link(wagtail_admin_client, draft)

    answer = ok(client.get(link))

    body = answer.json()
    assert body["title"] == "Zweiter Entwurf" and body["slug"] == "entwurf"
    assert {"body", "topics", "contacts", "organisations", "translations"} <= set(body)
    assert answer["Cache-Control"] == "private, no-store"
    assert answer["X-Robots-Tag"] == "noindex"
    assert "Surrogate-Key" not in answer and "ETag" not in answer


def test_the_draft_never_shows_in_the_public_api(client, wagtail_admin_client, draft):
    client.get(create_link(wagtail_admin_client, draft))

    assert slugs(client.get("/api/v1/positions/")) == []
    problem(client.get("/api/v1/positions/entwurf/"), 404)
    assert "Entwurf" not in client.get("/api/v1/search/?q=Entwurf").content.decode()


def test_a_live_page_previews_its_draft_while_the_api_serves_the_live_version(
    client, wagtail_admin_client, site_tree
):
    page = PositionPageFactory(parent=site_tree.positions, slug="kita", title="Kita: live")
    page.title = "Kita: geänderter Entwurf"
    page.save_revision()

    preview = ok(client.get(create_link(wagtail_admin_client, page))).json()

    assert preview["title"] == "Kita: geänderter Entwurf"
    assert ok(client.get("/api/v1/positions/kita/")).json()["title"] == "Kita: live"


def test_a_topic_and_a_contact_can_be_previewed(client, wagtail_admin_client, site_tree):
    topic = TopicPageFactory(parent=site_tree.topics, slug="pflege", title="Pflege", live=False)
    person = ContactFactory(key="m-neu", role="Referentin", live=False)
    person.role = "Referentin Pflege"
    person.save_revision()

    topic_preview = ok(client.get(create_link(wagtail_admin_client, topic))).json()
    contact_preview = ok(client.get(create_link(wagtail_admin_client, person))).json()

    assert topic_preview["slug"] == "pflege" and "positions" in topic_preview
    assert contact_preview["role"] == "Referentin Pflege"
    assert contact_preview["organisation"]["key"] == person.organisation.key
    problem(client.get(f"/api/v1/contacts/{person.pk}/"), 404)


def test_an_expired_link_answers_401(client, wagtail_admin_client, draft):
    link = create_link(wagtail_admin_client, draft)
    PreviewToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    answer = client.get(link)

    assert "expired" in problem(answer, 401)["detail"]
    assert answer["Cache-Control"] == "private, no-store"
    assert answer["WWW-Authenticate"].startswith("Bearer")


def test_a_link_is_valid_for_24_hours(wagtail_admin_client, draft):
    create_link(wagtail_admin_client, draft)

    token = PreviewToken.objects.get()
    assert token.expires_at - token.created_at == timedelta(hours=24)
    assert token.object_id == draft.pk


def test_a_revoked_link_answers_401_at_once(client, wagtail_admin_client, draft):
    link = create_link(wagtail_admin_client, draft)
    ok(client.get(link))
    token = PreviewToken.objects.get()

    wagtail_admin_client.post(preview_links_url(draft), {"revoke": token.pk})

    problem(client.get(link), 401)


@pytest.mark.parametrize(
    "change", [lambda t: t[:-1], lambda t: t[:-1] + ("A" if t[-1] != "A" else "B")]
)
def test_an_altered_token_answers_404(client, wagtail_admin_client, draft, change):
    link = create_link(wagtail_admin_client, draft)
    token = link.split("token=")[1]

    answer = client.get(PREVIEW, {"token": change(token)})

    assert problem(answer, 404)["detail"] == "There is no preview for this token."
    assert "Zweiter Entwurf" not in answer.content.decode()


def test_the_token_is_required_and_only_its_digest_stored(client, wagtail_admin_client, draft):
    link = create_link(wagtail_admin_client, draft)

    assert "token" in problem(client.get(PREVIEW), 400)["errors"]
    assert link.split("token=")[1] not in PreviewToken.objects.get().digest


def test_a_deleted_item_answers_404(client, wagtail_admin_client, draft):
    link = create_link(wagtail_admin_client, draft)
    draft.delete()

    problem(client.get(link), 404)


def test_the_admin_offers_the_link_on_edit_views(wagtail_admin_client, draft):
    person = ContactFactory(key="m-neu")
    page_edit = wagtail_admin_client.get(f"/admin/pages/{draft.pk}/edit/")
    contact_edit = wagtail_admin_client.get(f"/admin/snippets/contacts/contact/edit/{person.pk}/")

    assert preview_links_url(draft) in page_edit.content.decode()
    assert preview_links_url(person) in contact_edit.content.decode()


def test_the_admin_shows_the_member_sites_preview_urls(wagtail_admin_client, draft):
    MemberOrganisationFactory(
        key="awo",
        name="AWO Sachsen",
        preview_url_template="https://www.awo.example/vorschau/{type}/{slug}?t={token}&l={locale}",
    )

    answer = wagtail_admin_client.post(preview_links_url(draft)).content.decode()

    link = re.search(r'value="([^"]+)" data-preview-link', answer).group(1)
    token = html.unescape(link).split("token=")[1]
    expected = f"https://www.awo.example/vorschau/position/entwurf?t={token}&amp;l=de"
    assert expected in answer


def test_editors_without_edit_rights_cannot_create_links(client, django_user_model, draft):
    user = django_user_model.objects.create_user("leser", password="x")
    client.force_login(user)

    assert client.post(preview_links_url(draft)).status_code in (302, 403)
    assert not PreviewToken.objects.exists()


def test_preview_query_count_does_not_grow_with_relations(client, wagtail_admin_client, site_tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    topics = [TopicPageFactory(parent=site_tree.topics) for _ in range(4)]
    contacts = [ContactFactory() for _ in range(4)]
    organisations = [MemberOrganisationFactory() for _ in range(4)]
    small = PositionPageFactory(
        parent=site_tree.positions,
        slug="klein",
        live=False,
        topics=topics[:1],
        contacts=contacts[:1],
        organisations=organisations[:1],
    )
    large = PositionPageFactory(
        parent=site_tree.positions,
        slug="gross",
        live=False,
        topics=topics,
        contacts=contacts,
        organisations=organisations,
    )
    small_link = create_link(wagtail_admin_client, small)
    large_link = create_link(wagtail_admin_client, large)
    client.get(small_link)  # warm Wagtail's cached site root paths

    counts = []
    for link in (small_link, large_link):
        with CaptureQueriesContext(connection) as captured:
            ok(client.get(link))
        counts.append(len(captured))

    assert len(ok(client.get(large_link)).json()["topics"]) == 4
    assert counts[0] == counts[1]
