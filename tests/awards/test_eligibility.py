"""The catalogue's eligibility rules, checked against each recipient's history."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from awards import eligibility
from awards.eligibility import Candidate, describe, shortfalls
from awards.models import Decision, EligibilityRule, EmulationTitle, Initiative
from tests.makers import (
    make_award,
    make_awards,
    make_decision,
    make_people,
    make_person,
    make_unit,
    title,
)
from units import lookups
from units.models import Unit

pytestmark = pytest.mark.django_db

NATIONAL_FIGHTER = "chien-si-thi-dua-toan-quoc"
PROVINCIAL_FIGHTER = "chien-si-thi-dua-cap-tinh"
GRASSROOTS_FIGHTER = "chien-si-thi-dua-co-so"
ADVANCED_WORKER = "lao-dong-tien-tien"
PRIME_MINISTERS_CERTIFICATE = "bang-khen-thu-tuong"
PROVINCIAL_CERTIFICATE = "bang-khen-chu-tich-tinh"
MINISTRY_CERTIFICATE = "bang-khen-bo-truong"
ADVANCED_SOLDIER = "chien-si-tien-tien"
LABOUR_ORDER_THIRD = "huan-chuong-lao-dong-hang-ba"


def held(recipient, slug: str, *years: int, **fields) -> list:
    """Awards of `slug` for `years` to `recipient`, in one published decision."""
    if "decision" not in fields:
        fields["decision"] = make_decision(status=Decision.Status.PUBLISHED)
    return [make_award(recipient, slug, year=year, **fields) for year in years]


def candidate(slug: str, recipient, year: int = 2024, **fields) -> Candidate:
    field = "unit" if isinstance(recipient, Unit) else "person"
    return Candidate(title(slug).pk, year, field, recipient.pk, **fields)


def rule(slug: str, required: str, way: int = 1) -> EligibilityRule:
    return EligibilityRule.objects.get(
        title__slug=slug, required_title__slug=required, alternative=way
    )


def failed(slug: str, recipient, year: int = 2024, **fields) -> list[dict]:
    return shortfalls([candidate(slug, recipient, year, **fields)])[0]


def failed_rule(slug: str, required: str, recipient, year: int = 2024) -> dict | None:
    """The shortfall of one rule of the title, for titles with several rules."""
    rule_id = rule(slug, required).pk
    return next((s for s in failed(slug, recipient, year) if s["rule"] == rule_id), None)


# The shipped rules (awards/law/catalogue.toml), passing and failing: the cases of Law
# 06/2022's articles 21-23, 44 and 73.


def test_two_provincial_fighter_cycles_in_a_row_qualify_for_national_fighter():
    """Art. 21: "02 lần liên tục" Provincial Emulation Fighter, a title of three years: two
    cycles (2021 for 2019-2021, 2024 for 2022-2024), not two calendar years."""
    person = make_person()
    held(person, PROVINCIAL_FIGHTER, 2021, 2024)
    assert failed(NATIONAL_FIGHTER, person) == []


def test_one_provincial_fighter_cycle_fails_the_national_fighter():
    person = make_person()
    held(person, PROVINCIAL_FIGHTER, 2024)
    held(person, PROVINCIAL_FIGHTER, 2017)  # a cycle too long ago
    assert failed(NATIONAL_FIGHTER, person) == [
        {
            "rule": rule(NATIONAL_FIGHTER, PROVINCIAL_FIGHTER).pk,
            "required_title": title(PROVINCIAL_FIGHTER).pk,
            "times": 2,
            "consecutive": False,
            "year": 2024,
            "window": [2019, 2024],
            "found": [2024],
            "missing": [],
        }
    ]


def test_three_consecutive_grassroots_years_qualify_for_provincial_fighter():
    person = make_person()
    held(person, GRASSROOTS_FIGHTER, 2022, 2023, 2024)
    assert failed(PROVINCIAL_FIGHTER, person) == []


def test_grassroots_fighter_in_2022_and_2024_only_fails_the_provincial_fighter_for_2024():
    person = make_person()
    held(person, GRASSROOTS_FIGHTER, 2022, 2024)
    [shortfall] = failed(PROVINCIAL_FIGHTER, person)
    assert shortfall["rule"] == rule(PROVINCIAL_FIGHTER, GRASSROOTS_FIGHTER).pk
    assert shortfall["required_title"] == title(GRASSROOTS_FIGHTER).pk
    assert shortfall["window"] == [2022, 2024]
    assert shortfall["found"] == [2022, 2024]
    assert shortfall["missing"] == [2023]


def test_three_grassroots_years_ending_before_the_awards_year_do_not_qualify():
    person = make_person()
    held(person, GRASSROOTS_FIGHTER, 2021, 2022, 2023)
    [shortfall] = failed(PROVINCIAL_FIGHTER, person)
    assert shortfall["found"] == [2022, 2023]
    assert shortfall["missing"] == [2024]


def test_advanced_worker_the_same_year_qualifies_for_grassroots_fighter():
    person = make_person()
    held(person, ADVANCED_WORKER, 2024)
    assert failed(GRASSROOTS_FIGHTER, person) == []


def test_advanced_worker_only_the_year_before_fails_the_grassroots_fighter():
    person = make_person()
    held(person, ADVANCED_WORKER, 2023)
    [shortfall] = failed(GRASSROOTS_FIGHTER, person)
    assert shortfall["window"] == [2024, 2024]
    assert shortfall["found"] == []
    assert shortfall["missing"] == [2024]


def test_a_provincial_certificate_any_time_before_qualifies_for_the_prime_ministers():
    person = make_person()
    held(person, PROVINCIAL_CERTIFICATE, 2012)
    assert failed_rule(PRIME_MINISTERS_CERTIFICATE, PROVINCIAL_CERTIFICATE, person) is None


def test_a_provincial_certificate_after_the_awards_year_does_not_count():
    person = make_person()
    held(person, PROVINCIAL_CERTIFICATE, 2025)
    shortfall = failed_rule(PRIME_MINISTERS_CERTIFICATE, PROVINCIAL_CERTIFICATE, person)
    assert shortfall["window"] is None
    assert shortfall["year"] == 2024
    assert shortfall["found"] == []
    assert shortfall["missing"] == []


def test_grassroots_fighter_three_times_in_five_years_qualifies_for_the_prime_ministers():
    person = make_person()
    held(person, GRASSROOTS_FIGHTER, 2020, 2022, 2024)
    assert failed_rule(PRIME_MINISTERS_CERTIFICATE, GRASSROOTS_FIGHTER, person) is None


def test_grassroots_fighter_twice_in_five_years_fails_the_prime_ministers():
    person = make_person()
    held(person, GRASSROOTS_FIGHTER, 2019, 2021, 2023)
    shortfall = failed_rule(PRIME_MINISTERS_CERTIFICATE, GRASSROOTS_FIGHTER, person)
    assert shortfall["window"] == [2020, 2024]
    assert shortfall["found"] == [2021, 2023]
    assert shortfall["missing"] == []


def test_the_prime_ministers_certificate_reports_each_rule_failed():
    person = make_person()
    rules = {s["rule"] for s in failed(PRIME_MINISTERS_CERTIFICATE, person)}
    assert rules == {
        rule(PRIME_MINISTERS_CERTIFICATE, PROVINCIAL_CERTIFICATE).pk,
        rule(PRIME_MINISTERS_CERTIFICATE, GRASSROOTS_FIGHTER).pk,
    }


def test_the_provincial_certificate_asks_for_no_title_before():
    """Art. 74's ways are results in the province's movements, achievements of provincial
    effect, or two years of excellent work with initiatives: none is a title to check."""
    assert failed(PROVINCIAL_CERTIFICATE, make_person()) == []
    assert failed(PROVINCIAL_CERTIFICATE, make_unit()) == []


def test_a_collectives_prime_ministers_certificate_shows_no_individuals_shortfall():
    """The rules of Art. 73 for individuals are not a collective's: the registry once showed
    every collective short of the Grassroots Emulation Fighter title."""
    assert failed(PRIME_MINISTERS_CERTIFICATE, make_unit()) == []


def test_a_ministrys_certificate_is_the_other_way_to_the_prime_ministers():
    person = make_person()
    held(person, MINISTRY_CERTIFICATE, 2015)
    held(person, GRASSROOTS_FIGHTER, 2020, 2022, 2024)
    assert failed(PRIME_MINISTERS_CERTIFICATE, person) == []


def test_neither_way_to_the_prime_ministers_reports_the_closest_and_says_there_were_two():
    person = make_person()
    held(person, GRASSROOTS_FIGHTER, 2020, 2022, 2024)

    shortfalls_found = failed(PRIME_MINISTERS_CERTIFICATE, person)

    assert [s["rule"] for s in shortfalls_found] == [
        rule(PRIME_MINISTERS_CERTIFICATE, PROVINCIAL_CERTIFICATE).pk
    ]
    assert shortfalls_found[0]["ways"] == 2
    assert describe(shortfalls_found[0]) == (
        "Provincial Chair's Certificate of Merit not found (needed: once, any time up to "
        "2024; the closest of 2 ways)."
    )


def test_an_advanced_soldier_qualifies_for_grassroots_fighter_as_an_advanced_worker_does():
    """Art. 23: the Advanced Worker or, in the armed forces, the Advanced Soldier title."""
    soldier = make_person()
    held(soldier, ADVANCED_SOLDIER, 2024)
    assert failed(GRASSROOTS_FIGHTER, soldier) == []


def test_the_labour_order_needs_the_prime_ministers_certificate_for_collectives_too():
    unit, holder = make_unit(), make_unit("Trường THPT Tiên Yên")
    held(holder, PRIME_MINISTERS_CERTIFICATE, 2019)

    assert [s["required_title"] for s in failed(LABOUR_ORDER_THIRD, unit)] == [
        title(PRIME_MINISTERS_CERTIFICATE).pk
    ]
    assert failed(LABOUR_ORDER_THIRD, holder) == []


# Awards that do not count, years that count once.


def test_a_thematic_or_one_off_award_does_not_count_toward_a_higher_one():
    """Decree 152/2025: only awards for the year's results count toward higher ones."""
    person = make_person()
    held(person, GRASSROOTS_FIGHTER, 2022, 2024)
    held(person, GRASSROOTS_FIGHTER, 2023, method="thematic")

    [shortfall] = failed(PROVINCIAL_FIGHTER, person)

    assert (shortfall["found"], shortfall["missing"]) == ([2022, 2024], [2023])


