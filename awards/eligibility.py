"""Checking the catalogue's eligibility rules against recipients' history, many at once.

The admin checks one award as it is entered; the spreadsheet import checks up to 20,000 rows.
Both call `shortfalls()`, which costs a fixed number of queries whatever the number of
candidates: one for the rules, then one per recipient field for the history, in chunks of
`CHUNK_SIZE` recipient ids so that SQLite's limit on query variables is never reached (on
PostgreSQL, where the ids are one parameter, units.lookups.ARRAY_VALUES).

What counts as history: awards in force (not revoked) of published decisions, for the same
recipient, other than the award being re-checked. Awards for years after the candidate's
year never count.

What a rule asks (`title` needs `required_title` `times` times):

- With `period_years`, the window is the `period_years` years ending with the award's year:
  [year - period_years + 1, year], both included. "Advanced Worker in the same year" is a
  period of 1: the window is the award's year alone.
- Without `period_years`, any year up to and including the award's year counts.
- `consecutive` asks for `times` consecutive years inside the window (or before the award's
  year, without a period). With a period equal to `times`, that is exactly the years ending
  with the award's year. A rule that is not consecutive but whose period equals `times` needs
  every year of the window too, and is reported the same way.

A shortfall holds ids and years only, never text, so it can be stored on the award and shown
later in any language with `describe()`. It copies the rule's terms as they were when checked,
so it still reads correctly after the rule is edited or deleted:

    {"rule": 6, "required_title": 18, "times": 3, "consecutive": True, "year": 2024,
     "window": [2022, 2024], "found": [2022, 2024], "missing": [2023]}

- `window`: the years searched, or None for any time up to `year`.
- `found`: the years the recipient holds the required title within the window.
- `missing`: when the rule needs an unbroken run of years, the years lacking from the run
  closest to being complete (the latest one on a tie); otherwise empty, since any
  further years would do.
- `after` (only when set): the year of the recipient's earlier award of the same title, whose
  years were counted for it: the window starts the year after.
- `ways` (only when set): how many ways the law offers; the shortfalls are the closest way's.

A rule may ask, instead of a title, for a yearly rating (`required_rating`, read from the
yearly results), for recognised initiatives (`required_reach`: `times` of them reaching that
far, in the window; the shortfall has "required_reach" and a null "required_title") or, for a
collective, for a share of its members holding a title or rated so (`members_share`). Each is
checked only where the registry holds its inputs for the recipient.

Which awards count, and which rules apply, is the rules' data: a rule is for one kind of
recipient or all (`recipient_kind`); rules of one `alternative` hold together and one
alternative is enough; thematic and one-off awards count only where `regular_only` is off;
years counted for an earlier award of the title count once (`years_used_once`).
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Count
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext

from awards.models import (
    RECIPIENT_FIELDS,
    RECIPIENT_KIND_OF_FIELD,
    Commendation,
    EligibilityRule,
    EmulationTitle,
    Initiative,
    InitiativeReach,
    TaskRating,
    YearlyResult,
)
from units.lookups import values_per_lookup
from units.models import Person

# Well under SQLite's 999 variables per query (older builds), with room for the other filters.
CHUNK_SIZE = 500


@dataclass(frozen=True)
class Candidate:
    title_id: int
    year: int
    recipient_field: str  # "unit", "commune", "person" or "household" (RECIPIENT_FIELDS)
    recipient_id: int | None  # None: a recipient not in the registry yet, so no history
    exclude_award_id: int | None = None  # the award itself when re-checking a saved award


def shortfalls(candidates: Sequence[Candidate]) -> list[list[dict]]:
    """For each candidate (same order), the rules it fails, as JSON-able dicts.

    An empty list means the candidate meets every rule of its title that is for its kind of
    recipient (or its title has none). Where the law offers ways ("one of the following":
    rules with different `alternative` numbers), one way whose rules all hold is enough; a
    candidate that meets none gets the shortfalls of the way closest to being met (the fewest
    rules failed, the first way on a tie), each saying how many ways there were.

    A rule about a title that the recipient's kind cannot hold (a unit and the Grassroots
    Emulation Fighter) is not skipped: it reports the title missing, like any other.
    """
    for candidate in candidates:
        if candidate.recipient_field not in RECIPIENT_FIELDS:
            raise ValueError(f"Unknown recipient field: {candidate.recipient_field!r}")
    if not candidates:
        return []
    rules = defaultdict(list)
    for rule in EligibilityRule.objects.filter(
        title_id__in={candidate.title_id for candidate in candidates}
    ).order_by("alternative", "id"):
        rules[rule.title_id].append(rule)
    held = _history(candidates, rules)
    known = Inputs.of(candidates, rules)
    results = []
    for candidate in candidates:
        kind = RECIPIENT_KIND_OF_FIELD[candidate.recipient_field]
        ways = defaultdict(list)
        for rule in rules.get(candidate.title_id, ()):
            if rule.recipient_kind in ("", kind):
                ways[rule.alternative].append(rule)
        awards = [
            award
            for award in held.get((candidate.recipient_field, candidate.recipient_id), ())
            if award[0] != candidate.exclude_award_id
        ]
        # The last earlier award of the same title for the year's results: the years up to it
        # were counted for it (a thematic or one-off one counted none).
        used = max(
            (year for _id, title_id, year, method in awards
             if title_id == candidate.title_id and year < candidate.year
             and method == Commendation.Method.REGULAR),
            default=None,
        )  # fmt: skip
        closest = None
        for way_rules in ways.values():
            failed = [
                shortfall
                for rule in way_rules
                if (shortfall := _check_any(rule, candidate, awards, used, known)) is not None
            ]
            if not failed:
                closest = []
                break
            if closest is None or len(failed) < len(closest):
                closest = failed
        for shortfall in closest or ():
            if len(ways) > 1:
                shortfall["ways"] = len(ways)
        results.append(closest or [])
    return results


@dataclass
class Inputs:
    """What the rules on ratings, initiatives and members read, for the candidates that need
    them: the yearly results by (field, recipient id) -> {year: (rating, disciplined)}; a
    person's recognised initiatives; a unit's members in the registry, how many of them hold a
    title in a year, and their yearly results."""

    results: dict[tuple[str, int], dict[int, tuple[str, bool]]]
    members: dict[int, int]
    holders: dict[tuple[int, int, int], int]  # (unit, title, year) -> members holding it
    ratings: dict[tuple[int, int], list[tuple[str, bool]]]  # (unit, year) -> members' results
    initiatives: dict[int, list[tuple[int, str]]]  # person -> [(year, reach)]

    @classmethod
    def of(cls, candidates: Sequence[Candidate], rules: Mapping[int, list]) -> "Inputs":
        """Two queries per kind of input the candidates' rules read, none when none does."""
        size = values_per_lookup(CHUNK_SIZE)
        rated, shared, inventors = defaultdict(set), defaultdict(set), set()
        initiative_rules = False
        for candidate in candidates:
            for rule in rules.get(candidate.title_id, ()):
                if rule.required_reach and candidate.recipient_field == "person":
                    initiative_rules = True
                    if candidate.recipient_id is not None:
                        inventors.add(candidate.recipient_id)
                if candidate.recipient_id is None:
                    continue
                if rule.members_share:
                    if candidate.recipient_field == "unit":
                        shared[rule.required_title_id].add((candidate.recipient_id, candidate.year))
                elif rule.required_rating and candidate.recipient_field in ("person", "unit"):
                    rated[candidate.recipient_field].add(candidate.recipient_id)
        results = defaultdict(dict)
        for field, ids in rated.items():
            ordered = sorted(ids)
            for start in range(0, len(ordered), size):
                rows = YearlyResult.objects.filter(
                    **{f"{field}_id__any": ordered[start : start + size]}
                ).values_list(f"{field}_id", "year", "rating", "disciplined")
                for recipient_id, year, rating, disciplined in rows:
                    results[field, recipient_id][year] = (rating, disciplined)
        units = sorted({unit for pairs in shared.values() for unit, _year in pairs})
        members, holders, ratings = {}, defaultdict(int), defaultdict(list)
        for start in range(0, len(units), size):
            chunk = units[start : start + size]
            members.update(
                Person.objects.filter(unit_id__any=chunk)
                .values_list("unit_id")
                .annotate(count=Count("id"))
                .order_by()
            )
            for title_id, pairs in shared.items():
                years = {year for _unit, year in pairs}
                if title_id is None:  # a rule on the members' ratings
                    rows = YearlyResult.objects.filter(
                        person__unit_id__any=chunk, year__in=years
                    ).values_list("person__unit_id", "year", "rating", "disciplined")
                    for unit_id, year, rating, disciplined in rows:
                        ratings[unit_id, year].append((rating, disciplined))
                    continue
                rows = (
                    Commendation.objects.published()
                    .in_force()
                    .filter(
                        title_id=title_id,
                        person__unit_id__any=chunk,
                        year__in=years,
                        method=Commendation.Method.REGULAR,
                    )
                    .values_list("person__unit_id", "year")
                    .annotate(count=Count("person_id", distinct=True))
                    .order_by()
                )
                for unit_id, year, count in rows:
                    holders[unit_id, title_id, year] = count
        initiatives = defaultdict(list)
        # A registry that records no initiative at all is not read for each candidate.
        ordered = sorted(inventors) if initiative_rules and Initiative.objects.exists() else []
        for start in range(0, len(ordered), size):
            rows = Initiative.objects.filter(
                person_id__any=ordered[start : start + size]
            ).values_list("person_id", "year", "reach")
            for person_id, year, reach in rows:
                initiatives[person_id].append((year, reach))
        return cls(results, members, holders, ratings, initiatives)


