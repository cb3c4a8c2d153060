"""Values of an annex's cells: names folded, kinds, titles, years, amounts, communes."""

import datetime
import functools
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.models import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_AMOUNT,
    Commendation,
    EmulationTitle,
)
from units.models import Unit
from units.names import fold as fold_text

DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
# Chunks of values for IN (...) look-ups: SQLite allows 32,766 variables in one statement.
CHUNK = 1_000

FIELDS = {
    "name": gettext_lazy("recipient name"),
    "kind": gettext_lazy("kind of recipient"),
    "position": gettext_lazy("position"),
    "unit": gettext_lazy("unit"),
    "commune": gettext_lazy("commune"),
    "title": gettext_lazy("title or form"),
    "year": gettext_lazy("year"),
    "citation": gettext_lazy("citation"),
    "amount": gettext_lazy("amount (VND)"),
}


KINDS = {
    "tap the": Commendation.RecipientKind.COLLECTIVES,
    "tt": Commendation.RecipientKind.COLLECTIVES,
    "collective": Commendation.RecipientKind.COLLECTIVES,
    "collectives": Commendation.RecipientKind.COLLECTIVES,
    "ca nhan": Commendation.RecipientKind.INDIVIDUALS,
    "cn": Commendation.RecipientKind.INDIVIDUALS,
    "individual": Commendation.RecipientKind.INDIVIDUALS,
    "individuals": Commendation.RecipientKind.INDIVIDUALS,
    "ho gia dinh": Commendation.RecipientKind.HOUSEHOLDS,
    "ho": Commendation.RecipientKind.HOUSEHOLDS,
    "hgd": Commendation.RecipientKind.HOUSEHOLDS,
    "household": Commendation.RecipientKind.HOUSEHOLDS,
    "households": Commendation.RecipientKind.HOUSEHOLDS,
}
COMMUNE_PREFIXES = ("xa ", "phuong ", "thi tran ", "dac khu ")
# A new unit's kind, guessed from how its name begins; staff can change it later.
UNIT_KIND_PREFIXES = [
    ("uy ban nhan dan", Unit.Kind.COMMUNE_AUTHORITY),
    ("ubnd", Unit.Kind.COMMUNE_AUTHORITY),
    ("truong", Unit.Kind.SCHOOL),
    ("tram y te", Unit.Kind.HEALTH_FACILITY),
    ("benh vien", Unit.Kind.HEALTH_FACILITY),
    ("trung tam y te", Unit.Kind.HEALTH_FACILITY),
    ("cong ty", Unit.Kind.ENTERPRISE),
    ("hop tac xa", Unit.Kind.ENTERPRISE),
    ("doanh nghiep", Unit.Kind.ENTERPRISE),
    ("thon", Unit.Kind.VILLAGE),
    ("ban ", Unit.Kind.VILLAGE),
    ("khu pho", Unit.Kind.VILLAGE),
    ("to dan pho", Unit.Kind.VILLAGE),
    ("cong an", Unit.Kind.ARMED_FORCES),
    ("ban chi huy quan su", Unit.Kind.ARMED_FORCES),
    ("doan thanh nien", Unit.Kind.MASS_ORGANISATION),
    ("hoi ", Unit.Kind.MASS_ORGANISATION),
    ("mat tran", Unit.Kind.MASS_ORGANISATION),
    ("phong ", Unit.Kind.AGENCY),
    ("van phong", Unit.Kind.AGENCY),
]


AMOUNT = re.compile(r"^[0-9]{1,3}([.,][0-9]{3})+$|^[0-9]+$")
CURRENCY = re.compile(r"\s*(đồng|dong|vnđ|vnd|đ|d)\.?$", re.IGNORECASE)


# An annex repeats its titles, kinds, units and communes on every row: fold each text once.
fold = functools.lru_cache(maxsize=100_000)(fold_text)


def _year_text(text: str) -> str:
    """A year column's cell as a year: '2024', '2024.0', or a date typed as text (27/12/2024)."""
    text = text.removesuffix(".0")
    for layout in DATE_FORMATS:
        try:
            return str(datetime.datetime.strptime(text, layout).year)
        except ValueError:
            continue
    return text


def _titles() -> dict[str, EmulationTitle]:
    titles = {}
    for title in EmulationTitle.objects.filter(is_active=True):
        for key in (title.name_folded, fold(title.name_en), title.slug):
            titles.setdefault(key, title)
    return titles


def _commune_key(text: str) -> str:
    folded = fold(text)
    for prefix in COMMUNE_PREFIXES:
        if folded.startswith(prefix):
            return folded.removeprefix(prefix)
    return folded