def test_a_one_off_award_of_the_same_title_uses_up_no_years():
    person = make_person()
    held(person, GRASSROOTS_FIGHTER, 2022, 2023, 2024)
    held(person, PROVINCIAL_FIGHTER, 2023, method="irregular")
    assert failed(PROVINCIAL_FIGHTER, person) == []


def test_a_title_required_any_time_before_is_not_used_up_by_the_award_it_led_to():
    person = make_person()
    held(person, PROVINCIAL_CERTIFICATE, 2015)
    held(person, PRIME_MINISTERS_CERTIFICATE, 2019)
    held(person, GRASSROOTS_FIGHTER, 2021, 2022, 2024)
    assert failed(PRIME_MINISTERS_CERTIFICATE, person) == []


def test_three_grassroots_years_give_one_provincial_fighter_title_not_two():
    """Years counted for the Provincial Emulation Fighter of 2024 (2022-2024) do not count
    again: with the grassroots title every year, the next one is 2027's."""
    person = make_person()
    held(person, GRASSROOTS_FIGHTER, 2022, 2023, 2024, 2025, 2026, 2027)
    held(person, PROVINCIAL_FIGHTER, 2024)

    [shortfall] = failed(PROVINCIAL_FIGHTER, person, year=2025)

    assert (shortfall["after"], shortfall["found"], shortfall["missing"]) == (
        2024,
        [2025],
        [2026, 2027],
    )
    assert describe(shortfall) == (
        "Grassroots Emulation Fighter found for 2025; 2026 and 2027 missing (needed: in 3 "
        "consecutive years, 2025–2027; the years up to 2024 counted for the award of 2024)."
    )
    assert failed(PROVINCIAL_FIGHTER, person, year=2027) == []


