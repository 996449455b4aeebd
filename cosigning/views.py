"""The page behind an e-mailed co-signing link: the draft to sign, with "Zustimmen" and
"Ablehnen". Private to whoever holds the link: never cached, never indexed."""

from django import forms
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cosigning.decisions import decide
from cosigning.links import InvalidLink, resolve
from cosigning.models import SignOff


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("decline", _("Decline"))])
    comment = forms.CharField(label=_("Comment (optional)"), required=False, widget=forms.Textarea)


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def decide_view(request, token):
    try:
        link = resolve(token)
    except InvalidLink as invalid:
        return _private(
            render(request, "cosigning/invalid.html", status=410 if invalid.gone else 404)
        )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            try:
                link = resolve(token, for_update=True)
            except InvalidLink:
                return _private(render(request, "cosigning/invalid.html", status=410))
            link.used_at = timezone.now()
            link.save(update_fields=["used_at"])
            approved = form.cleaned_data["decision"] == "approve"
            decide(
                link.task_state,
                link.organisation,
                approved=approved,
                comment=form.cleaned_data["comment"],
                via=SignOff.Via.LINK,
            )
        context = {"organisation": link.organisation, "approved": approved}
        return _private(render(request, "cosigning/done.html", context))
    context = {
        "page": link.revision.as_object(),
        "organisation": link.organisation,
        "expires_at": link.expires_at,
        "form": form,
    }
    return _private(render(request, "cosigning/decide.html", context))
