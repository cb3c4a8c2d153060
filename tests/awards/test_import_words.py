"""An office extends the import's words with files of its own (IMPORT_ALIASES_DIR)."""

import pytest

from awards import imports
from awards.imports import aliases
from tests.makers import upload

LIST = "Họ tên cán bộ;Danh hiệu đề nghị\nNguyễn Văn An;Lao động tiên tiến\n".encode()


@pytest.fixture
def office_words(settings, tmp_path):
    settings.IMPORT_ALIASES_DIR = str(tmp_path)
    aliases.load.cache_clear()
    yield tmp_path
    aliases.load.cache_clear()


def test_a_column_name_of_the_offices_own_is_recognised_beside_ours(office_words):
    assert "name" not in imports.read_table(upload("danh-sach.csv", LIST)).mapping
    (office_words / "headers.toml").write_text(
        '[fields]\nname = ["ho ten can bo"]\ntitle = ["danh hieu de nghi"]\n', encoding="utf-8"
    )
    aliases.load.cache_clear()

    table = imports.read_table(upload("danh-sach.csv", LIST))

    assert table.mapping == {"name": 0, "title": 1}
    assert "ho va ten" in aliases.load("headers")["fields"]["name"]  # ours are all still there