# What counts as history.


def test_a_revoked_award_does_not_count():
    person = make_person()
    held(person, GRASSROOTS_FIGHTER, 2022, 2024)
    held(
        person,
        GRASSROOTS_FIGHTER,
        2023,
        revoked_on=datetime.date(2025, 3, 1),
        revocation_reason="Sáng kiến khai không đúng sự thật.",
    )
    [shortfall] = failed(PROVINCIAL_FIGHTER, person)
    assert shortfall["missing"] == [2023]


def test_an_award_in_a_draft_decision_does_not_count():
    person = make_person()
    held(person, GRASSROOTS_FIGHTER, 2022, 2024)
    held(person, GRASSROOTS_FIGHTER, 2023, decision=make_decision(status=Decision.Status.DRAFT))
    [shortfall] = failed(PROVINCIAL_FIGHTER, person)
    assert shortfall["missing"] == [2023]


def test_another_recipients_awards_do_not_count():
    person, colleague = make_person(), make_person("Trần Văn Nam")
    held(person, GRASSROOTS_FIGHTER, 2022, 2024)
    held(colleague, GRASSROOTS_FIGHTER, 2023)
    [shortfall] = failed(PROVINCIAL_FIGHTER, person)
    assert shortfall["missing"] == [2023]


def test_the_award_being_rechecked_does_not_count_for_itself():
    # A rule whose required title is the title itself: the award must not prove itself.
    EligibilityRule.objects.create(
        title=title(ADVANCED_WORKER),
        required_title=title(ADVANCED_WORKER),
        times=2,
        consecutive=True,
        period_years=2,
        description="Advanced Worker the year before too",
    )
    person = make_person()
    [_, award] = held(person, ADVANCED_WORKER, 2023, 2024)
    assert failed(ADVANCED_WORKER, person) == []
    [shortfall] = failed(ADVANCED_WORKER, person, exclude_award_id=award.pk)
    assert shortfall["found"] == [2023]
    assert shortfall["missing"] == [2024]