def _check_any(rule, candidate: Candidate, awards: list[tuple], used, known: Inputs):
    if rule.members_share:
        return _check_members(rule, candidate, known)
    if rule.required_rating:
        return _check_rating(rule, candidate, known)
    if rule.required_reach:
        return _check_initiatives(rule, candidate, known)
    return _check_rule(rule, candidate.year, awards, used)


def _check_initiatives(rule: EligibilityRule, candidate: Candidate, known: Inputs) -> dict | None:
    """The person's recognised initiatives reaching at least `required_reach`, within the
    window. Checked only for a person whose initiatives the registry holds (some, in any
    year), as ratings are: an office that records them for one unit, or from this year on,
    does not flag every other emulation fighter."""
    if candidate.recipient_field != "person":
        return None
    recorded = known.initiatives.get(candidate.recipient_id)
    if not recorded:
        return None
    first = candidate.year - rule.period_years + 1 if rule.period_years else None
    wide_enough = InitiativeReach.at_least(rule.required_reach)
    found = sorted(
        year
        for year, reach in recorded
        if (first or 0) <= year <= candidate.year and reach in wide_enough
    )
    if len(found) >= rule.times:
        return None
    return {
        "rule": rule.pk,
        "required_title": None,
        "required_reach": rule.required_reach,
        "times": rule.times,
        "consecutive": False,
        "year": candidate.year,
        "window": [first, candidate.year] if first is not None else None,
        "found": found,
        "missing": [],
    }


