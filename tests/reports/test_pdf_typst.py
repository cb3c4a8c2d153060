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