def test_a_new_recipient_fails_with_nothing_found():
    [shortfall] = shortfalls(
        [Candidate(title(PROVINCIAL_FIGHTER).pk, 2024, "person", recipient_id=None)]
    )[0]
    assert shortfall["found"] == []
    assert shortfall["missing"] == [2022, 2023, 2024]


def test_a_title_without_rules_has_no_shortfalls():
    assert failed("giay-khen-chu-tich-xa", make_person()) == []


def test_a_unit_that_cannot_hold_the_required_title_reports_it_missing():
    EligibilityRule.objects.create(
        title=title("tap-the-lao-dong-tien-tien"),
        required_title=title(GRASSROOTS_FIGHTER),
        description="A rule an office wrote for every kind",
    )
    [shortfall] = failed("tap-the-lao-dong-tien-tien", make_unit())
    assert shortfall["found"] == []


def test_consecutive_years_any_time_report_the_run_closest_to_complete():
    EligibilityRule.objects.create(
        title=title(ADVANCED_WORKER),
        required_title=title(GRASSROOTS_FIGHTER),
        times=3,
        consecutive=True,
        description="Grassroots Emulation Fighter 3 years in a row, any time",
    )
    person = make_person()
    held(person, GRASSROOTS_FIGHTER, 2015, 2016, 2019, 2021)
    [shortfall] = failed(ADVANCED_WORKER, person)
    assert shortfall["window"] is None
    assert shortfall["found"] == [2015, 2016, 2019, 2021]
    assert shortfall["missing"] == [2020]  # 2019-2021; 2014-2016 and 2015-2017 are as close
    held(person, GRASSROOTS_FIGHTER, 2017)
    assert failed(ADVANCED_WORKER, person) == []


