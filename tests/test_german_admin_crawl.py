"""A crawl of every admin page editors, moderators and translators use, and the login page:
no English left outside the allow-list of tests/admin_crawl.py."""

import json
from types import SimpleNamespace

import pytest
from django.urls import reverse

from contacts.models import Contact
from core.factories import LigaDocumentFactory
from positions.factories import PositionPageFactory
from tests.users import with_admin_language

pytestmark = pytest.mark.django_db


def admin_user(django_user_model, group: str):
    """A member of ``group`` who has not chosen an admin language (German, as every new
    account)."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username=group.lower(), email=f"{group.lower()}@example.org", password="unused-password"
    )
    user.groups.add(Group.objects.get(name=group))
    return with_admin_language(user, "")


@pytest.fixture
def crawl_content(site_tree, german_topic, german_contact, locale_en, superuser):
    """German content of every type, an image and a document, and an English translation of
    the topic and the contact under way (for the translation editor)."""
    from core.factories import LigaImageFactory
    from tests.translating import submit

    position = PositionPageFactory(
        parent=site_tree.positions, title="Rückkehrberatung", topics=[german_topic]
    )
    submit(german_topic, superuser, locale_en)
    submit(german_contact, superuser, locale_en)
    return SimpleNamespace(
        topic=german_topic,
        position=position,
        contact=german_contact,
        organisation=german_contact.organisation,
        image=LigaImageFactory(title="Beratungsgespräch"),
        document=LigaDocumentFactory(title="Positionspapier Rückkehr"),
        english_topic=german_topic.get_translation(locale_en),
        english_contact=german_contact.get_translation(locale_en),
        site_tree=site_tree,
    )


def pages_of(role: str, content) -> list[str]:
    """The admin pages ``role`` works with (list views, edit views of each type …)."""
    snippet = lambda model, view, *args: reverse(  # noqa: E731
        model.snippet_viewset.get_url_name(view), args=args
    )
    from contacts.models import MemberOrganisation

    common = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[content.site_tree.positions.pk]),
        reverse("wagtailadmin_explore", args=[content.site_tree.topics.pk]),
        reverse("wagtailadmin_pages:search") + "?q=Beratung",
        snippet(Contact, "list"),
        snippet(MemberOrganisation, "list"),
        reverse("wagtailimages:index"),
        reverse("wagtaildocs:index"),
        reverse("wagtailadmin_account"),
        reverse("translations_worklist"),
    ]
    if role == "translator":
        return [
            *common,
            reverse("wagtailadmin_pages:edit", args=[content.english_topic.pk]),
            snippet(Contact, "edit", content.english_contact.pk),
            reverse("wagtailadmin_pages:edit", args=[content.position.pk]),  # read only
        ]
    return [
        *common,
        reverse("wagtailadmin_pages:edit", args=[content.topic.pk]),
        reverse("wagtailadmin_pages:edit", args=[content.position.pk]),
        reverse("wagtailadmin_pages:edit", args=[content.site_tree.positions.pk]),
        reverse(
            "wagtailadmin_pages:add",
            args=["positions", "positionpage", content.site_tree.positions.pk],
        ),
        snippet(Contact, "edit", content.contact.pk),
        snippet(Contact, "add"),
        snippet(MemberOrganisation, "edit", content.organisation.pk),
        reverse("wagtailimages:edit", args=[content.image.pk]),
        reverse("wagtailimages:add_multiple"),
        reverse("wagtaildocs:edit", args=[content.document.pk]),
    ]


# English that is the content itself (the translation's English title, the test data).
CONTENT = ("Flight and migration", "example.org", "@")


@pytest.mark.parametrize("role", ["Editors", "Moderators", "Translators"])
def test_every_admin_page_of_each_role_is_german(client, django_user_model, crawl_content, role):
    from tests.admin_crawl import english

    client.force_login(admin_user(django_user_model, role))
    found = {}
    for url in pages_of("translator" if role == "Translators" else "editor", crawl_content):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        if hits := english(response.content.decode(), CONTENT):
            found[url] = hits

    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


def test_the_login_page_is_german(client, db):
    from tests.admin_crawl import english

    response = client.get(reverse("wagtailadmin_login"))

    assert english(response.content.decode()) == []
    assert "Bei LIGA-Inhalte anmelden" in response.content.decode()


# (f) Clear forms, German dates, no other host, ASCII slugs
