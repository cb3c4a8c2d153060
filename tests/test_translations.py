"""The translations compile, and the compiled catalogues are those of the .po files.

A .po file msgfmt refuses (a plural with fewer forms than the language has) leaves the old
.mo in place: every new message of that language then falls back to Vietnamese, silently.
"""

import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("language", ["vi", "es"])
def test_each_catalogue_compiles_to_the_committed_one(language, tmp_path):
    messages = LOCALE / language / "LC_MESSAGES"
    compiled = tmp_path / "django.mo"

    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(compiled), str(messages / "django.po")],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert compiled.read_bytes() == (messages / "django.mo").read_bytes()
