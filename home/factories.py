"""Factories for the site root, the topics index and topic pages.

Page factories follow wagtail-factories' ``PageFactory``: pass ``parent=`` to add the page
as a child of an existing page (without it the page would become a new tree root, which is
never wanted here). Pages are created live, without a revision, exactly like
``parent.add_child(instance=page)``; like that call, ``Page.save()`` runs ``full_clean()``.
"""

import factory
import wagtail_factories

from contacts.factories import ContactFactory
from home.models import HomePage, TopicContact, TopicIndexPage, TopicPage


def first_topic_index() -> TopicIndexPage:
    """The existing topics index ("Themen"), the default parent of topics made by sub-factories."""
    index = TopicIndexPage.objects.order_by("path").first()
    if index is None:
        raise LookupError("No TopicIndexPage yet: create the site tree first.")
    return index


class HomePageFactory(wagtail_factories.PageFactory):
    """The public site root, normally under the tree root: ``parent=Page.get_first_root_node()``.

    ``positions.factories.create_site_tree()`` also makes it the default Site's root page.
    """

    title = "LIGA der Freien Wohlfahrtspflege in Sachsen"
    slug = "liga"
    intro = "<p>Die Spitzenverbände der Freien Wohlfahrtspflege in Sachsen.</p>"

    class Meta:
        model = HomePage


class TopicIndexPageFactory(wagtail_factories.PageFactory):
    """The topics index, titled “Themen”; its parent must be a ``HomePage``."""

    title = "Themen"
    slug = "themen"
    intro = "<p>Unsere Arbeitsfelder.</p>"

    class Meta:
        model = TopicIndexPage


class TopicPageFactory(wagtail_factories.PageFactory):
    """A topic page with an intro; its parent must be a ``TopicIndexPage``.

    ``contacts=[contact, …]`` links contact people in that order (as ``TopicContact`` rows);
    ``image=LigaImageFactory()`` adds a lead image whose alt text defaults to its description.
    """

    title = factory.Sequence(lambda n: f"Thema {n}")
    intro = factory.LazyAttribute(lambda o: f"<p>Einführung in das Thema {o.title}.</p>")

    class Meta:
        model = TopicPage
        skip_postgeneration_save = True

    @factory.post_generation
    def contacts(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for order, contact in enumerate(extracted):
            TopicContact.objects.create(page=self, contact=contact, sort_order=order)


class TopicContactFactory(factory.django.DjangoModelFactory):
    """Links a contact person to a topic (by default a new topic under the existing index)."""

    page = factory.SubFactory(TopicPageFactory, parent=factory.LazyFunction(first_topic_index))
    contact = factory.SubFactory(ContactFactory)
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = TopicContact
