"""Plain helpers that make the records tests need, with sensible defaults."""

import datetime
import itertools

from django.contrib.auth.models import User

from awards.models import Commendation, Decision, EmulationTitle
from units.models import Commune, Household, Person, Unit

_numbers = itertools.count(1)


def make_commune(name: str = "Đồng Rui", **fields) -> Commune:
    fields.setdefault("province", "Quảng Ninh")
    fields.setdefault("district", "Tiên Yên")
    return Commune.objects.create(name=name, **fields)


def make_unit(name: str = "Trường Tiểu học Đồng Rui", **fields) -> Unit:
    fields.setdefault("kind", Unit.Kind.SCHOOL)
    return Unit.objects.create(name=name, **fields)


def make_person(full_name: str = "Nguyễn Thị Hoa", **fields) -> Person:
    return Person.objects.create(full_name=full_name, **fields)


def make_household(head_name: str = "Hoàng Văn Sáu", **fields) -> Household:
    if "commune" not in fields:
        fields["commune"] = make_commune(f"Xã {next(_numbers)}")
    return Household.objects.create(head_name=head_name, **fields)


def make_decision(**fields) -> Decision:
    fields.setdefault("number", f"{next(_numbers)}/QĐ-UBND")
    fields.setdefault("signed_on", datetime.date(2025, 1, 10))
    fields.setdefault("issuer_name", "Ủy ban nhân dân tỉnh Quảng Ninh")
    fields.setdefault("issuer_level", "province")
    fields.setdefault("subject", "Về việc tặng danh hiệu thi đua năm 2024")
    return Decision.objects.create(**fields)


def title(slug: str) -> EmulationTitle:
    """A catalogue entry shipped by the data migration."""
    return EmulationTitle.objects.get(slug=slug)


def make_award(recipient, slug: str = "bang-khen-chu-tich-tinh", **fields) -> Commendation:
    field = {Unit: "unit", Commune: "commune", Person: "person", Household: "household"}[
        type(recipient)
    ]
    fields.setdefault("year", 2024)
    if "decision" not in fields:
        fields["decision"] = make_decision()
    return Commendation.objects.create(title=title(slug), **{field: recipient}, **fields)


def make_staff(username: str = "staff", superuser: bool = True) -> User:
    return User.objects.create_user(
        username, password="password", is_staff=True, is_superuser=superuser
    )
