"""What search engines and newsreaders read: the sitemap and the feed of new decisions."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.models import Decision
from tests.makers import (
    committed,
    make_award,
    make_commune,
    make_decision,
    make_person,
    make_unit,
)

pytestmark = pytest.mark.django_db
PUBLISHED = Decision.Status.PUBLISHED


@pytest.fixture
def published():
    with committed():  # the rolls' tallies recounted, as a commit would
        decision = make_decision(number="163/QĐ-UBND", status=PUBLISHED)
        make_award(make_person("Nguyễn Thị Hoa"), decision=decision)
        make_award(make_person("Không Công Khai", listed=False), decision=decision)
        revoked = make_award(make_unit("Trường Mầm non Hải Lạng"), decision=decision)
        revoked.revoked_on, revoked.revocation_reason = datetime.date(2025, 6, 1), "Khai man"
        revoked.save()
    return decision


def locations(xml: str) -> list[str]:
    return re.findall(r"<loc>http://testserver([^<]*)</loc>", xml)


def test_the_sitemap_lists_public_pages_in_three_languages_but_no_one_s_name(client, published):
    draft = make_decision(number="9/QĐ-UBND (dự thảo)")
    commune = make_commune("Đồng Rui")
    index = client.get("/sitemap.xml").text
    sections = locations(index)
    assert sections == [f"/sitemap-{name}.xml" for name in
                        ("pages", "years", "decisions", "communes", "units")]  # fmt: skip
    decisions = client.get("/sitemap-decisions.xml").text
    assert locations(decisions) == [
        f"/decisions/{published.pk}/", f"/en/decisions/{published.pk}/",
        f"/es/decisions/{published.pk}/",
    ]  # fmt: skip
    assert f'hreflang="es" href="http://testserver/es/decisions/{published.pk}/"' in decisions
    assert f"/decisions/{draft.pk}/" not in decisions
    years = locations(client.get("/sitemap-years.xml").text)
    assert "/honours/2024/" in years and "/en/honours/2024/bang-khen-chu-tich-tinh/" in years
    assert f"/communes/{commune.pk}/" in locations(client.get("/sitemap-communes.xml").text)
    every = "".join(client.get(section).text for section in sections)
    assert "/people/" not in every


def test_a_sitemap_page_is_a_few_queries_whatever_the_registry_holds(client, published):
    for number in range(30):
        make_decision(number=f"{number}/QĐ-UBND", status=PUBLISHED)
    with CaptureQueriesContext(connection) as queries:
        assert len(locations(client.get("/sitemap-decisions.xml").text)) == 31 * 3
    assert len(queries) <= 3


def test_the_feed_has_the_newest_decisions_with_their_public_awards(client, published):
    older = make_decision(number="12/QĐ-UBND", status=PUBLISHED)
    Decision.objects.filter(pk=older.pk).update(
        published_at=published.published_at - datetime.timedelta(days=3)
    )
    make_decision(number="9/QĐ-UBND (dự thảo)")
    feed = client.get("/en/decisions/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    titles = re.findall(r"<entry><title>([^<]*)</title>", feed.text)
    assert titles == [f"163/QĐ-UBND: {published.subject}", f"12/QĐ-UBND: {older.subject}"]
    # One award is public: the unlisted person and the revoked award are not counted.
    assert "10/01/2025. 1 award." in feed.text
    assert 'xml:lang="en"' in feed.text and "newly published decisions" in feed.text
    vietnamese = client.get("/decisions/feed/").text
    assert 'xml:lang="vi"' in vietnamese and "10/01/2025. 1 lượt khen thưởng." in vietnamese