def _check_rating(rule: EligibilityRule, candidate: Candidate, known: Inputs) -> dict | None:
    """The years rated at least `required_rating`, without discipline. A recipient whose
    yearly results the registry does not hold is not checked: nothing known is not a failure."""
    results = known.results.get((candidate.recipient_field, candidate.recipient_id), {})
    recorded = [year for year in results if year <= candidate.year]
    if not recorded:
        return None
    good_enough = TaskRating.at_least(rule.required_rating)
    # A year without a recorded result is not held against the recipient either: an office
    # that begins recording this year flags only what it recorded.
    first = candidate.year - rule.period_years + 1 if rule.period_years else min(recorded)
    years = {
        year
        for year in range(first, candidate.year + 1)
        if year not in results or (results[year][0] in good_enough and not results[year][1])
    }
    shortfall = _check(rule, candidate.year, years)
    if shortfall is not None:
        shortfall["required_title"] = None
        shortfall["required_rating"] = rule.required_rating
    return shortfall


def _check_members(rule: EligibilityRule, candidate: Candidate, known: Inputs) -> dict | None:
    """A collective's members holding the required title in the award's year, as a share of
    its members in the registry; or rated at least the required rating without discipline,
    as a share of those with a result recorded that year (none recorded: not checked)."""
    if candidate.recipient_field != "unit":
        return None
    if rule.required_title_id is None:
        results = known.ratings.get((candidate.recipient_id, candidate.year), [])
        good_enough = TaskRating.at_least(rule.required_rating)
        members = len(results)
        holders = sum(
            1 for rating, disciplined in results if rating in good_enough and not disciplined
        )
    else:
        members = known.members.get(candidate.recipient_id, 0)
        holders = known.holders.get(
            (candidate.recipient_id, rule.required_title_id, candidate.year), 0
        )
    if not members:
        return None
    needed = math.ceil(members * rule.members_share / 100)
    if holders >= needed:
        return None
    shortfall = {
        "rule": rule.pk,
        "required_title": rule.required_title_id,
        "members_share": rule.members_share,
        "year": candidate.year,
        "members": members,
        "holders": holders,
        "needed": needed,
    }
    if rule.required_title_id is None:
        shortfall["required_rating"] = rule.required_rating
    return shortfall


