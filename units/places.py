"""The real administrative map, from the vietnam-provinces package: a province's communes before
1 July 2025 (under their districts) and after (the two-level map), with their official codes,
and what each old commune became, whole or in parts.

`load_places()` matches what the registry already holds instead of adding it again: a commune
by its official code, else by its name, district and province as folded (so "Đồng Rui" typed by
hand years ago is the package's "Xã Đồng Rui" of Huyện Tiên Yên). A second run changes nothing.
It never moves people, units or households: where an old commune the registry holds in force
is ended, that is said, and the admin's merge action moves what is current in it.
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from units.models import Commune, CommuneSuccessor
from units.names import fold

# The two-level local government began on 1 July 2025 (Resolution 202/2025/QH15 on provinces,
# and the Standing Committee's resolutions on each province's communes).
NEW_MAP_FROM = datetime.date(2025, 7, 1)
OLD_MAP_UNTIL = NEW_MAP_FROM - datetime.timedelta(days=1)

# "xã" -> Commune.Kind.COMMUNE …: the words the national list writes before a commune's name.
KINDS = {word.casefold(): kind for kind, word in Commune.VIETNAMESE_KIND.items()}
# What the package writes before a province's or a district's own name.
PLACE_PREFIXES = ("Thành phố", "Tỉnh", "Huyện", "Thị xã", "Quận")


@dataclass
class Loaded:
    """What a load did: counts by what, and the lines that need a person's attention."""

    counts: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return ", ".join(f"{number} {what}" for what, number in self.counts.items()) or (
            "nothing to change"
        )


def bare(name: str, prefixes: Iterable[str]) -> str:
    """ "Xã Đồng Rui" -> "Đồng Rui", "Huyện Tiên Yên" -> "Tiên Yên"."""
    for prefix in sorted(prefixes, key=len, reverse=True):
        if name.casefold().startswith(prefix.casefold() + " "):
            return name[len(prefix) + 1 :]
    return name


def code_text(code) -> str:
    """The package's codes are numbers (enums of them): the national list writes five digits."""
    return f"{int(getattr(code, 'value', code)):05d}"


@transaction.atomic
def load_places(province: str = "") -> Loaded:
    """The communes of `province` (every province when empty), before and after 1 July 2025."""
    from vietnam_provinces import Province, Ward
    from vietnam_provinces.legacy import District as OldDistrict
    from vietnam_provinces.legacy import Province as OldProvince
    from vietnam_provinces.legacy import Ward as OldWard

    wanted = fold(province)
    loaded = Loaded()
    old_communes = {}  # the package's old ward code -> the registry's commune
    for old_province in OldProvince.iter_all():
        province_name = bare(old_province.name, PLACE_PREFIXES)
        if wanted and fold(province_name) != wanted:
            continue
        for district in OldDistrict.iter_by_province(old_province.code):
            district_name = bare(district.name, PLACE_PREFIXES)
            for ward in OldWard.iter_by_district(district.code):
                old_communes[int(ward.code.value)] = _put_old(
                    ward, district_name, province_name, loaded
                )
    for new_province in Province.iter_all():
        province_name = bare(new_province.name, PLACE_PREFIXES)
        if wanted and fold(province_name) != wanted:
            continue
        for ward in Ward.iter_by_province(new_province.code):
            commune = _put_new(ward, province_name, loaded)
            for source in ward.get_legacy_sources():
                old = old_communes.get(int(source.code.value))
                if old is None:
                    # A ward of a province merged into this one (Hà Giang into Tuyên Quang),
                    # not asked for by name: its record is loaded with the link.
                    district = OldDistrict.from_code(source.district_code)
                    old = old_communes[int(source.code.value)] = _put_old(
                        source,
                        bare(district.name, PLACE_PREFIXES),
                        bare(OldProvince.from_code(district.province_code).name, PLACE_PREFIXES),
                        loaded,
                    )
                _link(old, commune, loaded)
    if not old_communes and not loaded.counts:
        raise ValueError(f"No province named {province!r} in the national list.")
    return loaded


