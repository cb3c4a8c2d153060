import datetime

import pytest

from awards.models import Decision
from tests.makers import (
    make_award,
    make_commune,
    make_decision,
    make_household,
    make_person,
    make_unit,
)
from units.models import Person, Unit


@pytest.fixture
def year_of_awards():
    """2024: 2 collectives (1 enterprise), 1 household, 3 individuals; 2023: 1 individual.

    Also a draft and a revocation, which count nowhere, and an unlisted person, who counts.
    """
    published = make_decision(number="1/QĐ-UBND", status=Decision.Status.PUBLISHED)
    dong_rui = make_commune("Đồng Rui")
    make_award(
        make_unit("Công ty TNHH Thủy sản", kind=Unit.Kind.ENTERPRISE, commune=dong_rui),
        decision=published,
    )
    make_award(make_commune("Hải Lạng"), "co-thi-dua-cua-tinh", decision=published)
    make_award(
        make_household("Hoàng Văn Sáu", commune=dong_rui), "gia-dinh-van-hoa", decision=published
    )
    leader = make_person("Trần Văn Minh", category=Person.Category.DEPARTMENT_LEADER)
    make_award(leader, decision=published, method="irregular")
    make_award(
        make_person("Lê Thị Hoa", category=Person.Category.DIRECT_WORKER, commune=dong_rui),
        decision=published,
    )
    make_award(
        make_person("Riêng Tư", listed=False, category=Person.Category.DIRECT_WORKER),
        decision=published,
    )
    make_award(leader, decision=published, year=2023)
    make_award(make_person("Dự Thảo"), decision=make_decision())
    revoked = make_award(make_person("Thu Hồi"), decision=published)
    revoked.revoked_on, revoked.revocation_reason = datetime.date(2025, 2, 1), "Khai man"
    revoked.save()
    return published  # fmt: skip
