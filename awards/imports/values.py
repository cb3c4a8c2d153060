"""Values of an annex's cells: names cleaned and folded, kinds, titles, years, amounts, communes.

Offices write annexes loosely: "UBND" for "Ủy ban nhân dân", "Chiến sỹ", a bare "Bằng khen", a
typo, "Ông"/"Đại tá" before a name, a position after it, a place in parentheses. The words for
all that are data (data/words.toml, which an office extends: see aliases.py); what is read other
than exactly as the catalogue or the registry writes it is said on the row, never silently.
"""

import datetime
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rapidfuzz import fuzz, process

from awards.imports.aliases import load
from awards.models import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_AMOUNT,
    AnnexImport,
    Commendation,
    Decision,
    EmulationTitle,
    RewardMoney,
)
from units.models import Unit
from units.names import fold as fold_text

DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
# Chunks of values for IN (...) look-ups: SQLite allows 32,766 variables in one statement.
CHUNK = 1_000
# Similarity (0–100, rapidfuzz) from which a title written otherwise is read as a catalogue
# entry (a guess, said on the row), and from which the closest entries are named in the error.
TITLE_GUESS = 85
TITLE_CLOSEST = 60

FIELDS = {
    "name": gettext_lazy("recipient name"),
    "address": gettext_lazy("form of address or rank"),
    "kind": gettext_lazy("kind of recipient"),
    "position": gettext_lazy("position"),
    "unit": gettext_lazy("unit"),
    "commune": gettext_lazy("commune"),
    "title": gettext_lazy("title or form"),
    "year": gettext_lazy("year"),
    "citation": gettext_lazy("citation"),
    "amount": gettext_lazy("amount (VND)"),
}

WORDS = load("words")
KINDS = {word: Commendation.RecipientKind(kind) for word, kind in WORDS["kinds"].items()}
COMMUNE_PREFIXES = tuple(f"{prefix} " for prefix in WORDS["commune_prefixes"])
PLACE_PREFIXES = tuple(f"{prefix} " for prefix in WORDS["place_prefixes"])
# A new unit's kind, guessed from how its name begins (the longest prefix first).
UNIT_KIND_PREFIXES = sorted(
    ((prefix, Unit.Kind(kind)) for prefix, kind in WORDS["unit_kinds"].items()),
    key=lambda entry: -len(entry[0]),
)


class Phrases(dict[tuple[str, ...], list[tuple[str, ...]]]):
    """Phrases by their words, each with its meanings; and for each word that begins one, the
    number of words of the longest it begins (most words begin none: they are passed over)."""

    def __init__(self, entries) -> None:
        super().__init__(entries)
        self.longest = {}
        for words in self:
            self.longest[words[0]] = max(self.longest.get(words[0], 0), len(words))


def _phrases(table: dict) -> Phrases:
    """{"tt": ["trung tam", "thi tran"]} -> {("tt",): [("trung", "tam"), ("thi", "tran")]}."""
    phrases = {}
    for key, values in table.items():
        values = values if isinstance(values, list) else [values]
        phrases[tuple(key.split())] = [tuple(value.split()) for value in values]
    return Phrases(phrases)


EXPANSIONS = _phrases(WORDS["abbreviations"])
CONTRACTIONS = Phrases(
    {full: [short] for short, fulls in EXPANSIONS.items() for full in fulls if full}
)
TITLE_WORDS = _phrases(WORDS["title_words"])
# The most meanings one abbreviation has ("tt": "trung tâm", "thị trấn", …).
EXPANSION_CHOICES = max((len(found) for found in EXPANSIONS.values()), default=1)
BARE_FORMS = WORDS["bare_forms"]

