"""Arrows point down (DESIGN.md): reports -> awards -> units, and no model imports a page.

Read from the source with `ast`, imports inside functions included, so that a lazy import
cannot hide an arrow pointing up.
"""

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What a model module must never import: a view, an admin, an export, a report.
NOT_FOR_MODELS = {"views", "admin", "exports", "reports"}


def imported_names(source: str, package: str) -> Iterator[str]:
    """Every module the source imports, dotted; `from a import b` gives both `a` and `a.b`."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's package, one level up per extra dot
                parent = package.rsplit(".", node.level - 1)[0]
                base = f"{parent}.{base}" if base else parent
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def imports(app: str, only_models: bool = False) -> list[tuple[str, str]]:
    """(module's path, what it imports) for every module of the app."""
    found = []
    for path in sorted((ROOT / app).rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if only_models and not (path.name == "models.py" or "models" in parts[:-1]):
            continue
        for name in imported_names(path.read_text(), ".".join(parts[:-1])):
            found.append(("/".join(parts), name))
    return found


def test_units_imports_nothing_of_awards():
    upward = [(path, name) for path, name in imports("units") if name.split(".")[0] == "awards"]
    assert upward == []


def test_awards_imports_nothing_of_reports():
    upward = [(path, name) for path, name in imports("awards") if name.split(".")[0] == "reports"]
    assert upward == []


@pytest.mark.parametrize("app", ["units", "awards", "reports"])
def test_no_model_imports_a_view_an_admin_an_export_or_a_report(app):
    sideways = [
        (path, name)
        for path, name in imports(app, only_models=True)
        if NOT_FOR_MODELS & set(name.split("."))
    ]
    assert sideways == []


def test_the_checks_read_the_real_modules():
    """The tests above would pass on nothing at all if they looked in the wrong place."""
    assert ("units/models.py", "django.db.models") in imports("units", only_models=True)
    assert ("awards/models.py", "awards.rolls.years_changed") in imports("awards", True)


def test_the_checks_see_lazy_and_relative_imports():
    source = "from . import base\n\ndef later():\n    from ...names import fold\n"
    assert list(imported_names(source, "units.management.commands")) == [
        "units.management.commands",
        "units.management.commands.base",
        "units.names",
        "units.names.fold",
    ]
    assert "awards.models" in imported_names("def f():\n    import awards.models\n", "units")


def test_no_units_template_uses_an_awards_template():
    uses_awards = re.compile(r"""\{%\s*(?:include|extends)\s+["']awards/""")
    templates = [
        path
        for folder in ["templates/units", "templates/admin/units", "units/templates"]
        for path in (ROOT / folder).rglob("*.html")
    ]
    assert templates, "no template of units found: the test looks in the wrong place"
    assert [path for path in templates if uses_awards.search(path.read_text())] == []
