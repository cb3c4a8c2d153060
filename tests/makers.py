"""Plain helpers that make the records tests need, with sensible defaults."""

import datetime
import io
import itertools

from django.contrib.auth.models import User
from django.test import Client, TestCase

from awards.models import Authority, Commendation, Decision, EmulationTitle
from units.models import Commune, Household, Person, Unit

# Decision numbers far above the demo's ("168/QĐ-UBND" of the same issuers): never the same.
_numbers = itertools.count(90_001)


def committed():
    """Do the commit work of what the block saves, at its end, as a commit would.

    A test runs in a transaction that never commits, so the work saves leave for the commit
    (tallies recounted, cached pages retired, exports started) waits: a block that needs it
    asks for it. As in a real commit, what a savepoint rolled back registered is forgotten and
    never runs. One block at a time: nested ones would run the inner block's work twice.
    """
    return TestCase.captureOnCommitCallbacks(execute=True)


class CommittingClient(Client):
    """The test client, each request committed as the server commits it (see `committed`)."""

    def request(self, **request):
        with committed():
            return super().request(**request)


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


def make_commune_decision(**fields) -> Decision:
    """A commune chair's decision after 1 July 2025, when the commune chair confers every
    grassroots title, the cultural village and family included (Decree 129/2025/NĐ-CP, Art. 59):
    what an annex of Lao động tiên tiến, Tập thể lao động tiên tiến and Gia đình văn hóa needs."""
    fields.setdefault("signed_on", datetime.date(2025, 8, 20))
    fields.setdefault("issuer_name", "Ủy ban nhân dân xã Tiên Yên")
    fields.setdefault("issuer_level", "grassroots")
    fields.setdefault("authority", Authority.objects.get(code="commune_chair"))
    return make_decision(**fields)


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


def make_people(names: list[str]) -> list[Person]:
    """A person of each name, in one INSERT."""
    return Person.objects.bulk_create(Person(full_name=name) for name in names)


def make_awards(people: list[Person], slug: str = "lao-dong-tien-tien", **fields) -> list:
    """An award to each person, saved as the annex import saves a long annex: the awards in one
    INSERT, their visibility in one UPDATE."""
    fields.setdefault("year", 2024)
    if "decision" not in fields:
        fields["decision"] = make_decision()
    merit = title(slug)
    awards = Commendation.objects.bulk_create(
        Commendation(
            title=merit,
            title_rank=merit.rank,
            person=person,
            recipient_name=person.full_name,
            **fields,
        )
        for person in people
    )
    Commendation.objects.filter(pk__in=[award.pk for award in awards]).refresh_visibility()
    return awards


def make_staff(username: str = "staff", superuser: bool = True) -> User:
    return User.objects.create_user(
        username, password="password", is_staff=True, is_superuser=superuser
    )


ANNEX_HEADERS = [
    "STT", "Họ và tên", "Loại", "Chức vụ", "Đơn vị", "Xã/Phường", "Danh hiệu", "Năm",
    "Thành tích", "Số tiền (đồng)",
]  # fmt: skip


def annex_xlsx(rows: list[list], headers: list[str] = ANNEX_HEADERS, top: int = 3) -> bytes:
    """An annex laid out as offices print it: a title block, the header, the column numbers."""
    from openpyxl import Workbook  # a test dependency only

    book = Workbook()
    sheet = book.active
    sheet.append(["ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH"])
    sheet.append(["DANH SÁCH KHEN THƯỞNG"])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(headers))
    for _line in range(top - 2):
        sheet.append([])
    sheet.append(headers)
    sheet.append([f"({number})" for number in range(1, len(headers) + 1)])
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
    content = io.BytesIO()
    book.save(content)
    return content.getvalue()


def upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def make_member(username: str, group: str, *, commune=None, unit=None) -> User:
    """A member of staff in one of the shipped groups (viewer, editor, publisher)."""
    from django.contrib.auth.models import Group

    from units.models import StaffScope

    user = User.objects.create_user(username, password="password", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    if commune is not None or unit is not None:
        StaffScope.objects.create(user=user, commune=commune, unit=unit)
    return user
