"""The contact person's admin form: the technical key is made from the name when left empty."""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm


def key_from_name(given_name: str, family_name: str) -> str:
    """“Maria Lehmann” → ``m-lehmann`` (ASCII: “Börner” → ``boerner``)."""
    umlauts = str.maketrans(
        {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
    )
    initial = given_name.strip()[:1]
    return slugify(f"{initial} {family_name}".translate(umlauts))[:80]


class ContactForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "key" in self.fields:
            self.fields["key"].required = False
            self.fields["key"].help_text = _(
                "Stable identifier used by the content import, e.g. “m-lehmann”. Left empty, "
                "it is made from the name."
            )

    def clean(self):
        cleaned = super().clean()
        if "key" in self.fields and not cleaned.get("key"):
            key = key_from_name(cleaned.get("given_name", ""), cleaned.get("family_name", ""))
            taken = (
                set(
                    type(self.instance)
                    ._default_manager.filter(key__startswith=key, locale=self.instance.locale_id)
                    .exclude(pk=self.instance.pk)
                    .values_list("key", flat=True)
                )
                if key
                else set()
            )
            unique, number = key, 2
            while unique in taken:
                unique, number = f"{key}-{number}", number + 1
            cleaned["key"] = unique
            self.instance.key = unique
        return cleaned