def test_results_keep_the_candidates_order():
    ready, not_ready = make_person(), make_person("Trần Văn Nam")
    held(ready, GRASSROOTS_FIGHTER, 2022, 2023, 2024)
    results = shortfalls(
        [
            candidate(PROVINCIAL_FIGHTER, not_ready),
            candidate(PROVINCIAL_FIGHTER, ready),
            candidate(PROVINCIAL_FIGHTER, ready, year=2025),
        ]
    )
    assert [len(result) for result in results] == [1, 0, 1]
    assert results[2][0]["missing"] == [2025]


def test_an_unknown_recipient_field_is_refused():
    with pytest.raises(ValueError):
        shortfalls([Candidate(title(PROVINCIAL_FIGHTER).pk, 2024, "cluster", 1)])


# Queries.


def queries_for(candidates: list[Candidate]) -> int:
    with CaptureQueriesContext(connection) as queries:
        shortfalls(candidates)
    return len(queries)


def test_checking_300_candidates_costs_as_many_queries_as_one():
    people = make_people([f"Người {number}" for number in range(300)])
    published = make_decision(status=Decision.Status.PUBLISHED)
    for year in (2023, 2024):
        make_awards(people[::3], GRASSROOTS_FIGHTER, year=year, decision=published)
    slugs = [PROVINCIAL_FIGHTER, PRIME_MINISTERS_CERTIFICATE, PROVINCIAL_CERTIFICATE]
    many = [candidate(slugs[n % 3], person) for n, person in enumerate(people)]
    # The rules, the people's history, their yearly results (the Prime Minister's ways), whether
    # the registry holds initiatives (the Provincial Emulation Fighter's), and, once it does,
    # the people's.
    assert queries_for(many[:3]) == queries_for(many) == 4
    Initiative.objects.create(person=people[0], name="Sáng kiến", year=2024)
    assert queries_for(many[:3]) == queries_for(many) == 5


def test_each_recipient_field_costs_one_query():
    person, unit = make_person(), make_unit()
    candidates = [
        candidate(PROVINCIAL_FIGHTER, person),
        candidate(LABOUR_ORDER_THIRD, unit),
        Candidate(title(LABOUR_ORDER_THIRD).pk, 2024, "commune", None),
    ]
    # The rules, the person's and the unit's history, whether the registry holds initiatives.
    assert queries_for(candidates) == 4


def test_many_recipients_are_read_in_chunks(monkeypatch):
    monkeypatch.setattr(eligibility, "CHUNK_SIZE", 2)
    monkeypatch.setattr(lookups, "ARRAY_VALUES", 2)  # PostgreSQL's, where a list is one value
    people = [make_person(f"Người {number}") for number in range(5)]
    for person in people:
        held(person, GRASSROOTS_FIGHTER, 2022, 2023, 2024)
        invented(person, 2024, reach="province")
    candidates = [candidate(PROVINCIAL_FIGHTER, person) for person in people]
    # The rules; whether the registry holds initiatives; the history and them in three chunks.
    assert queries_for(candidates) == 1 + 3 + 3 + 1
    assert shortfalls(candidates) == [[]] * 5


