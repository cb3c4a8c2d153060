"""Folding Vietnamese names so that "dong rui", "DONG RUI" and "Đồng Rui" compare equal.

Every searchable name is stored twice: as written, and folded (lower case, no diacritics, đ -> d,
single spaces) in a FoldedCharField beside it. Searching the folded column works the same on
SQLite and PostgreSQL; on PostgreSQL a trigram index makes `contains` look-ups on it fast.
"""

import sys
import unicodedata
from collections.abc import Iterable, Sequence

from django.core import checks
from django.db import models
from django.db.models import Q


def fold(text: str) -> str:
    # đ/Đ is a letter of its own, not d with a combining mark, so NFKD leaves it alone.
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


# What a search reads of its text. Each word is one more condition in the query (SQLite refuses
# a query nested deeper than 1,000: "Expression tree is too large"); a Vietnamese word is one
# syllable, so an official name such as "Ủy ban nhân dân xã Đồng Rui huyện Tiên Yên" is ten.
SEARCH_MAX_WORDS = 12
SEARCH_MAX_LENGTH = 100


def shorten_search(text: str) -> str:
    """`text` cut to its first SEARCH_MAX_LENGTH characters, then its first SEARCH_MAX_WORDS words.

    A shortened search finds everything the whole text would have, and maybe more.
    """
    return " ".join(text[:SEARCH_MAX_LENGTH].split()[:SEARCH_MAX_WORDS])


def search_words(text: str) -> list[str]:
    """The folded words a search for `text` looks for: never more than SEARCH_MAX_WORDS.

    Counted again after folding: compatibility decomposition spells some single characters
    as several words (U+FDFA is four). A word of no letter or digit ("%", "!!!", "-") says
    nothing of a name and no trigram index can look it up: searched for, it read every name of
    every table (70–120 ms at a million awards, for anyone who asks); it is left out.
    """
    words = fold(shorten_search(text)).split()
    return [word for word in words if any(c.isalnum() for c in word)][:SEARCH_MAX_WORDS]


def following_prefix(prefix: str) -> str | None:
    """The least text after every text that begins with `prefix`, in code-point order ("nguyen
    van" -> "nguyen vao"); None if there is none (a prefix of U+10FFFF alone).

    A code point is never followed by a surrogate (U+D7FF by U+E000 here): neither SQLite nor
    PostgreSQL takes a text that holds one.
    """
    stem = prefix.rstrip(chr(sys.maxunicode))
    if not stem:
        return None
    following = ord(stem[-1]) + 1
    if 0xD800 <= following <= 0xDFFF:
        following = 0xE000
    return stem[:-1] + chr(following)


def contains_words(folded_field: str, text: str) -> Q:
    """`folded_field` contains every word a search of `text` reads, ignoring diacritics and case."""
    condition = Q()
    for word in search_words(text):
        condition &= Q(**{f"{folded_field}__contains": word})
    return condition


class FoldedCharField(models.CharField):
    """The folded form of `source` (a field name, or several joined by spaces), filled on save.

    `pre_save()` folds, so save() and bulk_create() fill it, and FoldedNameQuerySet.bulk_update()
    does when it updates a source. Like `auto_now`, it is not refolded by a save whose
    `update_fields` leaves it out, nor by QuerySet.update().
    """

    def __init__(self, *args, source: str | Sequence[str], **kwargs) -> None:
        self.source = source
        self.sources = (source,) if isinstance(source, str) else tuple(source)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        if not self.editable:
            del kwargs["editable"]
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = self.folded(getattr(model_instance, source) for source in self.sources)
        setattr(model_instance, self.attname, value)
        return value

    def folded(self, texts: Iterable[str]) -> str:
        """The value of the sources' texts, in their order (what pre_save() writes)."""
        # Compatibility decomposition can lengthen a text (U+FDFA folds into 18 characters).
        return fold(" ".join(texts))[: self.max_length]

    def check(self, **kwargs) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        queryset = getattr(self.model._default_manager, "_queryset_class", None)
        if not (queryset and issubclass(queryset, FoldedNameQuerySet)):
            errors.append(
                checks.Error(
                    "A model with a folded field needs a FoldedNameQuerySet as its default "
                    "manager, or bulk_update() leaves the folded name stale.",
                    obj=self,
                    id="units.E001",
                )
            )
        return errors


class FoldedNameQuerySet(models.QuerySet):
    folded_field = "name_folded"

    def matching(self, text: str) -> "FoldedNameQuerySet":
        """Rows whose name contains every word of `text`; none for an empty text."""
        if not search_words(text):
            return self.none()
        return self.filter(contains_words(self.folded_field, text))

    def beginning_with(self, text: str) -> "FoldedNameQuerySet":
        """Rows whose name begins with the words of `text`, as typed; none for an empty text.

        Besides the prefix itself, a range of the folded name, which a btree on it answers by
        reading only these names, in order, where a `contains` walks the index from its first
        name ("nguyen van": every name before "nguyen"). The range holds every such name in
        code-point order (SQLite's, PostgreSQL's C and C.UTF-8 collations); in a linguistic
        collation it may miss some, which the prefix then keeps out: never one too many.
        """
        words = search_words(text)
        if not words:
            return self.none()
        prefix = " ".join(words)
        field = self.folded_field
        condition = Q(**{f"{field}__startswith": prefix, f"{field}__gte": prefix})
        if (bound := following_prefix(prefix)) is not None:
            condition &= Q(**{f"{field}__lt": bound})
        return self.filter(condition)

    def bulk_update(
        self, objs: Iterable[models.Model], fields: Sequence[str], batch_size: int | None = None
    ) -> int:
        """Django's bulk_update() runs no field's pre_save(): refold the names it changes."""
        objs, fields = list(objs), list(fields)
        for field in self.model._meta.concrete_fields:
            if isinstance(field, FoldedCharField) and set(field.sources) & set(fields):
                for obj in objs:
                    field.pre_save(obj, add=False)
                if field.name not in fields:
                    fields.append(field.name)
        return super().bulk_update(objs, fields, batch_size=batch_size)
