"""What search engines and newsreaders read: the sitemap and the feed of new decisions."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards import sitemaps
from awards.models import Commendation, Decision
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
    names = ("pages", "years", "decisions", "movements", "communes", "units")
    assert sections == [f"/sitemap-{name}.xml" for name in names]
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


def test_a_sitemap_page_reads_only_its_own_records(client, published, monkeypatch):
    """Pages of six addresses (two decisions in three languages): the second page reads two
    decisions, and the index counts the rest without reading them."""
    monkeypatch.setattr(sitemaps.PublicSitemap, "limit", 6)
    decisions = [published] + [
        make_decision(number=f"{number}/QĐ-UBND", status=PUBLISHED) for number in range(30)
    ]
    assert locations(client.get("/sitemap.xml").text).count("/sitemap-decisions.xml?p=16") == 1
    with CaptureQueriesContext(connection) as queries:
        second = locations(client.get("/sitemap-decisions.xml", {"p": 2}).text)
    assert second == [f"{prefix}/decisions/{decision.pk}/" for decision in decisions[2:4]
                      for prefix in ("", "/en", "/es")]  # fmt: skip
    assert len(queries) <= 3 and any("LIMIT 2" in query["sql"] for query in queries)
    # A page number written otherwise is no page: never one more copy in the cache.
    assert client.get("/sitemap-decisions.xml", {"p": "02"}).status_code == 404


def test_an_award_revoked_leaves_the_sitemap_at_once(client, published):
    award = Commendation.objects.get(person__full_name="Nguyễn Thị Hoa")
    assert "/honours/2024/" in locations(client.get("/sitemap-years.xml").text)
    with committed():
        award.revoked_on, award.revocation_reason = datetime.date(2025, 6, 2), "Khai man"
        award.save()
    assert "/honours/2024/" not in locations(client.get("/sitemap-years.xml").text)


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
    assert "Không Công Khai" not in feed.text
    assert 'xml:lang="en"' in feed.text and "newly published decisions" in feed.text
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/decisions/feed/")
    assert len(queries) == 0  # from the cache
    with committed():  # a decision published retires it
        make_decision(number="300/QĐ-UBND", status=PUBLISHED)
    assert "300/QĐ-UBND" in client.get("/en/decisions/feed/").text
    vietnamese = client.get("/decisions/feed/").text
    assert 'xml:lang="vi"' in vietnamese and "10/01/2025. 1 lượt khen thưởng." in vietnamese


def test_a_sitemap_and_a_feed_name_the_host_they_were_asked_of(client, published, settings):
    """Cached, they are kept for each host the site answers to: another's addresses never."""
    settings.ALLOWED_HOSTS = ["thidua.quangninh.gov.vn", "thidua.example.org"]
    for path in ("/sitemap-decisions.xml", "/decisions/feed/"):
        for host in settings.ALLOWED_HOSTS * 2:  # the second time from the cache
            text = client.get(path, HTTP_HOST=host).text
            assert f"http://{host}/" in text
            assert all(other not in text for other in settings.ALLOWED_HOSTS if other != host)