def test_twelve_hundred_recipients_stay_under_sqlites_variable_limit():
    fighter = title(PROVINCIAL_FIGHTER).pk
    candidates = [Candidate(fighter, 2024, "person", number) for number in range(1, 1201)]
    # The rules, the history in three chunks (one on PostgreSQL, where the ids are one
    # parameter), whether the registry holds initiatives (no).
    history = 1 if connection.vendor == "postgresql" else 3
    assert queries_for(candidates) == 1 + history + 1


def test_titles_without_rules_cost_only_the_rules_query():
    assert queries_for([candidate("giay-khen-chu-tich-xa", make_person())]) == 1


def test_no_candidates_cost_nothing():
    assert queries_for([]) == 0


# In plain words.


@pytest.fixture
def gap_in_2023() -> dict:
    person = make_person()
    held(person, GRASSROOTS_FIGHTER, 2022, 2024)
    return failed(PROVINCIAL_FIGHTER, person)[0]


def test_a_shortfall_reads_in_english(gap_in_2023):
    assert describe(gap_in_2023) == (
        "Grassroots Emulation Fighter found for 2022 and 2024; 2023 missing "
        "(needed: in 3 consecutive years, 2022–2024)."
    )


def test_a_shortfall_names_the_title_in_vietnamese(gap_in_2023):
    with translation.override("vi"):
        text = describe(gap_in_2023)
    assert "Chiến sĩ thi đua cơ sở" in text
    assert "Grassroots" not in text
    assert "2022" in text
    assert "2023" in text
    assert "2024" in text


def test_a_shortfall_is_described_with_one_query(gap_in_2023, django_assert_num_queries):
    with django_assert_num_queries(1):
        describe(gap_in_2023)


def test_prefetched_titles_describe_without_queries(gap_in_2023, django_assert_num_queries):
    titles = EmulationTitle.objects.in_bulk([gap_in_2023["required_title"]])
    with django_assert_num_queries(0):
        describe(gap_in_2023, titles)


def test_a_missing_same_year_title_reads_in_english():
    person = make_person()
    [shortfall] = failed(GRASSROOTS_FIGHTER, person)
    assert describe(shortfall) == (
        "Advanced Worker missing for 2024 (needed: once, in 2024; the closest of 2 ways)."
    )


def test_a_title_needed_any_time_reads_in_english():
    shortfall = failed_rule(PRIME_MINISTERS_CERTIFICATE, PROVINCIAL_CERTIFICATE, make_person())
    assert describe(shortfall) == (
        "Provincial Chair's Certificate of Merit not found (needed: once, any time up to 2024; "
        "the closest of 2 ways)."
    )


def test_too_few_times_in_a_period_reads_in_english():
    person = make_person()
    held(person, GRASSROOTS_FIGHTER, 2019, 2021, 2023)
    shortfall = failed_rule(PRIME_MINISTERS_CERTIFICATE, GRASSROOTS_FIGHTER, person)
    assert describe(shortfall) == (
        "Grassroots Emulation Fighter found for 2021 and 2023 (needed: 3 times, 2020–2024; the "
        "closest of 2 ways)."
    )


def test_a_shortfall_still_reads_after_its_rule_is_deleted(gap_in_2023):
    EligibilityRule.objects.filter(pk=gap_in_2023["rule"]).delete()
    assert describe(gap_in_2023).startswith("Grassroots Emulation Fighter found for 2022")


# The inputs the criteria depend on: yearly results, collectives' members.


def rated(recipient, *years: int, rating: str = "good", **fields) -> None:
    from awards.models import YearlyResult

    field = "unit" if isinstance(recipient, Unit) else "person"
    for year in years:
        YearlyResult.objects.create(**{field: recipient}, year=year, rating=rating, **fields)


def test_an_advanced_worker_rated_only_completed_falls_short_and_one_not_rated_is_not_checked():
    """Art. 24: completing tasks well. The registry checks it where it holds the ratings."""
    rated_low, unrated = make_person(), make_person("Trần Văn Nam")
    rated(rated_low, 2024, rating="completed")

    [shortfall] = failed(ADVANCED_WORKER, rated_low)

    assert shortfall["required_rating"] == "good"
    assert describe(shortfall) == (
        "“completed tasks well” or better, without discipline missing for 2024 (needed: once, "
        "in 2024)."
    )
    assert failed(ADVANCED_WORKER, unrated) == []


