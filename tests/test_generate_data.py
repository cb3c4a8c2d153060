"""`manage.py generate_data`: the benchmarks' invented national registry, at a small size."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F, Q

from awards.models import AwardTally, Commendation, EmulationTitle
from awards.rolls import recount_tallies
from generator.fill import MERGER_DAY, YEARS, Size
from tests.makers import make_person
from units.models import Commune, Household, Person, Unit

AWARDS = 2_000
pytestmark = pytest.mark.django_db


def generate(**options) -> None:
    call_command("generate_data", awards=AWARDS, verbosity=0, **options)


def tallies() -> set[tuple]:
    return set(AwardTally.objects.values_list("year", "title", "recipient_kind", "total"))


def test_it_makes_the_registry_asked_for_over_thirty_years_with_its_tallies_right():
    generate()
    size = Size.for_awards(AWARDS)
    assert Commendation.objects.count() == AWARDS
    assert (Person.objects.count(), Household.objects.count()) == (size.people, size.households)
    assert Commune.objects.filter(valid_until__isnull=True).count() == size.communes
    assert Unit.objects.count() >= size.units
    years = set(Commendation.objects.order_by().values_list("year", flat=True).distinct())
    assert years == set(YEARS) and len(years) == 30
    made = tallies()
    recount_tallies(set(YEARS))
    assert made == tallies() and made


def test_every_title_is_used_each_in_force_when_its_decision_was_signed_and_for_its_recipient():
    generate()
    used = set(Commendation.objects.values_list("title", flat=True).distinct())
    assert used == set(EmulationTitle.objects.values_list("pk", flat=True))
    for award in Commendation.objects.select_related("title", "decision"):
        assert award.title.in_force_on(award.decision.signed_on), award
        assert getattr(award.title, f"for_{award.recipient_kind}"), award
        assert award.year < award.decision.signed_on.year
        assert award.title_rank == award.title.rank


def test_revoked_awards_have_a_reason_a_later_decision_and_are_off_the_public_roll():
    generate()
    revoked = Commendation.objects.revoked()
    assert revoked.count() >= 10
    assert not revoked.filter(is_public=True).exists()
    assert not revoked.filter(Q(revocation_reason="") | Q(revoking_decision=None)).exists()
    assert not revoked.exclude(revoking_decision__signed_on=F("revoked_on")).exists()
    assert not revoked.filter(revoked_on__lte=F("decision__signed_on")).exists()
    # Public is what award_is_public() says: in force, and no one who asked not to be listed.
    hidden = Commendation.objects.filter(Q(revoked_on__isnull=False) | Q(person__listed=False))
    assert Commendation.objects.public().count() == AWARDS - hidden.count()


def test_the_merger_ends_old_communes_and_authorities_and_names_their_successors():
    generate()
    last_day = MERGER_DAY - datetime.timedelta(days=1)
    ended = Commune.objects.filter(valid_until__isnull=False)
    assert ended.exists()
    assert not ended.exclude(valid_until=last_day).exists()
    assert not ended.filter(successor=None).exists()
    assert not ended.exclude(successor__valid_from=MERGER_DAY, successor__valid_until=None).exists()
    for model in (Unit, Person, Household):  # what was in them moved to their successors
        assert not model.objects.filter(commune__valid_until__isnull=False).exists()
    merged_units = Unit.objects.filter(successor__isnull=False)
    assert merged_units.exists()
    assert not merged_units.exclude(valid_until=last_day, successor__valid_until=None).exists()
    assert not Person.objects.filter(unit__valid_until__isnull=False).exists()
    # Awards keep what their decisions wrote: the old places before the merger, the new after.
    assert Commendation.objects.filter(year__lt=2025, locality__valid_until=last_day).exists()
    after = Commendation.objects.filter(year=2025)
    assert not after.filter(locality__valid_until__isnull=False).exists()
    assert not after.filter(unit__valid_until__isnull=False).exists()
    assert not Commendation.objects.filter(year__lt=2025, unit__valid_from=MERGER_DAY).exists()


def test_it_refuses_a_database_holding_a_record_it_did_not_make_unless_forced():
    someone = make_person("Trần Văn Thật")
    with pytest.raises(CommandError, match=r"did not make \(1 people\)"):
        generate()
    assert Person.objects.get() == someone
    generate(force=True)
    assert not Person.objects.filter(full_name="Trần Văn Thật").exists()
    generate()  # its own records it replaces without asking
    make_person("Trần Văn Thật")  # entered after a fill
    with pytest.raises(CommandError, match="did not make"):
        generate()


def test_the_same_seed_makes_the_same_registry():
    def snapshot() -> tuple:
        return (
            list(Commendation.objects.order_by("pk").values_list("recipient_name", "title")),
            list(Person.objects.order_by("pk").values_list("full_name", "unit", "commune")),
            list(Commune.objects.order_by("pk").values_list("name", "successor")),
        )

    generate(seed=7)
    first = snapshot()
    generate(seed=7)
    assert snapshot() == first
    generate(seed=8)
    assert snapshot() != first
