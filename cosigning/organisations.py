"""Who co-signs a position, who signs for an organisation, and who is still to decide."""

from django.contrib.auth.models import Group, Permission

# Group names are data, written once in the admin's language.
SIGNERS_GROUP = "Mitzeichnende: {}"


def required_organisations(revision) -> list:
    """The organisations whose approval the revision needs, in the editor's order (read from
    the revision: a draft may add a co-signer the published version does not have)."""
    from contacts.models import MemberOrganisation

    links = revision.as_object().organisation_links.all()
    ids = [link.organisation_id for link in links if link.required]
    found = MemberOrganisation.objects.in_bulk(ids)
    return [found[pk] for pk in dict.fromkeys(ids) if pk in found]


def pending(task_state) -> list:
    """Required organisations that have not decided in this task state yet."""
    decided = set(task_state.cosigning_sign_offs.values_list("organisation_id", flat=True))
    return [org for org in required_organisations(task_state.revision) if org.pk not in decided]


def signer_organisation_ids(user) -> set[int]:
    from contacts.models import MemberOrganisation

    if not user.is_authenticated:
        return set()
    return set(
        MemberOrganisation.objects.filter(signers__in=user.groups.all()).values_list(
            "pk", flat=True
        )
    )


def pending_for_user(task_state, user) -> list:
    """The pending organisations ``user`` signs for."""
    mine = signer_organisation_ids(user)
    return [org for org in pending(task_state) if org.pk in mine] if mine else []


def positions_of_signer(user) -> list[int]:
    from positions.models import PositionOrganisation

    return list(
        PositionOrganisation.objects.filter(
            organisation_id__in=signer_organisation_ids(user)
        ).values_list("position_id", flat=True)
    )


def is_signer(page, user) -> bool:
    """Whether ``user`` signs for an organisation linked to ``page`` as co-signer."""
    from positions.models import PositionOrganisation

    return (
        user.is_authenticated
        and PositionOrganisation.objects.filter(
            position_id=page.pk, organisation__signers__in=user.groups.all()
        ).exists()
    )


def ensure_signers_group(organisation) -> Group:
    """The group "Mitzeichnende: <short name>" of an organisation, made on first need; its
    members may open the admin (and there, through the task, the positions to sign)."""
    if organisation.signers_id:
        return organisation.signers
    group, _ = Group.objects.get_or_create(name=SIGNERS_GROUP.format(organisation)[:150])
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    type(organisation).objects.filter(pk=organisation.pk).update(signers=group)
    organisation.signers = group
    return group
