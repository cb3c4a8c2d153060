"""The law as data: the catalogue of titles and forms, who may confer them and when, and the
reward money, read from the TOML files of `awards/law/` into the database.

The files are what an office can read (each entry cites its article and clause); the database
is what the registry checks against, and what an office edits in the admin. `load_law()` adds
what the files have and the database lacks, and brings the shipped entries up to the files
(matched by slug, by code, or by the entry's own dates): a new decree is an edit of the files,
then `manage.py load_law` (or a data migration that calls it). Entries an office added itself
are left alone.

`load_law()` takes the models from `apps`, so that a migration can call it with its historical
models: a key of the files that a historical model does not have yet is skipped.
"""

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from units.names import fold

LAW_DIR = Path(__file__).resolve().parent / "law"
RANK_STEP = 10  # an entry's rank is its place in catalogue.toml times this: room in between
RECIPIENTS = ("collectives", "individuals", "households")


@dataclass
class Changes:
    """What a load did, by kind of entry: {"titles": Counter(added=3, updated=2)}."""

    counts: dict[str, Counter] = field(default_factory=dict)

    def count(self, kind: str, created: bool, changed: bool = True) -> None:
        counter = self.counts.setdefault(kind, Counter())
        if created:
            counter["added"] += 1
        elif changed:
            counter["updated"] += 1
        else:
            counter["unchanged"] += 1

    def __str__(self) -> str:
        return "; ".join(
            f"{kind}: " + ", ".join(f"{n} {what}" for what, n in sorted(counter.items()))
            for kind, counter in self.counts.items()
        )


def read_law(directory: Path = LAW_DIR) -> dict[str, list[dict]]:
    """The entries of the law files, by kind ("title", "authority", "competence", "rate" …)."""
    entries: dict[str, list[dict]] = {}
    for name in ("catalogue", "authorities", "money"):
        path = directory / f"{name}.toml"
        if path.exists():
            with open(path, "rb") as file:
                for kind, items in tomllib.load(file).items():
                    entries.setdefault(kind, []).extend(items)
    return entries


def load_law(apps=None, directory: Path = LAW_DIR) -> Changes:
    """Bring the database's law up to the files; returns what changed."""
    if apps is None:
        from django.apps import apps
    entries = read_law(directory)
    changes = Changes()
    titles = _load_titles(apps, entries.get("title", []), changes)
    _load_rules(apps, entries.get("rule", []), titles, changes)
    authorities = _load_authorities(apps, entries.get("authority", []), changes)
    _load_competences(apps, entries.get("competence", []), titles, authorities, changes)
    _load_money(apps, entries, titles, changes)
    return changes


def _update_or_create(model, lookup: dict, values: dict) -> tuple[object, bool, bool]:
    """Like QuerySet.update_or_create(), but saying whether anything changed, and setting only
    the fields the (historical) model has."""
    fields = {f.name: f for f in model._meta.get_fields()}
    values = {key: value for key, value in values.items() if key in fields}
    for key, value in {**lookup, **values}.items():
        limit = getattr(fields.get(key), "max_length", None)
        if isinstance(value, str) and limit is not None and len(value) > limit:
            raise ValueError(
                f"{model._meta.model_name} {lookup}: {key} is longer than {limit} characters"
            )
    record = model.objects.filter(**lookup).first()
    if record is None:
        return model.objects.create(**lookup, **values), True, True
    changed = {key: value for key, value in values.items() if getattr(record, key) != value}
    for key, value in changed.items():
        setattr(record, key, value)
    if changed:
        record.save(update_fields=list(changed))
    return record, False, bool(changed)


