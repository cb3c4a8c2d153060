"""The words of real annexes, as data: column names, kinds, forms of address, abbreviations.

Each kind of word is a TOML file in `awards/imports/data/` (`headers.toml`, `words.toml`). An
office adds its own in files of the same names in the directory that the setting
`IMPORT_ALIASES_DIR` names: their entries are added to ours (a list is extended, a table
merged), so an office's new column name or abbreviation needs no change of code.
"""

import functools
import tomllib
from pathlib import Path

from django.conf import settings

OURS = Path(__file__).resolve().parent / "data"


@functools.cache
def load(name: str) -> dict:
    """The data file `name` (e.g. "headers"), ours merged with the office's."""
    with open(OURS / f"{name}.toml", "rb") as file:
        data = tomllib.load(file)
    extra_dir = getattr(settings, "IMPORT_ALIASES_DIR", "")
    if extra_dir and (extra := Path(extra_dir) / f"{name}.toml").exists():
        with open(extra, "rb") as file:
            _merge(data, tomllib.load(file))
    return data


def _merge(ours: dict, theirs: dict) -> None:
    for key, value in theirs.items():
        if isinstance(value, dict) and isinstance(ours.get(key), dict):
            _merge(ours[key], value)
        elif isinstance(value, list) and isinstance(ours.get(key), list):
            ours[key] = ours[key] + [item for item in value if item not in ours[key]]
        else:
            ours[key] = value