def _kind(ward) -> str:
    return KINDS[str(ward.division_type.value)]


def _put_old(ward, district: str, province: str, loaded: Loaded) -> Commune:
    name, code = bare(ward.name, KINDS), code_text(ward.code)
    # Only a record in force on the last day of the old map is that commune: an earlier one of
    # the same name (renamed, merged before) keeps its history as it is.
    in_force = Q(valid_until__isnull=True) | Q(valid_until__gte=OLD_MAP_UNTIL)
    found = (
        Commune.objects.filter(in_force, code=code, valid_from__lt=NEW_MAP_FROM).first()
        or (Commune.objects.filter(in_force, code=code, valid_from__isnull=True).first())
        or next(
            (
                commune
                # By name only a record without a code (typed by hand): one with another code is
                # another commune, though folded alike (Văn Lang and Văn Lăng of Thái Nguyên).
                for commune in Commune.objects.filter(in_force, name_folded=fold(name), code="")
                # The kind too: Đầm Hà district had a township and a commune of that name.
                if commune.kind == _kind(ward)
                and fold(commune.district) == fold(district)
                and fold(commune.province) == fold(province)
                and (commune.valid_from is None or commune.valid_from < NEW_MAP_FROM)
            ),
            None,
        )
    )
    values = {"kind": _kind(ward), "district": district, "province": province}
    if found is None:
        loaded.counts["old communes added"] += 1
        return Commune.objects.create(name=name, code=code, valid_until=OLD_MAP_UNTIL, **values)
    changes = {key: value for key, value in values.items() if getattr(found, key) != value}
    if found.code != code and not found.code:
        changes["code"] = code
    if found.valid_until is None:
        changes["valid_until"] = OLD_MAP_UNTIL
        loaded.notes.append(
            f"{found} ({district}) ended on {OLD_MAP_UNTIL:%d/%m/%Y}: move what is current in it "
            "(people, units, households) with the admin's merge action."
        )
    if changes:
        for key, value in changes.items():
            setattr(found, key, value)
        found.save()
        loaded.counts["old communes updated"] += 1
    return found


def _put_new(ward, province: str, loaded: Loaded) -> Commune:
    name, code = bare(ward.name, KINDS), code_text(ward.code)
    found = Commune.objects.filter(code=code, valid_from=NEW_MAP_FROM).first() or next(
        (
            commune
            for commune in Commune.objects.filter(name_folded=fold(name), district="", code="")
            if fold(commune.province) == fold(province)
            and commune.kind == _kind(ward)
            and commune.valid_from is not None
            and commune.valid_from >= NEW_MAP_FROM
        ),
        None,
    )
    if found is None:
        loaded.counts["new communes added"] += 1
        return Commune.objects.create(
            name=name, kind=_kind(ward), code=code, province=province, valid_from=NEW_MAP_FROM
        )
    if not found.code or found.kind != _kind(ward):
        found.code, found.kind = found.code or code, _kind(ward)
        found.save()
        loaded.counts["new communes updated"] += 1
    return found


def _link(old: Commune, new: Commune, loaded: Loaded) -> None:
    """The old commune went, whole or in part, to the new one: its successor when it went to
    one only (or kept its name there), a part besides."""
    if old.successor_id == new.pk:
        return
    if old.successor_id is None:
        old.successor = new
        old.save(update_fields=["successor"])
        loaded.counts["successors named"] += 1
        return
    part = new
    if new.name_folded == old.name_folded and old.successor.name_folded != old.name_folded:
        # The part that kept the old name is the successor; the one named before, a part.
        part, old.successor = old.successor, new
        old.save(update_fields=["successor"])
        CommuneSuccessor.objects.filter(predecessor=old, successor=new).delete()
    _part, created = CommuneSuccessor.objects.get_or_create(predecessor=old, successor=part)
    if created:
        loaded.counts["parts of split communes"] += 1
