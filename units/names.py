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


def contains_words(folded_field: str, text: str) -> Q:
    """`folded_field` contains every word of `text`, ignoring diacritics and case."""
    condition = Q()
    for word in fold(text).split():
        condition &= Q(**{f"{folded_field}__contains": word})
    return condition


class FoldedNameQuerySet(models.QuerySet):
    folded_field = "name_folded"

    def matching(self, text: str) -> "FoldedNameQuerySet":
        """Rows whose name contains every word of `text`; none for an empty text."""
        if not fold(text):
            return self.none()
        return self.filter(contains_words(self.folded_field, text))