AMOUNT = re.compile(r"^[0-9]{1,3}([.,][0-9]{3})+$|^[0-9]+$")
CURRENCY = re.compile(r"\s*(đồng|dong|vnđ|vnd|đ|d)\.?$", re.IGNORECASE)
DASHES = "-–—‑−"
DASH = re.compile(rf"\s*[{DASHES}]\s*")
ANY_DASH = re.compile(rf"[{DASHES}]")
# "1. ", "2) ", "- ", "+ ", "• " before an item of a list pasted from Word.
ITEM_MARK = re.compile(r"^(?:[0-9]{1,4}\s*[.)]\s+|[-–+•*]\s+)")
# An item's end: "./." under the last item of a decision, ";" after the others.
ITEM_END = re.compile(r"(?:\s*(?:\./\.|[;,.:]))+$")
PARENTHESES = re.compile(r"\s*\(([^()]*)\)$")
# Tone marks (grave, acute, hook, tilde, dot below): where they sit in "oa", "uy" varies with the
# spelling ("Hoà", "Hòa"), which is the same name; the other marks make other letters.
TONE_MARKS = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}


# An annex repeats its titles, kinds, units and communes on every row: fold each text once.
fold = functools.lru_cache(maxsize=100_000)(fold_text)


def _address_pattern() -> re.Pattern:
    # Written with their marks, and matched so: "Cô" is a form of address, "Cồ" a surname.
    words = sorted(
        (unicodedata.normalize("NFC", word) for word in WORDS["addresses"]),
        key=len,
        reverse=True,
    )
    one = "|".join(re.escape(word) for word in words)
    # A form of address ends with a dot ("TS.Nguyễn"), or a space, maybe after a comma.
    return re.compile(rf"(?:{one})(?:(?<=\.)\s*|\.\s*|\s*,\s*|\s+)", re.IGNORECASE)


ADDRESS = _address_pattern()
MIDDLE_NAMES = {unicodedata.normalize("NFC", word) for word in WORDS["middle_names"]}


def collapse(text: str) -> str:
    """Spaces trimmed and runs of spaces made one; Unicode composed (NFC)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def spelling(text: str) -> tuple:
    """The text as written, to compare spellings: case and tone-mark placement aside.

    Equal spellings are the same words ("Hòa", "HOÀ"); equal folded forms with different
    spellings are not always ("Tình", "Tỉnh"), and are said on the row.
    """
    return _spelling(collapse(text).casefold())


@functools.lru_cache(maxsize=100_000)
def _spelling(text: str) -> tuple:
    words = []
    for word in unicodedata.normalize("NFD", text).split():
        tones = "".join(char for char in word if char in TONE_MARKS)
        bare = "".join(char for char in word if char not in TONE_MARKS)
        words.append((unicodedata.normalize("NFC", bare), tones))
    return tuple(words)


def alike(first: str, second: str) -> int:
    """How alike two texts are as written (0–100), case aside: for the notes."""
    return round(fuzz.ratio(collapse(first).casefold(), collapse(second).casefold()))


# Words and phrases --------------------------------------------------------------------------


def _words(folded: str) -> list[str]:
    """Folded text as words, punctuation read as spaces ("gd&dt" and "d/c" stay one word)."""
    return re.sub(r"[^0-9a-z&/]+", " ", folded).split()


@functools.lru_cache(maxsize=100_000)
def unit_key(folded: str) -> str:
    """A folded name with its abbreviations expanded and its punctuation dropped: names that
    mean the same unit have the same key ("ubnd xa dong rui", "uy ban nhan dan xa dong rui";
    "trung tam mat – noi tiet", "trung tam mat-noi tiet")."""
    return " ".join(_replace(_words(folded), EXPANSIONS))


def person_key(folded: str) -> str:
    """A folded person's name, punctuation dropped (names are not abbreviated)."""
    return " ".join(_words(folded))


