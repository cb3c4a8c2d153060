"""The admin at an office's screen (1366 x 768): a decision's list and its page with its awards
fit the width, no column cut and no sideways scroll."""

import os

import pytest
from playwright.sync_api import Page

from awards.models import Decision
from tests.browser.test_staff import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTH, HEIGHT = 1366, 768

# The cells of the awards' table whose content is wider than the cell: what a cut column is.
CUT_CELLS = """() => [...document.querySelectorAll('.inline-group .tabular :is(td, th)')]
  .filter(cell => cell.offsetParent && !cell.classList.contains('original'))
  .filter(cell => {
    const box = cell.getBoundingClientRect();
    const inner = [...cell.querySelectorAll('input, select, textarea, .select2-container, p')]
      .filter(element => element.offsetParent && element.type !== 'hidden');
    return cell.scrollWidth > cell.clientWidth + 1
      || inner.some(element => element.getBoundingClientRect().right > box.right + 1);
  })
  .map(cell => cell.className + ' ' + cell.textContent.trim().slice(0, 30))"""


@pytest.fixture
def site(demo_site, django_user_model):
    django_user_model.objects.create_user(
        "quan-tri", password="password", is_staff=True, is_superuser=True
    )
    return demo_site


# What scrolls sideways inside the page: the admin wraps its tables in boxes that do (the list's
# results, an inline's fieldset), so the page's own width alone would not show a cut column.
SCROLLED_BOXES = """() => [...document.querySelectorAll('body *')]
  .filter(element => !['INPUT', 'SELECT', 'TEXTAREA'].includes(element.tagName))
  .filter(element => ['auto', 'scroll'].includes(getComputedStyle(element).overflowX))
  .filter(element => element.scrollWidth > element.clientWidth + 1)
  .map(element =>
    `${element.tagName}.${element.className} ${element.scrollWidth} > ${element.clientWidth}`)"""


def shows_whole(page: Page, name: str) -> None:
    if os.environ.get("ADMIN_SCREENSHOTS"):
        page.screenshot(path=f"/tmp/admin-{name}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("innerWidth")
    assert page.evaluate(SCROLLED_BOXES) == []


@pytest.mark.parametrize("language", ["", "/en", "/es"])
def test_a_decisions_list_and_page_fit_an_office_screen(site, page: Page, language):
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    log_in(page, site, "quan-tri")
    draft = Decision.objects.filter(status=Decision.Status.DRAFT).first()

    page.goto(f"{site}{language}/admin/awards/decision/")
    shows_whole(page, f"decisions{language.replace('/', '-')}")

    page.goto(f"{site}{language}/admin/awards/decision/{draft.pk}/change/")
    assert page.locator(".inline-group .tabular tbody tr.form-row").count() >= 3
    shows_whole(page, f"decision{language.replace('/', '-')}")
    assert page.evaluate(CUT_CELLS) == []
