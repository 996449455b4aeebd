"""Factories for member organisations and contact people (tests, demo data, benchmarks)."""

import factory
from wagtail.models import Locale

from contacts.models import Contact, MemberOrganisation


def default_locale() -> Locale:
    """The site's default locale (German), where source content is written."""
    return Locale.get_default()


class MemberOrganisationFactory(factory.django.DjangoModelFactory):
    """A member association of the LIGA, in the default locale, without a logo.

    ``MemberOrganisationFactory(logo=LigaImageFactory())`` adds one.
    """

    key = factory.Sequence(lambda n: f"verband-{n}")
    name = factory.Sequence(lambda n: f"Landesverband Sachsen {n} e. V.")
    short_name = factory.Sequence(lambda n: f"Verband {n}")
    website = factory.LazyAttribute(lambda o: f"https://{o.key}.example.org/")
    locale = factory.LazyFunction(default_locale)

    class Meta:
        model = MemberOrganisation


class ContactFactory(factory.django.DjangoModelFactory):
    """A live contact person in the default locale with a valid Dresden phone number.

    The e-mail address is under example.org; ``phone_e164`` is derived by the model on save.
    Pass ``live=False`` for a draft, ``organisation=None`` for a contact without one.
    """

    key = factory.Sequence(lambda n: f"kontakt-{n}")
    honorific = ""
    given_name = factory.Sequence(lambda n: f"Maria{n}")
    family_name = "Lehmann"
    role = "Referentin Migration"
    organisation = factory.SubFactory(MemberOrganisationFactory)
    email = factory.LazyAttribute(lambda o: f"{o.key}@example.org")
    phone = factory.Sequence(lambda n: f"0351 82871-{100 + n % 900}")
    locale = factory.LazyFunction(default_locale)
    live = True

    class Meta:
        model = Contact
