"""The decision's life: publish it, revoke one of its awards, justify an award a rule refused.

Each is one transaction that locks what it changes, so two publishers clicking at once cannot
publish twice or revoke twice; each records who acted in the audit history. The admin, the
import and the commands all call these, never set the fields themselves.
"""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards.eligibility import Candidate, shortfalls
from awards.models import RECIPIENT_FIELDS, Commendation, Decision, EmulationTitle


def publishing_problems(decision: Decision) -> list[str]:
    """Why the decision cannot be published yet; empty when it can."""
    problems = []
    if not decision.is_draft:
        problems.append(_("The decision is already published."))
    awards = decision.awards.in_force()
    if not awards.exists():
        problems.append(_("The decision confers no award yet."))
    if count := awards.unjustified().count():
        problems.append(
            ngettext(
                "%(count)d award fails an eligibility rule and has no justification.",
                "%(count)d awards fail an eligibility rule and have no justification.",
                count,
            )
            % {"count": count}
        )
    # Awards may have come in without the law's check (entered before the law data knew who
    # confers them, or by a script): a decision confers only what its issuer may on its date.
    titles = EmulationTitle.objects.filter(pk__in=awards.values("title_id"))
    problems += decision.refusals(titles).values()
    return problems


@transaction.atomic
def publish_decision(decision: Decision, by: User) -> None:
    """Make the decision and its awards public; from now on nothing of it is ever deleted."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if problems := publishing_problems(decision):
        raise ValidationError(problems, code="cannot_publish")
    decision.status = Decision.Status.PUBLISHED
    decision.published_at = timezone.now()
    decision._history_user = by
    decision.save()


@transaction.atomic
def revoke_award(
    award: Commendation,
    on: datetime.date,
    reason: str,
    revoking_decision: Decision | None,
    by: User,
) -> None:
    """Take back a published award; it stays in the record, marked revoked, off the public roll."""
    award = Commendation.objects.select_for_update().select_related("decision").get(pk=award.pk)
    errors = {}
    if award.decision.status != Decision.Status.PUBLISHED:
        errors["revoked_on"] = _("Only a published award can be revoked; delete a draft instead.")
    elif award.is_revoked:
        errors["revoked_on"] = _("This award was already revoked on %(date)s.") % {
            "date": award.revoked_on.strftime("%d/%m/%Y")
        }
    if not reason.strip():
        errors["revocation_reason"] = _("Write the reason for the revocation.")
    if on < award.decision.signed_on:
        errors["revoked_on"] = _("An award cannot be revoked before its decision was signed.")
    if revoking_decision is not None and revoking_decision.pk == award.decision_id:
        errors["revoking_decision"] = _("A decision cannot revoke its own award.")
    if errors:
        raise ValidationError(errors)
    award.revoked_on = on
    award.revocation_reason = reason.strip()
    award.revoking_decision = revoking_decision
    award._history_user = by
    award.save()


@transaction.atomic
def justify_award(award: Commendation, justification: str, by: User) -> None:
    """A publisher's written reason to confer an award whose eligibility rules failed."""
    award = Commendation.objects.select_for_update().get(pk=award.pk)
    if not justification.strip():
        raise ValidationError(
            {"eligibility_justification": _("Write why the award is conferred anyway.")}
        )
    award.eligibility_justification = justification.strip()
    award.eligibility_overridden_by = by
    award.eligibility_overridden_at = timezone.now()
    award._history_user = by
    award.save()


@transaction.atomic
def withdraw_justification(award: Commendation, by: User) -> None:
    """Take back a publisher's justification: the award's decision cannot be published without one.

    Only while the decision is a draft, and locked with it, so that it is not published meanwhile:
    a published award's justification is part of the record.
    """
    award = Commendation.objects.select_for_update().select_related("decision").get(pk=award.pk)
    if not award.decision.is_draft:
        raise ValidationError(
            {
                "eligibility_justification": _(
                    "The decision is published: the justification of its award stays on record."
                )
            },
            code="published",
        )
    award.eligibility_justification = ""
    award.eligibility_overridden_by = award.eligibility_overridden_at = None
    award._history_user = by
    award.save()


def candidate(award: Commendation) -> Candidate:
    field = next(name for name in RECIPIENT_FIELDS if getattr(award, f"{name}_id"))
    return Candidate(
        title_id=award.title_id,
        year=award.year,
        recipient_field=field,
        recipient_id=getattr(award, f"{field}_id"),
        exclude_award_id=award.pk,
    )


def check_eligibility(awards: list[Commendation]) -> None:
    """Record on each award what the catalogue's rules find missing in its history.

    A few queries to check any number of awards, one to save those whose findings changed.
    A publisher's justification is kept even when the rules later pass.
    """
    found = shortfalls([candidate(award) for award in awards])
    changed = []
    for award, missing in zip(awards, found, strict=True):
        if award.eligibility_shortfalls != missing:
            award.eligibility_shortfalls = missing
            changed.append(award)
    Commendation.objects.bulk_update(changed, ["eligibility_shortfalls"])