def _load_titles(apps, entries: list[dict], changes: Changes) -> dict:
    EmulationTitle = apps.get_model("awards", "EmulationTitle")
    Commendation = apps.get_model("awards", "Commendation")
    titles = {}
    for position, entry in enumerate(entries, start=1):
        recipients = set(entry["recipients"])
        if unknown := recipients - set(RECIPIENTS):
            raise ValueError(f"{entry['slug']}: unknown recipients {sorted(unknown)}")
        rank = position * RANK_STEP
        values = {
            "name": entry["name"],
            "name_folded": fold(entry["name"]),  # historical models do not run save()
            "name_en": entry["name_en"],
            "name_es": entry.get("name_es", ""),
            "kind": entry["kind"],
            "level": entry["level"],
            **{f"for_{kind}": kind in recipients for kind in RECIPIENTS},
            "issuing_authority": entry.get("issuing_authority", ""),
            "rank": rank,
            "legal_basis": entry["legal_basis"],
            "criteria": entry.get("criteria_vi", ""),
            "criteria_en": entry.get("criteria_en", ""),
            "criteria_es": entry.get("criteria_es", ""),
            "armed_forces": entry.get("armed_forces", False),
            "valid_from": entry.get("valid_from"),
            "valid_until": entry.get("valid_until"),
        }
        lookup = {"slug": entry["slug"]}
        if not EmulationTitle.objects.filter(**lookup).exists():
            # An office may have typed the entry already, under a slug of its own: that record
            # is the entry (its slug, in public links, stays), not a second one of one name.
            own = EmulationTitle.objects.filter(name_folded=values["name_folded"]).first()
            if own is not None:
                lookup = {"pk": own.pk}
                changes.count("titles an office had entered", created=False)
        title, created, changed = _update_or_create(EmulationTitle, lookup, values)
        titles[entry["slug"]] = title
        # The rolls read the rank copied on each award (Commendation.title_rank).
        Commendation.objects.filter(title=title).exclude(title_rank=rank).update(title_rank=rank)
        changes.count("titles", created, changed)
    for entry in entries:
        successor = titles[entry["successor"]] if entry.get("successor") else None
        title = titles[entry["slug"]]
        if title.successor_id != (successor.pk if successor else None):
            title.successor = successor
            title.save(update_fields=["successor"])
    return titles


def _load_rules(apps, entries: list[dict], titles: dict, changes: Changes) -> None:
    """A rule is known by its title, the title it requires and its way: a decree that changes
    how many times, over how many years or for which kind of recipient is an update. (Ways are
    counted among a kind's rules: a rule for collectives only may take a way number of its
    own without becoming an alternative for individuals.)"""
    EligibilityRule = apps.get_model("awards", "EligibilityRule")
    names = {field.name for field in EligibilityRule._meta.get_fields()}
    members_rated = any(
        constraint.name == "rule_members_share_of_a_title_or_a_rating"
        for constraint in EligibilityRule._meta.constraints
    )
    if "alternative" not in names:
        return  # a migration before the rules had ways (0018): a later one loads them
    for entry in entries:
        keys = [key for key in ("title", "required_title") if key in entry]
        if missing := [key for key in keys if entry[key] not in titles]:
            raise ValueError(f"rule {entry['description']!r}: unknown {missing}")
        required = titles[entry["required_title"]] if "required_title" in entry else None
        if ("required_rating" in entry or "members_share" in entry) and (
            "required_rating" not in names
        ):
            continue  # a rule on ratings or members, before they existed (0020): loaded later
        if "required_reach" in entry and "required_reach" not in names:
            continue  # a rule on initiatives, before they existed (0023): loaded later
        if "members_share" in entry and "required_rating" in entry and not members_rated:
            continue  # a rule on the members' ratings, before they could be (0026)
        lookup = {
            "title": titles[entry["title"]],
            "required_title": required,
            "alternative": entry.get("alternative", 1),
        }
        if "required_rating" in names:
            lookup["required_rating"] = entry.get("required_rating", "")
        if "required_reach" in names:
            lookup["required_reach"] = entry.get("required_reach", "")
        _record, created, changed = _update_or_create(
            EligibilityRule,
            lookup,
            {
                "recipient_kind": entry.get("recipient_kind", ""),
                "members_share": entry.get("members_share"),
                "times": entry.get("times", 1),
                "consecutive": entry.get("consecutive", False),
                "period_years": entry.get("period_years"),
                "regular_only": entry.get("regular_only", True),
                "years_used_once": entry.get("years_used_once", True),
                "description": entry["description"],
                "legal_basis": entry.get("legal_basis", ""),
            },
        )
        changes.count("eligibility rules", created, changed)


