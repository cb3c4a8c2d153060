"""axe-core (WCAG 2.2 AA) on the public pages, in the three languages, on a phone and at a desk.

One test per language and width, each visiting every page in one browser page: a live server's
demo data costs more than a page's check. On a phone the folded menu and filters (<details>) are
checked open too, on their own: axe skips what is hidden, and the open menu covers the page
(whose contrast axe could then not judge).
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}


def public_pages() -> dict[str, str]:
    """A page of each kind, from the demo data: one with awards to show where it can."""
    from awards.models import Commendation, Pact
    from units.models import Commune

    awards = Commendation.objects.public()

    def first(field: str, **filters) -> int | str | None:
        return awards.filter(**filters).values_list(field, flat=True).first()

    commune = Commune.objects.get(name="Đồng Rui", valid_until__isnull=False)
    return {
        "home": "/",
        "year roll": "/honours/2024/",
        "title roll": f"/honours/2024/{first('title__slug', year=2024)}/",
        "search": "/search/?q=dong+rui",
        "decision": f"/decisions/{first('decision')}/",
        "commune": f"/communes/{commune.pk}/",
        "unit": f"/units/{first('unit', unit__isnull=False)}/",
        "person": f"/people/{first('person', person__isnull=False)}/",
        "pact": f"/pacts/{Pact.objects.values_list('year', flat=True).first()}/",
        "not found": "/decisions/999999999/",
    }


def describe(page_name: str, url: str, violations: list[dict]) -> str:
    """Each violation with what a reader needs to fix it: the rule, its help, the nodes."""
    lines = [f"{page_name} ({url}):"]
    for violation in violations:
        lines.append(f"  {violation['id']} [{violation['impact']}] {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:300]}")
            if summary := node.get("failureSummary"):
                lines.append("      " + summary.replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("prefix", ["", "/en", "/es"])
def test_the_public_pages_break_no_wcag_rule(demo_site, page: Page, prefix, width):
    page.set_viewport_size({"width": width, "height": 900})
    axe = Axe()
    failures = []
    for name, path in public_pages().items():
        url = f"{demo_site}{prefix}{path}"
        response = page.goto(url)
        expected = 404 if name == "not found" else 200
        assert response is not None and response.status == expected, (url, response.status)
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            failures.append(describe(name, url, violations))
        if width < 992 and page.locator("details:not([open])").count():
            page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
            violations = axe.run(page, "details", AXE_OPTIONS).response["violations"]
            if violations:
                failures.append(describe(f"{name}, menus open", url, violations))
    assert not failures, "\n\n".join(failures)