def _check_rule(
    rule: EligibilityRule, year: int, awards: list[tuple], used: int | None
) -> dict | None:
    """One rule against the recipient's awards: the required title's years that count (not
    thematic or one-off ones, unless the rule says so; not those already counted, unless the
    rule asks for the title itself: "Cultural Family the years before too")."""
    # Years in a window are counted once; a title required "any time before" (a provincial
    # chair's certificate for the Prime Minister's) is not used up by the award it led to.
    counted_once = (
        rule.years_used_once
        and rule.period_years is not None
        and rule.required_title_id != rule.title_id
    )
    after = used if counted_once else None
    years = {
        held_year
        for _id, title_id, held_year, method in awards
        if title_id == rule.required_title_id
        and (not rule.regular_only or method == Commendation.Method.REGULAR)
        and (after is None or held_year > after)
    }
    return _check(rule, year, years, after)


def _history(
    candidates: Sequence[Candidate], rules: Mapping[int, list[EligibilityRule]]
) -> dict[tuple[str, int], list[tuple[int, int, int, str]]]:
    """The (award id, title id, year, method) of the required titles held, and of the
    candidate's own title (its years were counted already), by (field, recipient id)."""
    ids, titles, last_year = defaultdict(set), defaultdict(set), defaultdict(int)
    for candidate in candidates:
        # Only the rules on titles held read the history (those on ratings and members read
        # Inputs): a title without them costs no query here.
        on_titles = [
            rule
            for rule in rules.get(candidate.title_id, ())
            if rule.required_title_id is not None and not rule.members_share
        ]
        if candidate.recipient_id is None or not on_titles:
            continue
        field = candidate.recipient_field
        ids[field].add(candidate.recipient_id)
        titles[field].update(rule.required_title_id for rule in on_titles)
        if any(rule.years_used_once and rule.period_years for rule in on_titles):
            titles[field].add(candidate.title_id)  # its own earlier awards used years up
        last_year[field] = max(last_year[field], candidate.year)
    held = defaultdict(list)
    size = values_per_lookup(CHUNK_SIZE)
    for field, field_ids in ids.items():
        ordered = sorted(field_ids)
        for start in range(0, len(ordered), size):
            rows = (
                Commendation.objects.published()
                .in_force()
                .filter(
                    title_id__in=titles[field],
                    year__lte=last_year[field],
                    **{f"{field}_id__any": ordered[start : start + size]},
                )
                .order_by()  # the default ordering joins the titles for nothing
                .values_list(f"{field}_id", "id", "title_id", "year", "method")
            )
            for recipient_id, award_id, title_id, year, method in rows:
                held[field, recipient_id].append((award_id, title_id, year, method))
    return held


def _check(rule: EligibilityRule, year: int, held: set[int], after: int | None = None):
    """The shortfall of one rule for an award of `year`, or None when the rule is met.

    `after`: the year of an earlier award of the same title, whose years were counted for it:
    the window starts after it.
    """
    first = year - rule.period_years + 1 if rule.period_years else None
    if after is not None:
        first = after + 1 if first is None else max(first, after + 1)
    window = [first, year] if first is not None else None
    if window and after is not None and rule.consecutive and year - first + 1 < rule.times:
        # Too short for the run since the last award: the run to come is the window.
        window = [first, first + rule.times - 1]
    found = sorted(held_year for held_year in held if (first or 0) <= held_year <= year)
    missing = []
    if rule.consecutive or rule.period_years == rule.times:
        missing = _closest_run(set(found), first, year, rule.times)
        if not missing:
            return None
    elif len(found) >= rule.times:
        return None
    shortfall = {
        "rule": rule.pk,
        "required_title": rule.required_title_id,
        "times": rule.times,
        "consecutive": rule.consecutive,
        "year": year,
        "window": window,
        "found": found,
        "missing": missing,
    }
    if after is not None:
        shortfall["after"] = after
    return shortfall


def _closest_run(held: set[int], first: int | None, last: int, times: int) -> list[int]:
    """The years lacking from the run of `times` consecutive years closest to complete.

    Runs end between `first + times - 1` and `last`; without `first`, only the runs that
    touch a year held (and the run ending with `last`) can be closest, so only those are tried.
    An empty list means some run is complete.
    """
    if first is not None:
        # A window too short for the run (its first years were counted already): the run that
        # starts with it, its later years missing too.
        ends = range(first + times - 1, max(last, first + times - 1) + 1)
    else:
        ends = {last} | {end for year in held for end in range(year, year + times) if end <= last}
    best = None
    for end in ends:
        lacking = [year for year in range(end - times + 1, end + 1) if year not in held]
        if best is None or (len(lacking), -end) < (len(best[0]), -best[1]):
            best = (lacking, end)
    return best[0]


