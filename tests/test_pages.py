"""Page types: where they may be created, the admin forms, topic ↔ position listing, rendering."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from contacts.factories import ContactFactory, MemberOrganisationFactory
from core.factories import LigaDocumentFactory, LigaImageFactory
from home.factories import TopicPageFactory
from home.models import HomePage, TopicIndexPage, TopicPage
from positions.factories import create_site_tree
from positions.models import PositionIndexPage, PositionPage
from tests.builders import draft, expire, position, restrict, restricted, unpublish


class TestPageTree(WagtailPageTestCase):
    """Which page may live where."""

    def test_home_page_sits_under_the_tree_root_and_holds_the_two_indexes(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {TopicIndexPage, PositionIndexPage})

    def test_topics_live_only_under_the_topic_index(self):
        self.assertCanCreateAt(TopicIndexPage, TopicPage)
        self.assertCanNotCreateAt(HomePage, TopicPage)
        self.assertCanNotCreateAt(PositionIndexPage, TopicPage)
        self.assertAllowedParentPageTypes(TopicPage, {TopicIndexPage})
        self.assertAllowedSubpageTypes(TopicPage, set())

    def test_positions_live_only_under_the_position_index(self):
        self.assertCanCreateAt(PositionIndexPage, PositionPage)
        self.assertCanNotCreateAt(TopicIndexPage, PositionPage)
        self.assertCanNotCreateAt(TopicPage, PositionPage)
        self.assertAllowedParentPageTypes(PositionPage, {PositionIndexPage})
        self.assertAllowedSubpageTypes(PositionPage, set())

    def test_indexes_live_only_under_the_home_page_once(self):
        self.assertAllowedParentPageTypes(TopicIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(PositionIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(TopicIndexPage, {TopicPage})
        self.assertAllowedSubpageTypes(PositionIndexPage, {PositionPage})
        tree = create_site_tree()
        self.assertFalse(TopicIndexPage.can_create_at(tree.home))
        self.assertFalse(PositionIndexPage.can_create_at(tree.home))


class TestAdminForms(WagtailPageTestCase):
    """Creating pages through the Wagtail admin's page forms."""

    def setUp(self):
        super().setUp()
        # force_login: a password login (self.login) goes through django-axes, which needs the
        # request that the test client's login() does not give it.
        self.client.force_login(self.create_test_user())
        self.tree = create_site_tree()
        self.migration = TopicPageFactory(parent=self.tree.topics, title="Flucht und Migration")
        self.poverty = TopicPageFactory(parent=self.tree.topics, title="Armut")
        self.contact = ContactFactory()

    def position_data(self, topics, **overrides):
        data = {
            "title": "Rückkehrberatung",
            "slug": "rueckkehrberatung",
            "teaser": "Rückkehrberatung braucht Zeit und Vertrauen.",
            "kind": "position_paper",
            "published": "2020-07-21",
            "topic_links": inline_formset([{"topic": t.pk} for t in topics], min=1),
            "image": "",
            "image_alt": "",
            "body": streamfield(
                [
                    ("heading", {"text": "Ausgangslage", "level": "h2"}),
                    ("paragraph", rich_text("<p>Die LIGA fordert <b>Zeit</b>.</p>")),
                ]
            ),
            "document": LigaDocumentFactory().pk,
            "contact_links": inline_formset([{"contact": self.contact.pk}]),
            "organisation_links": inline_formset(
                [{"organisation": MemberOrganisationFactory().pk}]
            ),
        }
        data.update(overrides)
        return nested_form_data(data)

    def test_topic_page_can_be_created_and_published_in_admin(self):
        image = LigaImageFactory(description="Symbolbild: Beratung")
        data = nested_form_data(
            {
                "title": "Pflege",
                "intro": rich_text("<p>Gute Pflege braucht <i>Personal</i>.</p>"),
                "image": image.pk,
                "image_alt": "",
                "body": streamfield(
                    [
                        ("paragraph", rich_text("<p>Text</p>")),
                        ("image", {"image": image.pk, "alt": "", "caption": "Foto"}),
                        ("quote", {"text": rich_text("<p>Zitat</p>"), "attribution": "LIGA"}),
                    ]
                ),
                "contact_links": inline_formset([{"contact": self.contact.pk}]),
            }
        )

        self.assertCanCreate(self.tree.topics, TopicPage, data)

        page = TopicPage.objects.get(slug="pflege")
        self.assertTrue(page.live)
        self.assertEqual(page.image_alt, "Symbolbild: Beratung")
        self.assertEqual([block.block_type for block in page.body], ["paragraph", "image", "quote"])
        self.assertEqual(page.contacts(), [self.contact])

    def test_position_page_can_be_created_with_topics_in_admin(self):
        self.assertCanCreate(
            self.tree.positions, PositionPage, self.position_data([self.poverty, self.migration])
        )

        position = PositionPage.objects.get(slug="rueckkehrberatung")
        self.assertTrue(position.live)
        self.assertEqual(position.published, datetime.date(2020, 7, 21))
        self.assertEqual(list(position.topics()), [self.poverty, self.migration])
        self.assertEqual(position.contacts(), [self.contact])
        self.assertEqual(len(position.organisations()), 1)
        self.assertIn(position, self.migration.positions())

    def test_position_page_without_topic_is_refused_in_admin(self):
        add_url = reverse(
            "wagtailadmin_pages:add", args=["positions", "positionpage", self.tree.positions.pk]
        )
        data = self.position_data([])
        data["action-publish"] = "action-publish"

        response = self.client.post(add_url, data)

        self.assertEqual(response.status_code, 200)
        formset = response.context["form"].formsets["topic_links"]
        codes = [error.code for error in formset.non_form_errors().as_data()]
        self.assertEqual(codes, ["too_few_forms"])
        self.assertFalse(PositionPage.objects.filter(slug="rueckkehrberatung").exists())