@functools.lru_cache(maxsize=100_000)
def name_variants(folded: str, abbreviations: bool = True) -> tuple[str, ...]:
    """The ways the registry may hold a folded name: as written, with its abbreviations
    expanded or contracted, with en dashes or hyphens, spaced or not. The first is as written.

    The registry keeps names folded as written (`name_folded`); looking it up by each of these
    finds "Ủy ban nhân dân xã Đồng Rui" for "UBND xã Đồng Rui" in the same IN (…) query.
    """
    forms = [folded]
    if abbreviations:
        words = folded.split()
        for choice in range(EXPANSION_CHOICES):
            forms.append(" ".join(_replace(words, EXPANSIONS, choice)))
        forms.append(" ".join(_replace(words, CONTRACTIONS)))
    variants = []
    for form in dict.fromkeys(forms):  # most names have no abbreviation: one form
        variants.append(form)
        if ANY_DASH.search(form):
            variants += [DASH.sub(dash, form) for dash in ("-", " - ", "–", " – ")]
    return tuple(dict.fromkeys(variants))


def _replace(words: list[str], phrases: Phrases, choice: int = 0) -> list[str]:
    """Each phrase of `phrases` found in `words` (whole words, longest first) replaced by its
    `choice`-th meaning, the punctuation around each word kept ("ubnd," -> "uy ban nhan dan,")."""
    cores = [word.strip(",.;:()") for word in words]
    if phrases.longest.keys().isdisjoint(cores):  # most words begin no phrase
        return list(words)
    result, index = [], 0
    while index < len(words):
        longest = phrases.longest.get(cores[index], 0)
        for size in range(min(longest, len(words) - index), 0, -1):
            found = phrases.get(tuple(cores[index : index + size]))
            if found is not None:
                replacement = list(found[min(choice, len(found) - 1)])
                first, last = words[index], words[index + size - 1]
                lead = first[: len(first) - len(first.lstrip(",.;:()"))]
                trail = last[len(last.rstrip(",.;:()")) :]
                if replacement:
                    replacement[0] = lead + replacement[0]
                    replacement[-1] += trail
                result += replacement
                index += size
                break
        else:
            result.append(words[index])
            index += 1
    return result


def title_key(text: str) -> str:
    """A title as compared with the catalogue's: folded, abbreviations expanded, its loose
    words replaced ("Danh hiệu Chiến sỹ thi đua cấp cơ sở" -> "chien si thi dua co so")."""
    return " ".join(_replace(_replace(_words(fold(text)), EXPANSIONS), TITLE_WORDS))


def _commune_key(text: str) -> str:
    folded = fold(text)
    for prefix in COMMUNE_PREFIXES:
        if folded.startswith(prefix):
            return folded.removeprefix(prefix)
    return folded


def is_place(text: str) -> bool:
    """ "huyện Tuyên Hóa", "phường Thuận Hóa", "tỉnh Quảng Bình": a place, not a unit."""
    folded = " ".join(_words(fold(text)))
    return folded.startswith(PLACE_PREFIXES) and len(folded.split()) >= 2


def place_parts(hint: str) -> tuple[str, str]:
    """ "huyện Tuyên Hóa" -> ("huyen", "tuyen hoa"): the kind of place and its folded name."""
    folded = " ".join(_words(fold(hint)))
    for prefix in sorted(PLACE_PREFIXES, key=len, reverse=True):
        if folded.startswith(prefix):
            return prefix.strip(), folded.removeprefix(prefix)
    return "", folded


# Names --------------------------------------------------------------------------------------


@dataclass
class Name:
    """A name cell read: the name, and what was written around it."""

    name: str
    address: str = ""  # "Ông", "Đại tá", "PGS.TS."
    rest: str = ""  # after the name: an individual's position and unit
    place_hint: str = ""  # "huyện Tuyên Hóa"


