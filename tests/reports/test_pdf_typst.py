"""The Typst engine: what the office typed is printed as typed, and a failure says why."""

import io

import pypdf
import pytest

from awards.models import Decision
from reports import pdf, pdf_typst
from tests.makers import make_awards, make_decision, make_people

pytestmark = pytest.mark.django_db

# Names as a careless clerk or an attacker may type them: Typst's markup (emphasis, code,
# maths, labels, raw text, references, escapes) must come out as the letters typed.
AS_TYPED = [
    "Công ty *TNHH* _Hạ Long_",
    '#panic("hỏng") và #{1 + 1}',
    "$x^2$ <nhãn> @tham-chieu",
    "`raw` \\ dấu gạch ngược // không phải chú thích",
]


def test_what_the_office_typed_is_printed_as_typed():
    decision = make_decision(status=Decision.Status.PUBLISHED, number="7/QĐ-UBND #1 *x*")
    make_awards(make_people(AS_TYPED), "bang-khen-chu-tich-tinh", decision=decision)
    awards = decision.awards.in_force().order_by("title_rank", "recipient_name_folded", "id")
    content = pdf.render("annex", {"decision": decision, "awards": awards}, engine="typst").content
    pages = pypdf.PdfReader(io.BytesIO(content)).pages
    words = " ".join(" ".join(page.extract_text() for page in pages).split())  # names wrap
    for name in AS_TYPED:
        assert name in words
    assert "Quyết định số 7/QĐ-UBND #1 *x* ngày 10/01/2025" in words


def test_a_typst_error_fails_with_its_message(settings, tmp_path, monkeypatch):
    (tmp_path / "form.typ").write_text('#panic("mẫu hỏng")\n')
    monkeypatch.setattr(pdf_typst, "TEMPLATES", tmp_path)
    with pytest.raises(pdf_typst.TypstFailed, match="mẫu hỏng"):
        pdf_typst.typeset("form", {})


def child(tmp_path, monkeypatch, source: str) -> None:
    """Run `source` instead of reports/typst_child.py."""
    script = tmp_path / "child.py"
    script.write_text(source)
    monkeypatch.setattr(pdf_typst, "CHILD", script)


def test_a_layout_killed_says_so_in_words_staff_understand(tmp_path, monkeypatch):
    child(tmp_path, monkeypatch, "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n")
    with pytest.raises(pdf_typst.TypstFailed, match=r"was stopped \(out of memory\?\)"):
        pdf_typst.typeset("form", {})


def test_a_layout_stuck_is_stopped_before_its_worker_counts_as_dead(
    tmp_path, monkeypatch, settings
):
    """Stopped after half EXPORT_WORKER_TIMEOUT: another worker never takes the export while
    this one still waits for its layout."""
    settings.EXPORT_WORKER_TIMEOUT = 1
    child(tmp_path, monkeypatch, "import time\ntime.sleep(30)\n")
    with pytest.raises(pdf_typst.TypstFailed, match="took too long and was stopped"):
        pdf_typst.typeset("form", {})


def test_a_child_that_says_nothing_fails_with_its_last_word(tmp_path, monkeypatch):
    child(tmp_path, monkeypatch, "import sys\nprint('one\\ntwo: the end', file=sys.stderr)\n")
    with pytest.raises(pdf_typst.TypstFailed, match=r"^The pages could not be laid out: two: the"):
        pdf_typst.typeset("form", {})


def test_the_child_inherits_no_secret_of_the_worker(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "the-workers-secret")
    child(
        tmp_path,
        monkeypatch,
        "import os, sys\nsys.exit(f'seen: {os.environ.get(\"SECRET_KEY\")}')\n",
    )
    with pytest.raises(pdf_typst.TypstFailed, match="seen: None"):
        pdf_typst.typeset("form", {})


def test_a_long_run_of_letters_can_break_and_a_long_text_is_cut():
    address = "https://thiduakhenthuong.quangninh.gov.vn/danh-sach-khen-thuong-nam-2025"
    broken = pdf_typst._text(address)
    assert broken.replace("\u200b", "") == address
    assert all(len(run) <= pdf_typst.LONGEST_WORD for run in broken.split("\u200b"))
    assert pdf_typst._text("Nguyễn Văn An") == "Nguyễn Văn An"
    assert pdf_typst._text("Khai man thành tích. " * 100, longest=50).endswith(" Khai ma…")
    assert len(pdf_typst._text("Khai man thành tích. " * 100, longest=50)) == 50
