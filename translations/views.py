"""Admin view: submit a topic with its positions and contact people for translation."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale

from translations.bundles import submit_topic_bundle, topic_bundle


class TopicBundleForm(forms.Form):
    locales = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Languages"),
        queryset=Locale.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, topic, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locales"].queryset = Locale.objects.exclude(pk=topic.locale_id).order_by(
            "language_code"
        )


def submit_topic_translation(request, page_id):
    """“Translate with positions and contacts” on a topic page."""
    from home.models import TopicPage

    if not request.user.has_perm("wagtail_localize.submit_translation"):
        raise PermissionDenied
    topic = get_object_or_404(TopicPage, pk=page_id)
    form = TopicBundleForm(topic, request.POST or None)
    if request.method == "POST" and form.is_valid():
        submitted = submit_topic_bundle(topic, list(form.cleaned_data["locales"]), request.user)
        messages.success(
            request,
            _("“%(topic)s” was submitted for translation with %(count)s positions and contacts.")
            % {"topic": topic.title, "count": len(submitted) - 1},
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[topic.pk]))
    return TemplateResponse(
        request,
        "translations/submit_topic.html",
        {
            "topic": topic,
            "form": form,
            "bundle": [(item, item._meta.verbose_name) for item in topic_bundle(topic)],
        },
    )