# Topic ↔ position listing (plain pytest functions on the shared fixtures)


@pytest.fixture
def topics(site_tree):
    return (
        TopicPageFactory(parent=site_tree.topics, title="Flucht und Migration"),
        TopicPageFactory(parent=site_tree.topics, title="Armut"),
    )


@pytest.mark.django_db
def test_position_under_two_topics_appears_on_both(site_tree, topics):
    paper = position(site_tree, topics)

    assert list(topics[0].positions()) == [paper]
    assert list(topics[1].positions()) == [paper]


@pytest.mark.django_db
def test_topic_lists_its_positions_newest_first(site_tree, topics):
    old = position(site_tree, topics[:1], published=datetime.date(2019, 3, 1))
    new = position(site_tree, topics[:1], published=datetime.date(2024, 9, 1))
    same_day_later = position(site_tree, topics[:1], published=datetime.date(2024, 9, 1))
    elsewhere = position(site_tree, topics[1:], published=datetime.date(2025, 1, 1))

    assert list(topics[0].positions()) == [same_day_later, new, old]
    assert list(topics[1].positions()) == [elsewhere]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "hide",
    [
        pytest.param(draft, id="draft"),
        pytest.param(unpublish, id="unpublished"),
        pytest.param(expire, id="expired-but-still-live"),
        pytest.param(restricted(PageViewRestriction.LOGIN), id="login"),
        pytest.param(restricted(PageViewRestriction.PASSWORD), id="pwd"),
        pytest.param(restricted(PageViewRestriction.GROUPS), id="groups"),
    ],
)
def test_hidden_positions_never_appear_on_topics(site_tree, topics, hide):
    visible = position(site_tree, topics, title="Sichtbar")
    hidden = position(site_tree, topics, title="Verborgen")

    hide(hidden)

    for topic in topics:
        assert list(topic.positions()) == [visible]


@pytest.mark.django_db
def test_new_draft_position_never_appears(site_tree, topics):
    draft = position(site_tree, topics, live=False)

    assert draft not in topics[0].positions()
    assert not topics[0].positions().exists()


@pytest.mark.django_db
def test_position_under_private_index_never_appears(site_tree, topics):
    paper = position(site_tree, topics)
    restrict(site_tree.positions)

    assert paper not in topics[0].positions()


@pytest.mark.django_db
def test_position_with_future_expiry_still_appears(site_tree, topics):
    paper = position(site_tree, topics, expire_at=timezone.now() + datetime.timedelta(days=1))

    assert list(topics[0].positions()) == [paper]


@pytest.mark.django_db
def test_position_topics_follow_the_editors_order(site_tree, topics):
    migration, poverty = topics
    care = TopicPageFactory(parent=site_tree.topics, title="Pflege")
    paper = position(site_tree, [poverty, care, migration])

    assert list(paper.topics()) == [poverty, care, migration]


@pytest.mark.django_db
def test_position_topics_leave_out_hidden_topics(site_tree, topics):
    migration, poverty = topics
    paper = position(site_tree, [migration, poverty])
    poverty.unpublish()

    assert list(paper.topics()) == [migration]


# Rendering


@pytest.mark.django_db
def test_topic_page_renders_with_title_positions_and_contacts(client, site_tree):
    contact = ContactFactory(honorific="Dr.", given_name="Nadine", family_name="Börner")
    topic = TopicPageFactory(
        parent=site_tree.topics, title="Eingliederungshilfe", contacts=[contact]
    )
    position(site_tree, [topic], title="Teilhabe sichern")
    hidden = position(site_tree, [topic], title="Interner Entwurf")
    restrict(hidden)

    response = client.get(topic.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Eingliederungshilfe</h1>" in html
    assert "Teilhabe sichern" in html
    assert "Interner Entwurf" not in html
    assert "Nadine Börner" in html


@pytest.mark.django_db
def test_position_page_renders_with_title_and_topics(client, site_tree, topics):
    paper = position(
        site_tree,
        topics,
        title="Rückkehrberatung stärken",
        document=LigaDocumentFactory(title="Positionspapier Rückkehrberatung"),
        image=LigaImageFactory(description="Symbolbild: Beratung"),
    )

    response = client.get(paper.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Rückkehrberatung stärken" in html
    assert "Flucht und Migration" in html
    assert paper.document.url in html


@pytest.mark.django_db
def test_private_position_page_is_not_rendered_anonymously(client, site_tree, topics):
    paper = position(site_tree, topics, title="Interner Entwurf")
    restrict(paper)

    response = client.get(paper.url)

    assert response.status_code == 302
    assert "Interner Entwurf" not in response.content.decode()