def _load_authorities(apps, entries: list[dict], changes: Changes) -> dict:
    Authority = apps.get_model("awards", "Authority")
    authorities = {}
    for entry in entries:
        values = {
            key: entry.get(key, default)
            for key, default in (
                ("name", ""), ("name_en", ""), ("name_es", ""), ("level", ""),
                ("valid_from", None), ("valid_until", None), ("legal_basis", ""),
            )
        }  # fmt: skip

        authority, created, changed = _update_or_create(Authority, {"code": entry["code"]}, values)
        authorities[entry["code"]] = authority
        changes.count("authorities", created, changed)
    return authorities


def _load_competences(apps, entries, titles: dict, authorities: dict, changes: Changes) -> None:
    """A power is known by its authority, its start and its text: a decree that shortens it
    changes its end; one that moves it to another authority is a new entry."""
    Competence = apps.get_model("awards", "Competence")
    EmulationTitle = apps.get_model("awards", "EmulationTitle")
    for entry in entries:
        slugs = entry["titles"]
        found = {**titles, **{t.slug: t for t in EmulationTitle.objects.filter(slug__in=slugs)}}
        if missing := [slug for slug in slugs if slug not in found]:
            raise ValueError(f"competence of {entry['authority']}: unknown titles {missing}")
        competence, created, changed = _update_or_create(
            Competence,
            {
                "authority": authorities[entry["authority"]],
                "valid_from": entry.get("valid_from"),
                "legal_basis": entry["legal_basis"],
            },
            {"valid_until": entry.get("valid_until"), "note": entry.get("note", "")},
        )
        wanted = {found[slug].pk for slug in slugs}
        if set(competence.titles.values_list("pk", flat=True)) != wanted:
            competence.titles.set(wanted)
            changed = True
        changes.count("powers to confer", created, changed)


def _load_money(apps, entries: dict, titles: dict, changes: Changes) -> None:
    BaseSalary = apps.get_model("awards", "BaseSalary")
    RewardRate = apps.get_model("awards", "RewardRate")
    RewardRounding = apps.get_model("awards", "RewardRounding")
    EmulationTitle = apps.get_model("awards", "EmulationTitle")
    for entry in entries.get("base_salary", []):
        _record, created, changed = _update_or_create(
            BaseSalary,
            {"valid_from": entry["valid_from"]},
            {"amount": entry["amount"], "legal_basis": entry["legal_basis"]},
        )
        changes.count("base salaries", created, changed)
    for entry in entries.get("rounding", []):
        _record, created, changed = _update_or_create(
            RewardRounding,
            {"valid_from": entry.get("valid_from")},
            {
                "multiple": entry["multiple"],
                "valid_until": entry.get("valid_until"),
                "legal_basis": entry["legal_basis"],
            },
        )
        changes.count("rounding", created, changed)
    for entry in entries.get("rate", []):
        title = (
            titles.get(entry["title"]) or EmulationTitle.objects.filter(slug=entry["title"]).first()
        )
        if title is None:
            raise ValueError(f"reward rate: unknown title {entry['title']!r}")
        _record, created, changed = _update_or_create(
            RewardRate,
            {
                "title": title,
                "recipient_kind": entry["recipient"],
                "valid_from": entry.get("valid_from"),
            },
            {
                "coefficient": _decimal(entry["coefficient"]),
                "valid_until": entry.get("valid_until"),
                "legal_basis": entry["legal_basis"],
                "note": entry.get("note", ""),
            },
        )
        changes.count("reward rates", created, changed)


def _decimal(number: float | int) -> Decimal:
    """A TOML number as the coefficient's two decimals (0.3, not 0.29999…)."""
    return Decimal(str(number)).quantize(Decimal("0.01"))
