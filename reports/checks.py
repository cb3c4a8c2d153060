"""System checks of the reports app (`manage.py check`, run by `make run` and at deployment)."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Warning, register

# The regular and bold faces the templates use (DejaVu Sans Mono alone would not do).
NEEDED = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"}


@register()
def pdf_fonts(app_configs, **kwargs) -> list[Warning]:
    """Typst lays the PDFs out in DejaVu Sans from PDF_FONT_DIRS only: without it, it falls
    back to a font of its own, and the pages are not those the office expects."""
    if settings.PDF_ENGINE != "typst":
        return []
    found = {path.name for folder in settings.PDF_FONT_DIRS for path in Path(folder).glob("*.ttf")}
    if found >= NEEDED:
        return []
    return [
        Warning(
            f"No DejaVu Sans in PDF_FONT_DIRS ({', '.join(settings.PDF_FONT_DIRS)}).",
            hint="Install Debian's fonts-dejavu-core, or set PDF_FONT_DIRS to its folder.",
            id="reports.W001",
        )
    ]