def read_name(text: str, kind: str) -> Name:
    """The name in a name cell, with its form of address, its position and its place aside.

    Only an individual's name loses its form of address and is split at its first comma or
    dash ("Ông Trương Quang Sáng, Phó Giám đốc Sở Tư pháp"): a collective's name may hold
    commas ("Phòng Phổ biến, giáo dục pháp luật, Sở Tư pháp"), a household's name a form of
    address ("Gia đình ông Lê Văn Hải").
    """
    text = ITEM_END.sub("", ITEM_MARK.sub("", collapse(text)))
    hint = ""
    if (found := PARENTHESES.search(text)) and is_place(found.group(1)):
        hint, text = collapse(found.group(1)), ITEM_END.sub("", text[: found.start()])
    if kind != Commendation.RecipientKind.INDIVIDUALS:
        head, _comma, tail = text.rpartition(", ")
        if not hint and head and is_place(tail):
            text, hint = head, tail
        return Name(name=text, place_hint=hint)
    address, text = _split_address(text)
    name, rest = _split_position(text)
    if rest and is_place(rest) and "," not in rest:
        hint, rest = hint or rest, ""
    elif rest and not hint:
        tail = rest.rpartition(", ")[2]
        if tail != rest and is_place(tail):
            hint = tail
    return Name(name=name, address=address, rest=rest, place_hint=hint)


def _split_address(text: str) -> tuple[str, str]:
    """ "Đại tá Lê Văn Tiến" -> ("Đại tá", "Lê Văn Tiến"); a name keeps two words at least, and
    never begins with a middle name ("Ông Văn Tùng" is a name: Ông is the surname)."""
    written = unicodedata.normalize("NFC", text)
    cut = 0
    while found := ADDRESS.match(written, cut):
        rest = written[found.end() :]
        words = rest.split(",")[0].split()
        if len(words) < 2 or words[0].casefold() in MIDDLE_NAMES:
            break
        cut = found.end()
    if not cut:
        return "", text
    return written[:cut].strip(" ,"), written[cut:]


def _split_position(text: str) -> tuple[str, str]:
    """ "Nguyễn Văn A, Giám đốc …" or "Nguyễn Văn A - Giám đốc …": the name, then the rest."""
    found = re.search(rf",\s*|\s+[{DASHES}]\s+", text)
    if found is None:
        return text, ""
    return text[: found.start()].strip(), text[found.end() :].strip()


# Titles -------------------------------------------------------------------------------------


@dataclass
class Reading:
    """A title text read against the catalogue: the entry, what to say, or why not."""

    title: EmulationTitle | None = None
    notes: list[str] = field(default_factory=list)
    error: str = ""
    is_code: bool = False  # a code of another program ("1650360491"), not a title