def describe(shortfall: dict, titles: Mapping[int, EmulationTitle] | None = None) -> str:
    """The evidence in plain words, in the active language, e.g.

    'Grassroots Emulation Fighter found for 2022 and 2024; 2023 missing (needed: in 3
    consecutive years, 2022–2024).'

    Loads the required title with one query, unless `titles` (say, from
    `EmulationTitle.objects.in_bulk(...)`) already holds it; describing many shortfalls,
    pass it to make no query at all.
    """
    title_id = shortfall["required_title"]
    title = titles.get(title_id) if titles is not None else None
    if title is None and title_id is not None:
        title = (
            EmulationTitle.objects.filter(pk=title_id).only("name", "name_en", "name_es").first()
        )
    if rating := shortfall.get("required_rating"):
        name = gettext("“%(rating)s” or better, without discipline") % {
            "rating": TaskRating(rating).label
        }
    elif reach := shortfall.get("required_reach"):
        name = gettext("A recognised initiative whose effect reaches %(reach)s or further") % {
            "reach": InitiativeReach(reach).label
        }
    else:
        name = title.name_in_language if title else gettext("title no. %(id)s") % {"id": title_id}
    if "members_share" in shortfall and rating:
        return gettext(
            "%(holders)s of the %(members)s members with a result recorded for %(year)s rated "
            "%(rating)s; %(needed)s needed (%(share)s%%)."
        ) % {
            "holders": shortfall["holders"],
            "members": shortfall["members"],
            "rating": name,
            "year": shortfall["year"],
            "needed": shortfall["needed"],
            "share": shortfall["members_share"],
        }
    if "members_share" in shortfall:
        return gettext(
            "%(holders)s of the %(members)s members in the registry hold %(title)s for %(year)s; "
            "%(needed)s needed (%(share)s%%)."
        ) % {
            "holders": shortfall["holders"],
            "members": shortfall["members"],
            "title": name,
            "year": shortfall["year"],
            "needed": shortfall["needed"],
            "share": shortfall["members_share"],
        }
    values = {
        "title": name,
        "found": _years(shortfall["found"]),
        "missing": _years(shortfall["missing"]),
    }
    if shortfall["found"] and shortfall["missing"]:
        evidence = gettext("%(title)s found for %(found)s; %(missing)s missing") % values
    elif shortfall["found"]:
        evidence = gettext("%(title)s found for %(found)s") % values
    elif shortfall["missing"]:
        evidence = gettext("%(title)s missing for %(missing)s") % values
    else:
        evidence = gettext("%(title)s not found") % values

    times = shortfall["times"]
    if shortfall["consecutive"]:
        how_often = ngettext(
            "in %(times)s consecutive year", "in %(times)s consecutive years", times
        ) % {"times": times}
    else:
        how_often = ngettext("once", "%(times)s times", times) % {"times": times}

    window = shortfall["window"]
    if window is None:
        when = gettext("any time up to %(year)s") % {"year": shortfall["year"]}
    elif window[0] == window[1]:
        when = gettext("in %(year)s") % {"year": window[0]}
    else:
        when = gettext("%(first)s–%(last)s") % {"first": window[0], "last": window[1]}

    needed = gettext("needed: %(how_often)s, %(when)s") % {"how_often": how_often, "when": when}
    if (after := shortfall.get("after")) is not None:
        needed += gettext("; the years up to %(year)s counted for the award of %(year)s") % {
            "year": after
        }
    if ways := shortfall.get("ways"):
        needed += gettext("; the closest of %(ways)s ways") % {"ways": ways}
    return gettext("%(evidence)s (%(needed)s).") % {"evidence": evidence, "needed": needed}


def describe_many(shortfall_lists: Iterable[list[dict]]) -> list[list[str]]:
    """`describe()` for many awards' shortfalls at once, with one query for their titles."""
    shortfall_lists = list(shortfall_lists)
    titles = EmulationTitle.objects.in_bulk(
        {shortfall["required_title"] for found in shortfall_lists for shortfall in found} - {None}
    )
    return [[describe(shortfall, titles) for shortfall in found] for found in shortfall_lists]


def _years(years: Iterable[int]) -> str:
    # str(), not number formatting: a year is never "2.024". Two initiatives of a year: once.
    return str(get_text_list([str(year) for year in sorted(set(years))], gettext("and")))
