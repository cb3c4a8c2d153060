"""Loading the law's data files (awards/law/*.toml) into the registry: `manage.py load_law`."""

import datetime
import textwrap
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from awards.catalogue import LAW_DIR, load_law, read_law
from awards.models import Authority, Competence, EmulationTitle, RewardRate

pytestmark = pytest.mark.django_db

# A decree of its own: one title, one authority with a power, a salary and a rate.
LAW = """
[[title]]
slug = "giay-khen-giam-doc-so-thu-nghiem"
name = "Giấy khen của Giám đốc Sở Thử nghiệm"
name_en = "Certificate of Commendation of the Test Department"
name_es = "Certificado de Encomio del Departamento de Prueba"
kind = "certificate_of_commendation"
level = "grassroots"
recipients = ["collectives", "individuals"]
legal_basis = "Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 75"
valid_until = {until}

[[authority]]
code = "test_director"
name = "Giám đốc Sở Thử nghiệm"
name_en = "Director of the Test Department"
level = "grassroots"

[[competence]]
authority = "test_director"
titles = ["giay-khen-giam-doc-so-thu-nghiem"]
valid_from = 2024-01-01
legal_basis = "Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 80 khoản 6"

[[base_salary]]
amount = 2340000
valid_from = 2024-07-01
legal_basis = "Nghị định số 73/2024/NĐ-CP, Điều 3 khoản 2"

[[rate]]
title = "giay-khen-giam-doc-so-thu-nghiem"
recipient = "individuals"
coefficient = 0.3
valid_from = 2025-07-01
legal_basis = "Nghị định số 152/2025/NĐ-CP"
"""


def law_files(tmp_path, until: str = "2030-12-31", extra: str = ""):
    (tmp_path / "catalogue.toml").write_text(textwrap.dedent(LAW).replace("{until}", until) + extra)
    return tmp_path


def test_loading_the_same_files_twice_changes_nothing_the_second_time(tmp_path):
    directory = law_files(tmp_path)

    first = load_law(directory=directory)
    second = load_law(directory=directory)

    assert first.counts["titles"]["added"] == 1
    assert first.counts["powers to confer"]["added"] == 1
    assert all(set(counter) == {"unchanged"} for counter in second.counts.values())
    title = EmulationTitle.objects.get(slug="giay-khen-giam-doc-so-thu-nghiem")
    assert title.competences.get().authority.code == "test_director"
    assert RewardRate.objects.get(title=title).coefficient == Decimal("0.30")


def test_a_decree_that_ends_an_entry_is_an_edit_of_the_files_then_a_load(tmp_path):
    load_law(directory=law_files(tmp_path))

    changes = load_law(directory=law_files(tmp_path, until="2025-06-30"))

    assert changes.counts["titles"] == {"updated": 1}
    title = EmulationTitle.objects.get(slug="giay-khen-giam-doc-so-thu-nghiem")
    assert title.valid_until == datetime.date(2025, 6, 30)


def test_an_offices_own_entries_are_left_alone(tmp_path):
    own = EmulationTitle.objects.create(
        name="Giấy khen của Giám đốc Công ty Than",
        name_en="Coal Company Director's Certificate",
        slug="giay-khen-cong-ty-than",
        kind="certificate_of_commendation",
        level="grassroots",
        for_individuals=True,
        rank=995,
        legal_basis="Quy chế thi đua của Công ty",
    )

    load_law(directory=law_files(tmp_path))

    own.refresh_from_db()
    assert (own.rank, own.legal_basis) == (995, "Quy chế thi đua của Công ty")


def test_the_command_says_what_it_did_and_a_dry_run_changes_nothing(tmp_path, capsys):
    directory = law_files(tmp_path)

    call_command("load_law", "--directory", str(directory), "--dry-run")
    dry = capsys.readouterr().out
    assert not Authority.objects.filter(code="test_director").exists()
    call_command("load_law", "--directory", str(directory))
    done = capsys.readouterr().out

    assert dry.startswith("Would change (dry run): titles: 1 added")
    assert "powers to confer: 1 added" in done
    assert Competence.objects.filter(authority__code="test_director").exists()


def test_a_power_naming_a_title_that_does_not_exist_is_refused_whole(tmp_path):
    extra = """
[[competence]]
authority = "test_director"
titles = ["no-such-title"]
legal_basis = "Điều 99"
"""
    with pytest.raises(CommandError, match="unknown titles"):
        call_command("load_law", "--directory", str(law_files(tmp_path, extra=extra)))
    assert not EmulationTitle.objects.filter(slug="giay-khen-giam-doc-so-thu-nghiem").exists()


def test_the_shipped_files_are_loaded_by_the_migrations():
    """What `migrate` loaded is what the files say: loading them again changes nothing."""
    entries = read_law(LAW_DIR)

    changes = load_law()

    assert {entry["slug"] for entry in entries["title"]} <= set(
        EmulationTitle.objects.values_list("slug", flat=True)
    )
    assert all(set(counter) == {"unchanged"} for counter in changes.counts.values()), changes


def test_a_name_longer_than_the_registry_keeps_is_refused_naming_the_entry(tmp_path):
    extra = """
[[authority]]
code = "long_one"
name = "Thủ trưởng"
name_en = "{}"
level = "grassroots"
""".format("A" * 201)
    with pytest.raises(CommandError, match=r"long_one.*name_en is longer than 200 characters"):
        call_command("load_law", "--directory", str(law_files(tmp_path, extra=extra)))


def test_an_entry_an_office_had_typed_under_its_own_slug_becomes_the_shipped_one(tmp_path):
    """Adopted, not duplicated (the name is unique: migrate would stop), its slug kept for
    the public links that use it."""
    own = EmulationTitle.objects.create(
        name="Giấy khen của Giám đốc Sở Thử nghiệm",
        name_en="Test Department's certificate",
        slug="gk-so-thu-nghiem",
        kind="certificate_of_commendation",
        level="grassroots",
        for_individuals=True,
        rank=990,
        legal_basis="—",
    )

    load_law(directory=law_files(tmp_path))

    own.refresh_from_db()
    assert own.slug == "gk-so-thu-nghiem"
    assert own.legal_basis == "Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 75"
    assert own.competences.get().authority.code == "test_director"
    assert not EmulationTitle.objects.filter(slug="giay-khen-giam-doc-so-thu-nghiem").exists()
