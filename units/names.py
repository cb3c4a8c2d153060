"""Folding Vietnamese names so that "dong rui", "DONG RUI" and "Đồng Rui" compare equal.

Every searchable name is stored twice: as written, and folded (lower case, no diacritics, đ -> d,
single spaces). Searching the folded column works the same on SQLite and PostgreSQL; on
PostgreSQL a trigram index makes `contains` look-ups on it fast.
"""

import unicodedata

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
    as several words (U+FDFA is four).
    """
    return fold(shorten_search(text)).split()[:SEARCH_MAX_WORDS]


def contains_words(folded_field: str, text: str) -> Q:
    """`folded_field` contains every word a search of `text` reads, ignoring diacritics and case."""
    condition = Q()
    for word in search_words(text):
        condition &= Q(**{f"{folded_field}__contains": word})
    return condition


class FoldedNameQuerySet(models.QuerySet):
    folded_field = "name_folded"

    def matching(self, text: str) -> "FoldedNameQuerySet":
        """Rows whose name contains every word of `text`; none for an empty text."""
        if not search_words(text):
            return self.none()
        return self.filter(contains_words(self.folded_field, text))
