"""Factories for the positions index, position pages and their topic/contact/organisation links.

Page factories follow wagtail-factories' ``PageFactory`` (``parent=`` is the page to add the
new one under); link factories default to new objects under the existing indexes.
"""

import datetime
from dataclasses import dataclass

import factory
import wagtail_factories
from wagtail.models import Page, Site

from contacts.factories import ContactFactory, MemberOrganisationFactory
from home.factories import (
    HomePageFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
    first_topic_index,
)
from home.models import HomePage, TopicIndexPage
from positions.models import (
    PositionContact,
    PositionIndexPage,
    PositionKind,
    PositionOrganisation,
    PositionPage,
    PositionTopic,
)


def first_position_index() -> PositionIndexPage:
    """The existing positions index ("Positionen"), the default parent used by sub-factories."""
    index = PositionIndexPage.objects.order_by("path").first()
    if index is None:
        raise LookupError("No PositionIndexPage yet: create the site tree first.")
    return index


class PositionIndexPageFactory(wagtail_factories.PageFactory):
    """The positions index, titled “Positionen”; its parent must be a ``HomePage``."""

    title = "Positionen"
    slug = "positionen"
    intro = "<p>Positionspapiere, Stellungnahmen und Pressemitteilungen.</p>"

    class Meta:
        model = PositionIndexPage


class PositionPageFactory(wagtail_factories.PageFactory):
    """A position paper with a teaser; its parent must be a ``PositionIndexPage``.

    Related rows are created in the given order after the page::

        PositionPageFactory(parent=index, topics=[migration, armut], contacts=[lehmann],
                            organisations=[paritaet], document=LigaDocumentFactory())

    Note that the admin requires at least one topic; the factory does not.
    """

    title = factory.Sequence(lambda n: f"Positionspapier {n}")
    teaser = factory.LazyAttribute(lambda o: f"Die LIGA nimmt Stellung: {o.title}.")
    kind = PositionKind.POSITION_PAPER
    published = datetime.date(2024, 5, 1)

    class Meta:
        model = PositionPage
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for order, topic in enumerate(extracted):
            PositionTopic.objects.create(position=self, topic=topic, sort_order=order)

    @factory.post_generation
    def contacts(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for order, contact in enumerate(extracted):
            PositionContact.objects.create(position=self, contact=contact, sort_order=order)

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for order, organisation in enumerate(extracted):
            PositionOrganisation.objects.create(
                position=self, organisation=organisation, sort_order=order
            )


class PositionTopicFactory(factory.django.DjangoModelFactory):
    """Lists a position under a topic (by default both new, under the existing indexes)."""

    position = factory.SubFactory(
        PositionPageFactory, parent=factory.LazyFunction(first_position_index)
    )
    topic = factory.SubFactory(TopicPageFactory, parent=factory.LazyFunction(first_topic_index))
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = PositionTopic


class PositionContactFactory(factory.django.DjangoModelFactory):
    """Names a contact person for a position."""

    position = factory.SubFactory(
        PositionPageFactory, parent=factory.LazyFunction(first_position_index)
    )
    contact = factory.SubFactory(ContactFactory)
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = PositionContact


class PositionOrganisationFactory(factory.django.DjangoModelFactory):
    """Adds a co-signing member organisation to a position."""

    position = factory.SubFactory(
        PositionPageFactory, parent=factory.LazyFunction(first_position_index)
    )
    organisation = factory.SubFactory(MemberOrganisationFactory)
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = PositionOrganisation


@dataclass(frozen=True)
class SiteTree:
    """The skeleton of the public site: the default Site, its HomePage and both indexes."""

    site: Site
    home: HomePage
    topics: TopicIndexPage
    positions: PositionIndexPage


def create_site_tree() -> SiteTree:
    """Create a HomePage as the default Site's root with “Themen” and “Positionen” under it.

    Wagtail's initial “Welcome” page is deleted so that the tree holds only the hub's pages.
    """
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    site = Site.objects.filter(is_default_site=True).first()
    old_root = site.root_page if site else None
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    else:
        site.root_page = home
        site.save()
    if old_root is not None and old_root.pk != home.pk and old_root.depth > 1:
        old_root.delete()
    return SiteTree(
        site=site,
        home=home,
        topics=TopicIndexPageFactory(parent=home),
        positions=PositionIndexPageFactory(parent=home),
    )
