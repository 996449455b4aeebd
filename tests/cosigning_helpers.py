"""A position paper co-signed by two organisations, and the links of the request e-mails."""

import re
from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.core import mail

from contacts.factories import MemberOrganisationFactory
from home.factories import TopicPageFactory
from positions.factories import PositionPageFactory
from tests.builders import never_published
from tests.reviewing import member_of

LINK = re.compile(r"https?://[^/\s]+(/mitzeichnung/[^/\s]+/)")


def build_paper(site_tree, title="Pflege braucht Zeit") -> SimpleNamespace:
    """A never-published paper co-signed by AWO (a signer with an account) and Caritas (link
    only), an editor who wrote it and a moderator. Nothing is submitted yet."""
    awo = MemberOrganisationFactory(
        key="awo", short_name="AWO", cosigning_email="mitzeichnung@awo.example.org"
    )
    caritas = MemberOrganisationFactory(
        key="caritas", short_name="Caritas", cosigning_email="mitzeichnung@caritas.example.org"
    )
    signer = member_of(awo.signers.name, "sabine")
    editor = member_of("Editors", "eva")
    moderator = member_of("Moderators", "moritz")
    topic = TopicPageFactory(parent=site_tree.topics, title="Pflege", slug="pflege")
    paper = PositionPageFactory(
        parent=site_tree.positions, title=title, topics=[topic], organisations=[awo, caritas]
    )
    never_published(paper)
    paper.refresh_from_db()
    paper.save_revision(user=editor)
    return SimpleNamespace(**locals())


def submit(paper, user):
    """Submit the paper to its workflow, as "Zur Prüfung einreichen" does."""
    paper.refresh_from_db()
    return paper.get_workflow().start(paper, user)


def links_by_recipient() -> dict[str, str]:
    """``{address: path of the link}`` of the request e-mails sent so far (the latest wins)."""
    found = {}
    for message in mail.outbox:
        match = LINK.search(message.body)
        if match:
            found[message.to[0]] = match.group(1)
    return found


def signers_group(organisation) -> Group:
    return Group.objects.get(pk=organisation.signers_id)