def _check_values(row, decision, default_year, titles, communes, scope) -> None:
    values = row.values
    if not values["name"]:
        row.errors.append(_("The name is empty."))
    elif len(values["name"]) > 300:
        row.errors.append(_("The name is longer than 300 characters."))

    title_text = values["title"] or values["section"]
    row.title = titles.get(fold(values["title"])) if values["title"] else None
    if row.title is None and not values["title"]:
        # The section heading above the row may name the title ("II. Danh hiệu Lao động tiên tiến").
        heading = fold(values["section"])
        matches = [t for key, t in titles.items() if len(key) > 8 and key in heading]
        row.title = max(matches, key=lambda t: len(t.name_folded), default=None)
    if row.title is None:
        if title_text:
            row.errors.append(
                _("Unknown title or form “%(title)s”.") % {"title": values["title"] or title_text}
            )
        else:
            row.errors.append(_("The title or form is missing."))

    kind_text = fold(values["kind"])
    if kind_text:
        row.kind = KINDS.get(kind_text, "")
        if not row.kind:
            row.errors.append(
                _("Unknown kind “%(kind)s”: write Tập thể, Cá nhân or Hộ gia đình.")
                % {"kind": values["kind"]}
            )
    else:
        heading = fold(values["section"])
        row.kind = next(
            (kind for word, kind in KINDS.items() if len(word) > 3 and word in heading), ""
        )
        if not row.kind and row.title is not None:
            allowed = [
                kind for kind in Commendation.RecipientKind if getattr(row.title, f"for_{kind}")
            ]
            if len(allowed) == 1:
                row.kind = allowed[0]
        if not row.kind:
            row.errors.append(
                _("Say whether the recipient is a collective, an individual or a household.")
            )
    if row.title is not None and row.kind and not getattr(row.title, f"for_{row.kind}"):
        row.errors.append(
            _("“%(title)s” is not given to %(kind)s.")
            % {"title": row.title, "kind": Commendation.RecipientKind(row.kind).label}
        )

    year_text = _year_text(values["year"])
    if not year_text:
        row.year = default_year
    elif re.fullmatch(r"[0-9]{1,4}[/.-][0-9]{1,2}[/.-][0-9]{1,4}", year_text):
        row.errors.append(
            _("“%(date)s” is not a date: write the day, the month, then the year (27/12/2024).")
            % {"date": values["year"]}
        )
    elif not year_text.isdigit():
        row.errors.append(_("The year “%(year)s” is not a year.") % {"year": values["year"]})
    else:
        row.year = int(year_text)
        if not FIRST_YEAR <= row.year <= LAST_YEAR:
            row.errors.append(
                _("The year %(year)s is out of range (%(first)s–%(last)s).")
                % {"year": row.year, "first": FIRST_YEAR, "last": LAST_YEAR}
            )
        elif row.year > decision.signed_on.year:
            row.errors.append(
                _("The year %(year)s is after the decision's year (%(signed)s).")
                % {"year": row.year, "signed": decision.signed_on.year}
            )

    amount_text = CURRENCY.sub("", values["amount"]).replace(" ", "")
    if amount_text:
        if not AMOUNT.match(amount_text):
            row.errors.append(
                _("The amount “%(amount)s” is not a sum in đồng.") % {"amount": values["amount"]}
            )
        else:
            row.amount = int(re.sub(r"[.,]", "", amount_text))
            if row.amount > MAX_AMOUNT:
                row.errors.append(_("The amount is larger than any award could carry."))

    if values["commune"]:
        # Several communes may share the name (across provinces): the unit or the person
        # usually tells which; the error comes only when nothing does.
        row.communes = _narrow(communes.get(_commune_key(values["commune"]), []), row.year)
        if not row.communes:
            row.errors.append(_("Unknown commune “%(name)s”.") % {"name": values["commune"]})
    elif scope is not None and scope.commune_id:
        row.communes = [scope.commune]
        row.placed_by_scope = True
    if len(row.communes) == 1:
        row.commune = row.communes[0]


def _narrow(records: list, year: int | None) -> list:
    """Of records sharing a name, those that existed in the award's year, current ones first.

    Communes and units of the same name follow one another (Tiên Yên township until June
    2025, Tiên Yên commune after): a 2024 annex means the first.
    """
    if year is not None:
        records = [record for record in records if _existed_in(record, year)] or records
    return [record for record in records if getattr(record, "is_current", True)] or records


def _existed_in(record, year: int) -> bool:
    began, ended = getattr(record, "valid_from", None), getattr(record, "valid_until", None)
    return (began is None or began.year <= year) and (ended is None or ended.year >= year)