class Catalogue:
    """The active catalogue, read once per check, and every title text read against it.

    A text is the entry it names when it is written as the catalogue writes it (case and
    tone-mark placement aside); otherwise, in this order, and each said on the row: the same
    letters without their marks (a guess), the same words once loose spellings and
    abbreviations are replaced ("Bằng khen Chủ tịch UBND tỉnh"), an alias of words.toml, a bare
    form ("Bằng khen": the one the decision's issuer confers), an entry followed by an issuer's
    name ("Giấy khen của Chủ tịch UBND huyện Tiên Yên"), and at last the most similar entry
    when it is similar enough (a guess).
    """

    def __init__(self, decision: Decision) -> None:
        self.decision = decision
        self.titles = list(EmulationTitle.objects.filter(is_active=True))
        # What the decision's issuer may not confer on its date, and the money of the day.
        self.refusals = decision.refusals(self.titles)
        self.money = RewardMoney.on(decision.signed_on)
        self.amounts: dict[tuple, tuple] = {}  # (title, kind, amount) -> _amount_reading()
        self.by_spelling, self.by_other_name, self.by_folded, self.by_key = {}, {}, {}, {}
        for title in self.titles:
            self.by_spelling.setdefault(spelling(title.name), title)
            for key in (title.name_en.casefold(), title.slug):
                self.by_other_name.setdefault(key, title)
            for key in (title.name_folded, fold(title.name_en), title.slug):
                self.by_folded.setdefault(key, title)
            self.by_key.setdefault(title_key(title.name), title)
        slugs = {title.slug: title for title in self.titles}
        self.aliases = {
            title_key(alias): slugs[slug]
            for alias, slug in WORDS["title_aliases"].items()
            if slug in slugs
        }
        # Longest first: a heading that holds "Tập thể lao động tiên tiến" names that entry,
        # not "Lao động tiên tiến".
        self.keys = sorted({**self.aliases, **self.by_key}, key=len, reverse=True)
        self._read: dict[tuple[str, bool], Reading] = {}

    def read(self, text: str) -> Reading:
        """A title cell: exactly, loosely, or a guess by similarity."""
        key = (text, True)
        if key not in self._read:
            self._read[key] = self._reading(text, guess=True)
        return self._read[key]

    def find_in(self, text: str) -> Reading:
        """A section heading or a title block's title: the entry it is or names."""
        key = (text, False)
        if key not in self._read:
            reading = self._reading(text, guess=False)
            if reading.title is None and not reading.error:
                reading = self._named_in(text)
            self._read[key] = reading
        return self._read[key]

    def _reading(self, text: str, guess: bool) -> Reading:
        written = collapse(text)
        if title := self.by_spelling.get(spelling(written)) or self.by_other_name.get(
            written.casefold()
        ):
            return Reading(title)
        if title := self.by_folded.get(fold(written)):
            return Reading(title, [self._guessed(written, title, alike(written, title.name))])
        key = title_key(written)
        if title := self.by_key.get(key) or self.aliases.get(key):
            return Reading(title, [self._read_as(written, title)])
        if key in BARE_FORMS:
            return self._bare(written, BARE_FORMS[key])
        if not guess:
            return Reading()  # a heading: the entry it names is looked for in it (_named_in)
        for known in self.keys:
            rest = key.removeprefix(known + " ")
            if rest != key and len(rest.split()) <= 6:
                title = self.by_key.get(known) or self.aliases[known]
                return Reading(title, [self._read_as(written, title)])
        if written.isascii() and written.isdecimal() and len(written) >= 4:
            return Reading(is_code=True)
        closest = process.extract(
            key, list(self.by_key), scorer=fuzz.ratio, limit=3, score_cutoff=TITLE_CLOSEST
        )
        if closest and closest[0][1] >= TITLE_GUESS:
            title = self.by_key[closest[0][0]]
            return Reading(title, [self._guessed(written, title, round(closest[0][1]))])
        message = _("Unknown title or form “%(title)s”.") % {"title": written}
        if closest:
            message += " " + _("The closest in the catalogue: %(titles)s.") % {
                "titles": ", ".join(f"“{self.by_key[known]}”" for known, _score, _at in closest)
            }
        return Reading(error=message)

    def _named_in(self, text: str) -> Reading:
        """The longest entry a heading names ("II. Danh hiệu Lao động tiên tiến (cá nhân)")."""
        padded = f" {title_key(text)} "
        named, rest = [], padded
        for known in self.keys:  # longest first: "tập thể lao động tiên tiến" before its end
            if len(known) > 8 and f" {known} " in rest:
                title = self.by_key.get(known) or self.aliases[known]
                if title not in named:
                    named.append(title)
                rest = rest.replace(f" {known} ", " | ")
        if len(named) > 1:
            # "… Chiến sĩ thi đua cơ sở và Lao động tiên tiến năm 2024": which row has which
            # is not said here; never the first for all.
            return Reading(
                error=_(
                    "“%(text)s” names several titles (%(titles)s): choose the title of each row."
                )
                % {"text": collapse(text), "titles": ", ".join(str(t) for t in named)}
            )
        if named:
            title = named[0]
            if collapse(title.name).casefold() in collapse(text).casefold():
                return Reading(title)
            return Reading(title, [self._read_as(text, title)])
        for bare, kind in BARE_FORMS.items():
            if f" {bare} " in padded:
                return self._bare(collapse(text), kind)
        return Reading()

    def _bare(self, written: str, kind: str) -> Reading:
        """ "Bằng khen" alone: the form of that kind the decision's issuer confers."""
        decision = self.decision
        forms = [
            title
            for title in self.titles
            if title.kind == kind and title.level == decision.issuer_level
        ]
        if len(forms) > 1:
            issuer = f" {title_key(decision.issuer_name)} "
            forms = [
                title
                for title in forms
                if f" {title_key(title.issuing_authority).removeprefix('chu tich ')} " in issuer
            ] or forms
        if len(forms) == 1:
            note = _(
                "“%(written)s” read as “%(title)s”, the form the decision's issuer "
                "(%(issuer)s) confers."
            ) % {"written": written, "title": forms[0], "issuer": decision.issuer_name}
            return Reading(forms[0], [note])
        choices = [title for title in self.titles if title.kind == kind]
        return Reading(
            error=_(
                "“%(written)s” does not say which one the decision's issuer (%(issuer)s) "
                "confers: pick the title (%(titles)s)."
            )
            % {
                "written": written,
                "issuer": decision.issuer_name,
                "titles": ", ".join(f"“{title}”" for title in choices),
            }
        )

    @staticmethod
    def _read_as(written: str, title: EmulationTitle) -> str:
        return _("“%(written)s” read as “%(title)s”.") % {"written": written, "title": title}

    @staticmethod
    def _guessed(written: str, title: EmulationTitle, score: int) -> str:
        return _("“%(written)s” read as “%(title)s” (a guess, %(score)s%% alike).") % {
            "written": written,
            "title": title,
            "score": score,
        }