def test_a_year_with_discipline_does_not_count_however_well_rated():
    person = make_person()
    rated(person, 2024, rating="excellent", disciplined=True)
    assert failed(ADVANCED_WORKER, person)[0]["missing"] == [2024]


def test_an_excellent_labour_collective_needs_70_percent_advanced_workers_and_a_fighter():
    """Art. 27, counted among the members the registry holds for the unit."""
    unit = make_unit("Trường THCS Tiên Yên")
    rated(unit, 2024, rating="excellent")
    members = [make_person(f"Giáo viên {n}", unit=unit) for n in range(10)]
    published = make_decision(status=Decision.Status.PUBLISHED)
    make_awards(members[:6], ADVANCED_WORKER, year=2024, decision=published)

    shortfalls_found = failed("tap-the-lao-dong-xuat-sac", unit)

    assert sorted(describe(s) for s in shortfalls_found) == [
        "0 of the 10 members in the registry hold Grassroots Emulation Fighter for 2024; 1 "
        "needed (1%).",
        "6 of the 10 members in the registry hold Advanced Worker for 2024; 7 needed (70%).",
    ]
    make_awards(members[6:7], ADVANCED_WORKER, year=2024, decision=published)
    make_awards(members[:1], GRASSROOTS_FIGHTER, year=2024, decision=published)
    assert failed("tap-the-lao-dong-xuat-sac", unit) == []


def test_an_excellent_labour_collective_needs_every_member_to_have_completed_their_tasks():
    """Art. 27: all members complete their tasks; counted among those with a result recorded
    that year (a member disciplined that year has not)."""
    unit = make_unit("Trường THCS Tiên Yên")
    members = [make_person(f"Giáo viên {n}", unit=unit) for n in range(4)]
    published = make_decision(status=Decision.Status.PUBLISHED)
    make_awards(members[:3], ADVANCED_WORKER, year=2024, decision=published)
    make_awards(members[:1], GRASSROOTS_FIGHTER, year=2024, decision=published)
    assert failed("tap-the-lao-dong-xuat-sac", unit) == []  # nobody's results recorded
    for member in members[:2]:
        rated(member, 2024, rating="good")
    rated(members[2], 2024, rating="excellent", disciplined=True)
    rated(members[3], 2023, rating="not_completed")  # another year

    [shortfall] = failed("tap-the-lao-dong-xuat-sac", unit)

    assert describe(shortfall) == (
        "2 of the 3 members with a result recorded for 2024 rated “completed tasks” or better, "
        "without discipline; 3 needed (100%)."
    )
    members[2].yearly_results.update(disciplined=False)
    assert failed("tap-the-lao-dong-xuat-sac", unit) == []


def test_a_collective_whose_members_the_registry_does_not_hold_is_not_counted():
    assert failed("tap-the-lao-dong-tien-tien", make_unit()) == []


def test_years_without_a_recorded_result_are_not_held_against_the_recipient():
    """An office that begins recording results in 2024 flags only what it recorded: five good
    years for the Prime Minister's certificate are not "2020-2023 missing"."""
    person = make_person()
    held(person, PROVINCIAL_CERTIFICATE, 2015)
    held(person, GRASSROOTS_FIGHTER, 2020, 2022, 2024)
    rated(person, 2024, rating="excellent")
    assert failed(PRIME_MINISTERS_CERTIFICATE, person) == []
    rated(person, 2022, rating="completed")
    [shortfall] = failed(PRIME_MINISTERS_CERTIFICATE, person)
    assert shortfall["missing"] == [2022]


# Recognised initiatives (Law 06/2022 Art. 21 to 23).


