from reports.checks import pdf_fonts


def test_typst_without_dejavu_sans_is_warned_of(settings, tmp_path):
    settings.PDF_ENGINE, settings.PDF_FONT_DIRS = "typst", [str(tmp_path)]
    (warning,) = pdf_fonts(None)
    assert warning.id == "reports.W001" and str(tmp_path) in warning.msg
    (tmp_path / "DejaVuSansMono.ttf").write_bytes(b"")
    (tmp_path / "DejaVuSans.ttf").write_bytes(b"")
    assert len(pdf_fonts(None)) == 1  # no bold yet
    (tmp_path / "DejaVuSans-Bold.ttf").write_bytes(b"")
    assert pdf_fonts(None) == []


def test_weasyprint_is_not_checked_for_typst_fonts(settings, tmp_path):
    settings.PDF_ENGINE, settings.PDF_FONT_DIRS = "weasyprint", [str(tmp_path)]
    assert pdf_fonts(None) == []