# A row's values -----------------------------------------------------------------------------


def _year_text(text: str) -> str:
    """A year column's cell as a year: '2024', '2024.0', or a date typed as text (27/12/2024)."""
    text = text.strip().removesuffix(".0")
    if not text or text.isdecimal():
        return text  # a year, as most are: strptime's failures are slow
    for layout in DATE_FORMATS:
        try:
            return str(datetime.datetime.strptime(text, layout).year)
        except ValueError:
            continue
    return text


def _block_year(imp: AnnexImport) -> int | None:
    """The year the title block names ("… NĂM 2019"), when it is one."""
    text = str((imp.title_block or {}).get("year") or "")
    if text.isascii() and text.isdecimal() and FIRST_YEAR <= int(text) <= LAST_YEAR:
        return int(text)
    return None


def _kind_of(text: str) -> str:
    return KINDS.get(" ".join(_words(fold(text))), "")


def _kind_named_in(heading: str) -> str:
    """The kind a heading names ("I. Tập thể", "… (cá nhân)"), when it names only one."""
    padded = f" {' '.join(_words(fold(heading)))} "
    found = {kind for word, kind in KINDS.items() if len(word) > 3 and f" {word} " in padded}
    return found.pop() if len(found) == 1 else ""


def _check_values(row, imp: AnnexImport, catalogue: Catalogue) -> None:
    """The row's title, kind, name, year and amount; the commune comes after (_place)."""
    values = row.values
    block = imp.title_block or {}
    _check_title(row, catalogue, block)

    # The kind: the row's cell, its section, the title block, the title's only kind.
    kind_text = values["kind"].strip()
    if kind_text:
        row.kind = _kind_of(kind_text)
        if not row.kind:
            row.errors.append(
                _("Unknown kind “%(kind)s”: write Tập thể, Cá nhân or Hộ gia đình.")
                % {"kind": values["kind"]}
            )
    else:
        block_kind = str(block.get("kind") or "")
        row.kind = (
            _kind_named_in(values["section"])
            or (block_kind if block_kind in Commendation.RecipientKind.values else "")
            or _kind_of(block_kind)
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
    if row.title is not None and (refusal := catalogue.refusals.get(row.title.pk)):
        row.errors.append(refusal)

    _read_name(row)
    if not values["name"]:
        row.errors.insert(0, _("The name is empty."))
    elif len(values["name"]) > 300:
        row.errors.insert(0, _("The name is longer than 300 characters."))

    year_text = _year_text(values["year"])
    if not year_text:
        row.year = _block_year(imp) or imp.default_year
    elif re.fullmatch(r"[0-9]{1,4}[/.-][0-9]{1,2}[/.-][0-9]{1,4}", year_text):
        row.errors.append(
            _("“%(date)s” is not a date: write the day, the month, then the year (27/12/2024).")
            % {"date": values["year"]}
        )
    elif not (year_text.isascii() and year_text.isdecimal()):
        row.errors.append(_("The year “%(year)s” is not a year.") % {"year": values["year"]})
    else:
        row.year = int(year_text)
        if not FIRST_YEAR <= row.year <= LAST_YEAR:
            row.errors.append(
                _("The year %(year)s is out of range (%(first)s–%(last)s).")
                % {"year": row.year, "first": FIRST_YEAR, "last": LAST_YEAR}
            )
        elif row.year > imp.decision.signed_on.year:
            row.errors.append(
                _("The year %(year)s is after the decision's year (%(signed)s).")
                % {"year": row.year, "signed": imp.decision.signed_on.year}
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
    _check_amount(row, catalogue)


def _check_amount(row, catalogue: Catalogue) -> None:
    """An amount left empty is the rate's (the preview says which); one that differs from the
    rate is said in a note: the office may pay more from its own fund, or have mistyped. An
    annex has few titles and amounts: each is worked out once (16,000 notes took 0.4 s)."""
    if row.title is None or not row.kind:
        return
    key = (row.title.pk, row.kind, row.amount)
    if key not in catalogue.amounts:
        catalogue.amounts[key] = _amount_reading(row, catalogue.money)
    amount, rate, note = catalogue.amounts[key]
    row.amount, row.amount_rate = amount, rate
    if note:
        row.notes.append(note)


def _amount_reading(row, money: RewardMoney) -> tuple[int | None, str, str]:
    """(the amount, the rate it was taken from, a note on a typed amount off the rate)."""
    proposed = money.amount(row.title.pk, row.kind)
    if proposed is None:
        return row.amount, "", ""
    rate = money.explain(row.title.pk, row.kind)
    if row.amount is None:
        return proposed, rate, ""
    if row.amount != proposed:
        note = _("The amount %(amount)s đ differs from the rate: %(rate)s.") % {
            "amount": number_format(row.amount, force_grouping=True),
            "rate": rate,
        }
        return row.amount, "", note
    return row.amount, "", ""


def _check_title(row, catalogue: Catalogue, block: dict) -> None:
    """The title: the row's cell, its section, the title block's title."""
    values = row.values
    cell = values["title"].strip()
    reading = catalogue.read(cell) if cell else Reading()
    if reading.error:
        row.errors.append(reading.error)
        return
    row.title = reading.title
    row.notes += reading.notes
    if row.title is not None:
        return
    for source, text in (
        (_("the section heading"), values["section"]),
        (_("the title block"), str(block.get("title") or "")),
    ):
        if not text.strip():
            continue
        found = catalogue.find_in(text)
        if found.error:
            row.errors.append(found.error)
            return
        if found.title is not None:
            row.title = found.title
            if reading.is_code:
                code = _(
                    "The title column holds “%(code)s”, not a title: “%(title)s” is taken "
                    "from %(source)s."
                )
                row.notes.append(code % {"code": cell, "title": found.title, "source": source})
            row.notes += found.notes
            return
    if cell:
        row.errors.append(_("Unknown title or form “%(title)s”.") % {"title": cell})
    else:
        row.errors.append(_("The title or form is missing."))


def _read_name(row) -> None:
    """The name cell read (see read_name()): what the award records, cleaned, in the values."""
    values = row.values
    row.written_name = values["name"]
    name = read_name(values["name"], row.kind)
    values["name"] = name.name
    for field_name in ("position", "unit", "commune", "address"):
        values[field_name] = collapse(values.get(field_name, ""))
    written_address = values["address"]
    if name.address and fold(name.address) != fold(written_address):
        values["address"] = (
            f"{written_address}, {name.address}" if written_address else name.address
        )
    if name.rest:
        if not values["unit"]:
            values["unit"] = name.rest
        elif not values["position"]:
            values["position"] = name.rest
        else:
            values["unit"] = f"{name.rest}, {values['unit']}"
    if name.address and len(name.name.split()) == 2:
        # "Ông Ích Khiêm": Ông may be the surname of a two-word name. Said, for the clerk.
        row.notes.append(
            _("“%(address)s” read as a form of address, leaving the name “%(name)s”.")
            % {"address": name.address, "name": name.name}
        )
    row.address = values["address"]
    row.place_hint = name.place_hint


def _place(row, communes: dict, scope) -> None:
    """The row's commune: its commune cell, else the place after its name when the registry
    knows that commune, else the user's commune (a scope)."""
    values = row.values
    if values["commune"]:
        # Several communes may share the name (across provinces): the unit or the person
        # usually tells which; the error comes only when nothing does.
        found = communes.get(_commune_key(values["commune"]), [])
        chosen = values.get("commune_id", "")
        if chosen:  # chosen in the preview from the registry's communes: that one, no other
            found = [commune for commune in found if str(commune.pk) == chosen]
        found = _narrow(found, row.year)
        row.communes = prefer(found, lambda commune: in_place(commune, row.place_hint))
        if not row.communes:
            row.errors.append(_("Unknown commune “%(name)s”.") % {"name": values["commune"]})
    elif row.place_hint and (found := _hinted_communes(row, communes)):
        row.communes = found
        row.placed_by_hint = True
        if len(found) == 1:
            row.notes.append(
                _("“%(hint)s” after the name read as the commune: %(commune)s.")
                % {"hint": row.place_hint, "commune": found[0]}
            )
    elif scope is not None and scope.commune_id:
        row.communes = [scope.commune]
        row.placed_by_scope = True
    if len(row.communes) == 1:
        row.commune = row.communes[0]


def hinted_commune_key(hint: str) -> str:
    """The folded commune name a place hint names ("phường Thuận Hóa" -> "thuan hoa"), or ""."""
    kind, name = place_parts(hint)
    return name if f"{kind} " in COMMUNE_PREFIXES else ""


def _hinted_communes(row, communes: dict) -> list:
    kind, name = place_parts(row.place_hint)
    if f"{kind} " not in COMMUNE_PREFIXES:
        return []
    found = _narrow(communes.get(name, []), row.year)
    return prefer(found, lambda commune: fold(commune.VIETNAMESE_KIND[commune.kind]) == kind)


def in_place(commune, hint: str) -> bool:
    """Whether a commune is in the district, province or commune a place hint names."""
    if commune is None or not hint:
        return False
    kind, name = place_parts(hint)
    if f"{kind} " in COMMUNE_PREFIXES:
        return commune.name_folded == name
    district = (
        place_parts(commune.district)[1] if is_place(commune.district) else fold(commune.district)
    )
    province = (
        place_parts(commune.province)[1] if is_place(commune.province) else fold(commune.province)
    )
    if kind == "tinh":
        return province == name
    if kind in ("thanh pho", "tp"):
        return name in (district, province)
    return district == name


def prefer(records: list, good) -> list:
    """The records for which `good` holds, or all of them when it holds for none."""
    chosen = [record for record in records if good(record)]
    return chosen or records


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