def invented(person, year: int, reach: str = "grassroots") -> Initiative:
    return Initiative.objects.create(
        person=person, name=f"Sáng kiến {year}", year=year, reach=reach
    )


def initiative_shortfall(slug: str, person, year: int = 2024) -> dict | None:
    return next(
        (found for found in failed(slug, person, year) if found.get("required_reach")), None
    )


def test_a_grassroots_fighter_needs_an_initiative_that_year_where_the_office_records_them():
    """Art. 23: the Advanced Worker title and an initiative recognised by the unit, both.
    Checked for people whose initiatives the registry holds, as ratings are."""
    with_one, without, unrecorded = make_people(["Lê Thị Hoa", "Trần Văn Nam", "Vũ Văn Tư"])
    for person in (with_one, without, unrecorded):
        held(person, ADVANCED_WORKER, 2024)
    invented(with_one, 2024)
    invented(without, 2023)  # another year's does not count

    assert failed(GRASSROOTS_FIGHTER, with_one) == []
    assert failed(GRASSROOTS_FIGHTER, unrecorded) == []  # none recorded: not checked
    [shortfall] = failed(GRASSROOTS_FIGHTER, without)
    assert shortfall["required_reach"] == "grassroots"
    assert describe(shortfall) == (
        "A recognised initiative whose effect reaches its agency or unit or further not found "
        "(needed: once, in 2024; the closest of 2 ways)."
    )


def test_the_armed_forces_way_asks_for_an_initiative_too():
    soldier = make_person()
    held(soldier, ADVANCED_SOLDIER, 2024)
    invented(soldier, 2022)
    assert initiative_shortfall(GRASSROOTS_FIGHTER, soldier)["ways"] == 2
    invented(soldier, 2024, reach="national")  # wider than asked: counts
    assert failed(GRASSROOTS_FIGHTER, soldier) == []


def test_two_initiatives_of_a_year_are_one_year_in_the_evidence():
    person = make_person()
    held(person, GRASSROOTS_FIGHTER, 2022, 2023, 2024)
    invented(person, 2023)
    Initiative.objects.create(person=person, name="Sáng kiến thứ hai", year=2023)
    assert describe(initiative_shortfall(PROVINCIAL_FIGHTER, person)).startswith(
        "A recognised initiative whose effect reaches a ministry, sector or province or further "
        "not found"
    )
    Initiative.objects.update(reach="province")
    assert failed(PROVINCIAL_FIGHTER, person) == []


def test_a_provincial_fighter_needs_an_initiative_reaching_the_province_within_three_years():
    """Art. 22: an initiative of the unit's reach is not enough; one of the province's reach
    in the three years of the Grassroots Emulation Fighter titles is."""
    person = make_person()
    held(person, GRASSROOTS_FIGHTER, 2022, 2023, 2024)
    invented(person, 2024)
    invented(person, 2021, reach="province")  # before the three years

    shortfall = initiative_shortfall(PROVINCIAL_FIGHTER, person)
    assert shortfall["window"] == [2022, 2024] and shortfall["found"] == []
    with translation.override("vi"):
        assert describe(shortfall).startswith("Chưa có sáng kiến được công nhận")

    invented(person, 2022, reach="province")
    assert failed(PROVINCIAL_FIGHTER, person) == []


def test_a_national_fighter_needs_an_initiative_of_nationwide_effect():
    person = make_person()
    held(person, PROVINCIAL_FIGHTER, 2021, 2024)
    invented(person, 2023, reach="province")
    assert initiative_shortfall(NATIONAL_FIGHTER, person)["required_reach"] == "national"
    invented(person, 2020, reach="national")
    assert failed(NATIONAL_FIGHTER, person) == []


def test_a_unit_is_never_asked_for_an_initiative():
    invented(make_person(), 2024)
    unit = make_unit()
    assert all(not found.get("required_reach") for found in failed(GRASSROOTS_FIGHTER, unit))
