"""Demonstration data: Tiên Yên district (Quảng Ninh) and its emulation work, 2022–2025.

The facts come from the seed news item (the summary conference of 31 December 2024, the
Provincial Emulation Flag for Đồng Rui, four Excellent Labour Collectives, the special movement
and the 2025 pact with its five targets) and from public administrative records (the district's
communes and the July 2025 merger). Everything else is invented and flagged `is_demo`. Clusters,
pacts and rural-standard recognitions have no such flag: the cluster says so in its description,
and the invented 2024 pact and the recognitions are named as invented in the comments below.

`load_demo_data()` is idempotent: each row is found by its natural key, created when missing and
corrected when someone edited it, so a second run changes nothing.
"""

import datetime
from collections import Counter
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import models, transaction

from awards.models import (
    RECIPIENT_KIND_OF_FIELD,
    Authority,
    ClusterMembership,
    Commendation,
    Decision,
    EmulationCluster,
    EmulationMovement,
    EmulationTitle,
    Initiative,
    InitiativeReach,
    Level,
    Pact,
    PactSignatory,
    PactTarget,
    ReportingOffice,
    RewardMoney,
    RuralStandardRecognition,
    YearlyResult,
)
from awards.workflow import check_eligibility
from units.models import Commune, CommuneSuccessor, Household, Person, Unit, UnitSuccessor

date = datetime.date

PROVINCE = "Quảng Ninh"
DISTRICT = "Tiên Yên"
PROVINCE_COMMITTEE = "Ủy ban nhân dân tỉnh Quảng Ninh"
DISTRICT_COMMITTEE = "Ủy ban nhân dân huyện Tiên Yên"
# The last day of the district and of the communes it had: two-level local government
# started on 1 July 2025.
LAST_DAY_BEFORE_MERGER = date(2025, 6, 30)
FIRST_DAY_AFTER_MERGER = date(2025, 7, 1)

# fmt: off
# Communes of Tiên Yên district before July 2025: name, kind, the new commune it became part of.
# The 2025 resolution on Quảng Ninh's communes splits Yên Than, Đại Dực, Đông Ngũ and Hải Lạng
# between several new communes (part of Hải Lạng went to Hải Hòa, outside the district); a Commune
# has one successor, so each of these points to one of the communes that took it in.
# The communes of Tiên Yên district until 30 June 2025 and the new commune (whole or most of it)
# each went to, with their official codes, as the national list has them (vietnam-provinces:
# `manage.py load_places --province "Quảng Ninh"` loads the whole province the same way).
COMMUNES_BEFORE_MERGER = [
    ("Tiên Yên", Commune.Kind.TOWNSHIP, "Tiên Yên", "06862"),
    ("Phong Dụ", Commune.Kind.COMMUNE, "Tiên Yên", "06871"),
    ("Tiên Lãng", Commune.Kind.COMMUNE, "Tiên Yên", "06889"),
    ("Yên Than", Commune.Kind.COMMUNE, "Tiên Yên", "06880"),
    ("Điền Xá", Commune.Kind.COMMUNE, "Điền Xá", "06874"),
    ("Hà Lâu", Commune.Kind.COMMUNE, "Điền Xá", "06865"),
    ("Đại Dực", Commune.Kind.COMMUNE, "Đông Ngũ", "06868"),
    ("Đông Ngũ", Commune.Kind.COMMUNE, "Đông Ngũ", "06877"),
    ("Đông Hải", Commune.Kind.COMMUNE, "Đông Ngũ", "06883"),
    ("Hải Lạng", Commune.Kind.COMMUNE, "Hải Lạng", "06886"),
    ("Đồng Rui", Commune.Kind.COMMUNE, "Hải Lạng", "06892"),
]
# The old communes that were split: the other new communes their parts went to (old Hải Lạng's
# other parts went to Hải Hòa and Ba Chẽ, outside the old district and the demo).
SPLIT_PARTS = [
    ("Yên Than", "Điền Xá"),
    ("Đại Dực", "Tiên Yên"),
    ("Đông Ngũ", "Tiên Yên"),
]

NEW_COMMUNE_OF = {old: new for old, _kind, new, _code in COMMUNES_BEFORE_MERGER}

# New communes from 1 July 2025 (Resolution 1679/NQ-UBTVQH15): name, official code.
COMMUNES_AFTER_MERGER = [
    ("Tiên Yên", "06862"),
    ("Điền Xá", "06874"),
    ("Đông Ngũ", "06877"),
    ("Hải Lạng", "06886"),
]

# Units other than the commune authorities, which are derived from the communes.
# name, kind, commune (pre-merger name or None), parent unit, valid until, is_demo.
# District police were dissolved on 1 March 2025, the rest of the district on 1 July 2025.
DISTRICT_UNITS = [
    (DISTRICT_COMMITTEE, Unit.Kind.AGENCY, None, None, LAST_DAY_BEFORE_MERGER, False),
    (
        "Phòng Nội vụ huyện Tiên Yên",
        Unit.Kind.AGENCY, None, DISTRICT_COMMITTEE, LAST_DAY_BEFORE_MERGER, False,
    ),
    (
        "Phòng Văn hóa và Thông tin huyện Tiên Yên",
        Unit.Kind.AGENCY, None, DISTRICT_COMMITTEE, LAST_DAY_BEFORE_MERGER, False,
    ),
    (
        "Phòng Tài chính – Kế hoạch huyện Tiên Yên",
        Unit.Kind.AGENCY, None, DISTRICT_COMMITTEE, LAST_DAY_BEFORE_MERGER, False,
    ),
    (
        "Phòng Giáo dục và Đào tạo huyện Tiên Yên",
        Unit.Kind.AGENCY, None, DISTRICT_COMMITTEE, LAST_DAY_BEFORE_MERGER, False,
    ),
    ("Trung tâm Y tế huyện Tiên Yên", Unit.Kind.HEALTH_FACILITY, None, None, None, False),
    ("Công an huyện Tiên Yên", Unit.Kind.ARMED_FORCES, None, None, date(2025, 2, 28), False),
    (
        "Ban Chỉ huy Quân sự huyện Tiên Yên",
        Unit.Kind.ARMED_FORCES, None, None, LAST_DAY_BEFORE_MERGER, False,
    ),
    (
        "Hội Liên hiệp Phụ nữ huyện Tiên Yên",
        Unit.Kind.MASS_ORGANISATION, None, None, LAST_DAY_BEFORE_MERGER, False,
    ),
    ("Trường THCS Tiên Yên", Unit.Kind.SCHOOL, "Tiên Yên", None, None, True),
    ("Trường Tiểu học Đồng Rui", Unit.Kind.SCHOOL, "Đồng Rui", None, None, True),
    ("Trường Mầm non Hải Lạng", Unit.Kind.SCHOOL, "Hải Lạng", None, None, True),
    ("Công ty TNHH Thủy sản Tiên Yên", Unit.Kind.ENTERPRISE, "Hải Lạng", None, None, True),
    (
        "Công ty Cổ phần Chế biến Lâm sản Tiên Yên",
        Unit.Kind.ENTERPRISE, "Tiên Yên", None, None, True,
    ),
    ("Thôn Khe Tiền", Unit.Kind.VILLAGE, "Đồng Rui", None, None, True),
    ("Thôn Đồng Mạ", Unit.Kind.VILLAGE, "Đồng Rui", None, None, True),
    ("Thôn Đồng Tâm", Unit.Kind.VILLAGE, "Đồng Rui", None, None, True),
]

F, M = Person.Gender.FEMALE, Person.Gender.MALE
Category = Person.Category

# All invented. full name, gender, position, unit, statistical category, birth date, listed.
PEOPLE = [
    (
        "Nguyễn Văn Khánh", M, "Phó Chủ tịch Ủy ban nhân dân huyện", DISTRICT_COMMITTEE,
        Category.DEPARTMENT_LEADER, date(1972, 3, 14), True,
    ),
    (
        "Đặng Thị Thanh Nhàn", F, "Trưởng phòng Nội vụ", "Phòng Nội vụ huyện Tiên Yên",
        Category.OTHER_LEADER, date(1978, 5, 12), True,
    ),
    (
        "Lục Văn Quân", M, "Phó Trưởng phòng Nội vụ", "Phòng Nội vụ huyện Tiên Yên",
        Category.OTHER_LEADER, None, True,
    ),
    (
        "Trần Thị Minh Ngọc", F, "Chuyên viên phụ trách thi đua, khen thưởng",
        "Phòng Nội vụ huyện Tiên Yên", Category.OTHER, date(1990, 9, 2), True,
    ),
    (
        "Hoàng Thị Lan", F, "Trưởng phòng Văn hóa và Thông tin",
        "Phòng Văn hóa và Thông tin huyện Tiên Yên", Category.OTHER_LEADER, None, True,
    ),
    (
        "Ninh Văn Tuấn", M, "Chuyên viên", "Phòng Văn hóa và Thông tin huyện Tiên Yên",
        Category.OTHER, None, True,
    ),
    (
        "Phạm Quang Huy", M, "Trưởng phòng Tài chính – Kế hoạch",
        "Phòng Tài chính – Kế hoạch huyện Tiên Yên", Category.OTHER_LEADER, None, True,
    ),
    (
        "Vũ Thị Hằng", F, "Chuyên viên", "Phòng Tài chính – Kế hoạch huyện Tiên Yên",
        Category.OTHER, date(1988, 11, 20), True,
    ),
    (
        "Lương Văn Bình", M, "Chuyên viên", "Phòng Giáo dục và Đào tạo huyện Tiên Yên",
        Category.OTHER, None, True,
    ),
    (
        "Bàn Văn Sinh", M, "Giám đốc", "Trung tâm Y tế huyện Tiên Yên",
        Category.OTHER_LEADER, None, True,
    ),
    (
        "Lê Thị Thu Trang", F, "Bác sĩ khoa Nội", "Trung tâm Y tế huyện Tiên Yên",
        Category.DIRECT_WORKER, date(1985, 7, 8), True,
    ),
    (
        "Chíu Thị Mai", F, "Điều dưỡng", "Trung tâm Y tế huyện Tiên Yên",
        Category.DIRECT_WORKER, None, True,
    ),
    (
        "Trịnh Minh Đức", M, "Thượng úy, cán bộ Đội Cảnh sát hình sự", "Công an huyện Tiên Yên",
        Category.OTHER, None, True,
    ),
    (
        "Hoàng Thị Kim Oanh", F, "Chủ tịch Hội Liên hiệp Phụ nữ huyện",
        "Hội Liên hiệp Phụ nữ huyện Tiên Yên", Category.OTHER_LEADER, None, True,
    ),
    (
        "Đỗ Văn Long", M, "Hiệu trưởng", "Trường THCS Tiên Yên",
        Category.OTHER_LEADER, None, True,
    ),
    (
        "Phạm Thị Thu Hà", F, "Giáo viên Toán", "Trường THCS Tiên Yên",
        Category.DIRECT_WORKER, date(1986, 2, 17), True,
    ),
    (
        "La Văn Thành", M, "Hiệu trưởng", "Trường Tiểu học Đồng Rui",
        Category.OTHER_LEADER, None, True,
    ),
    (
        "Tằng Thị Phương", F, "Giáo viên", "Trường Tiểu học Đồng Rui",
        Category.DIRECT_WORKER, None, True,
    ),
    (
        "Trương Văn Hiếu", M, "Giám đốc", "Công ty TNHH Thủy sản Tiên Yên",
        Category.ENTREPRENEUR, None, True,
    ),
    # Has asked not to appear on public pages.
    (
        "Lý Văn Dũng", M, "Công nhân chế biến", "Công ty TNHH Thủy sản Tiên Yên",
        Category.DIRECT_WORKER, date(1994, 4, 30), False,
    ),
    (
        "Nguyễn Thị Hương", F, "Chủ tịch Ủy ban nhân dân thị trấn",
        "Ủy ban nhân dân thị trấn Tiên Yên", Category.OTHER_LEADER, None, True,
    ),
    (
        "Hoàng Văn Thắng", M, "Chủ tịch Ủy ban nhân dân xã", "Ủy ban nhân dân xã Đồng Rui",
        Category.OTHER_LEADER, date(1975, 10, 1), True,
    ),
    (
        "Lý Thị Hoa", F, "Phó Chủ tịch Ủy ban nhân dân xã", "Ủy ban nhân dân xã Đồng Rui",
        Category.OTHER_LEADER, None, True,
    ),
    (
        "Nông Văn Hải", M, "Công chức Văn hóa – Xã hội", "Ủy ban nhân dân xã Đồng Rui",
        Category.OTHER, None, True,
    ),
    (
        "Đinh Thị Yến", F, "Chủ tịch Ủy ban nhân dân xã", "Ủy ban nhân dân xã Hải Lạng",
        Category.OTHER_LEADER, None, True,
    ),
    (
        "Vương Văn Tài", M, "Chủ tịch Ủy ban nhân dân xã", "Ủy ban nhân dân xã Đông Ngũ",
        Category.OTHER_LEADER, None, True,
    ),
    (
        "Bàn Thị Lìu", F, "Trưởng thôn Khe Tiền", "Thôn Khe Tiền",
        Category.OTHER, None, True,
    ),
    # Has asked not to appear on public pages.
    (
        "Triệu Văn Quý", M, "Nông dân", "Thôn Đồng Mạ",
        Category.DIRECT_WORKER, date(1969, 8, 15), False,
    ),
]

# All invented. head of household, commune (pre-merger), village.
HOUSEHOLDS = [
    ("Hoàng Văn Páo", "Đồng Rui", "Thôn Khe Tiền"),
    ("Bàn Thị Sấm", "Đồng Rui", "Thôn Khe Tiền"),
    ("Chíu Văn Lộc", "Đồng Rui", "Thôn Đồng Mạ"),
    ("Lý Thị Dung", "Đồng Rui", "Thôn Đồng Tâm"),
    ("Nông Văn Tư", "Hải Lạng", "Thôn Đồng Long"),
    ("Lưu Thị Thảo", "Hải Lạng", "Thôn Khe Cát"),
    ("Phùng Văn Sơn", "Hải Lạng", "Thôn Khe Cát"),
    ("Đặng Văn Chiến", "Đông Ngũ", "Thôn Nà Cáng"),
    ("Tô Thị Nhung", "Đông Ngũ", "Thôn Đồng Và"),
    ("Hà Văn Kiên", "Đông Ngũ", "Thôn Đồng Và"),
    ("Sằn Thị Mùi", "Đông Ngũ", "Thôn Nà Cáng"),
]

SPECIAL_MOVEMENT = (
    "Phong trào thi đua đặc biệt chào mừng Đại hội Đảng bộ các cấp tiến tới Đại hội đại biểu "
    "toàn quốc lần thứ XIV của Đảng"
)
MOVEMENT_2024 = "Phong trào thi đua yêu nước năm 2024"

# name: fields. The special movement and the 2024 theme are in the seed; the 2022 and 2023
# movements are invented to give the earlier awards a context.
MOVEMENTS = {
    SPECIAL_MOVEMENT: {
        "theme": (
            "Thi đua hoàn thành thắng lợi các mục tiêu, nhiệm vụ phát triển kinh tế – xã hội, "
            "chào mừng Đại hội Đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV "
            "của Đảng"
        ),
        "launched_by": DISTRICT_COMMITTEE,
        "launch_level": EmulationMovement.LaunchLevel.AGENCY,
        "scope": EmulationMovement.Scope.LOCALITY,
        "method": EmulationMovement.Method.THEMATIC,
        "starts_on": date(2024, 12, 31),
        "ends_on": date(2026, 3, 31),
        "description": (
            "Phát động tại Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024 của huyện "
            "Tiên Yên ngày 31/12/2024. Nội dung trọng tâm: tốc độ tăng giá trị sản xuất năm 2025 "
            "đạt 13,5% trở lên; thu ngân sách nhà nước trên địa bàn tăng 14% so với dự toán tỉnh "
            "giao; tổng vốn đầu tư toàn xã hội tăng 17% trở lên; 100% số xã đạt chuẩn nông thôn "
            "mới nâng cao, 60% số xã đạt chuẩn nông thôn mới kiểu mẫu. Thi đua trong xây dựng "
            "Đảng, phát triển thương mại, dịch vụ gắn với chuyển đổi số, giáo dục, y tế, quốc "
            "phòng, an ninh."
        ),
        "is_demo": False,
    },
    MOVEMENT_2024: {
        "theme": (
            "Nâng cao chất lượng tăng trưởng kinh tế; phát triển văn hóa, con người Quảng Ninh "
            "giàu bản sắc"
        ),
        "launched_by": DISTRICT_COMMITTEE,
        "launch_level": EmulationMovement.LaunchLevel.AGENCY,
        "scope": EmulationMovement.Scope.LOCALITY,
        "method": EmulationMovement.Method.REGULAR,
        "starts_on": date(2024, 1, 1),
        "ends_on": date(2024, 12, 31),
        "description": (
            "Thu ngân sách nhà nước năm 2024 đạt trên 146 tỷ đồng; toàn huyện không còn hộ nghèo "
            "theo tiêu chí trung ương và tỉnh."
        ),
        "is_demo": False,
    },
    "Phong trào thi đua yêu nước năm 2023": {
        "theme": "Thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế – xã hội năm 2023",
        "launched_by": DISTRICT_COMMITTEE,
        "launch_level": EmulationMovement.LaunchLevel.AGENCY,
        "scope": EmulationMovement.Scope.LOCALITY,
        "method": EmulationMovement.Method.REGULAR,
        "starts_on": date(2023, 1, 1),
        "ends_on": date(2023, 12, 31),
        "description": "",
        "is_demo": True,
    },
    "Phong trào thi đua yêu nước năm 2022": {
        "theme": "Thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế – xã hội năm 2022",
        "launched_by": DISTRICT_COMMITTEE,
        "launch_level": EmulationMovement.LaunchLevel.AGENCY,
        "scope": EmulationMovement.Scope.LOCALITY,
        "method": EmulationMovement.Method.REGULAR,
        "starts_on": date(2022, 1, 1),
        "ends_on": date(2022, 12, 31),
        "description": "",
        "is_demo": True,
    },
}

# Who earned the grassroots titles, by year. Each Grassroots Emulation Fighter is also an
# Advanced Worker that year, as the law requires; Lê Thị Thu Trang and Phạm Thị Thu Hà hold the
# fighter title 2022–2024, which makes them Provincial Emulation Fighter candidates.
ADVANCED_WORKERS = {
    2022: [
        "Nguyễn Văn Khánh", "Đặng Thị Thanh Nhàn", "Lục Văn Quân", "Hoàng Thị Lan",
        "Ninh Văn Tuấn", "Phạm Quang Huy", "Vũ Thị Hằng", "Bàn Văn Sinh", "Lê Thị Thu Trang",
        "Chíu Thị Mai", "Đỗ Văn Long", "Phạm Thị Thu Hà", "La Văn Thành", "Hoàng Văn Thắng",
        "Nông Văn Hải", "Đinh Thị Yến",
    ],
    2023: [
        "Nguyễn Văn Khánh", "Đặng Thị Thanh Nhàn", "Lục Văn Quân", "Trần Thị Minh Ngọc",
        "Hoàng Thị Lan", "Phạm Quang Huy", "Vũ Thị Hằng", "Bàn Văn Sinh", "Lê Thị Thu Trang",
        "Chíu Thị Mai", "Đỗ Văn Long", "Phạm Thị Thu Hà", "La Văn Thành", "Tằng Thị Phương",
        "Hoàng Văn Thắng", "Lý Thị Hoa", "Nông Văn Hải", "Đinh Thị Yến",
    ],
    2024: [
        "Nguyễn Văn Khánh", "Đặng Thị Thanh Nhàn", "Lục Văn Quân", "Trần Thị Minh Ngọc",
        "Hoàng Thị Lan", "Ninh Văn Tuấn", "Phạm Quang Huy", "Vũ Thị Hằng", "Lương Văn Bình",
        "Bàn Văn Sinh", "Lê Thị Thu Trang", "Chíu Thị Mai", "Đỗ Văn Long", "Phạm Thị Thu Hà",
        "La Văn Thành", "Tằng Thị Phương", "Nguyễn Thị Hương", "Hoàng Văn Thắng", "Lý Thị Hoa",
        "Nông Văn Hải",
    ],
}
GRASSROOTS_FIGHTERS = {
    2022: ["Lê Thị Thu Trang", "Phạm Thị Thu Hà", "Đỗ Văn Long"],
    2023: ["Lê Thị Thu Trang", "Phạm Thị Thu Hà", "Nông Văn Hải", "Vũ Thị Hằng"],
    2024: [
        "Lê Thị Thu Trang", "Phạm Thị Thu Hà", "Nông Văn Hải", "Vũ Thị Hằng",
        "Tằng Thị Phương", "Chíu Thị Mai", "Lục Văn Quân",
    ],
}
# The four units of the seed: each has a Grassroots Emulation Fighter in 2024.
EXCELLENT_COLLECTIVES = {
    2022: ["Trung tâm Y tế huyện Tiên Yên", "Trường THCS Tiên Yên"],
    2023: ["Trung tâm Y tế huyện Tiên Yên", "Trường THCS Tiên Yên", "Ủy ban nhân dân xã Đồng Rui"],
    2024: [
        "Trung tâm Y tế huyện Tiên Yên",
        "Trường THCS Tiên Yên",
        "Trường Tiểu học Đồng Rui",
        "Phòng Tài chính – Kế hoạch huyện Tiên Yên",
    ],
}
# Units the district recognised as Advanced Labour Collectives; the year's excellent ones are
# left out, their higher title covers the same results.
ADVANCED_COLLECTIVES = {
    2022: [
        "Phòng Nội vụ huyện Tiên Yên", "Phòng Văn hóa và Thông tin huyện Tiên Yên",
        "Phòng Tài chính – Kế hoạch huyện Tiên Yên", "Phòng Giáo dục và Đào tạo huyện Tiên Yên",
        "Trường Tiểu học Đồng Rui", "Trường Mầm non Hải Lạng", "Ủy ban nhân dân xã Đồng Rui",
        "Ủy ban nhân dân xã Hải Lạng", "Ủy ban nhân dân thị trấn Tiên Yên",
    ],
    2023: [
        "Phòng Nội vụ huyện Tiên Yên", "Phòng Tài chính – Kế hoạch huyện Tiên Yên",
        "Phòng Giáo dục và Đào tạo huyện Tiên Yên", "Trường Tiểu học Đồng Rui",
        "Trường Mầm non Hải Lạng", "Ủy ban nhân dân xã Hải Lạng", "Ủy ban nhân dân xã Đông Ngũ",
        "Ủy ban nhân dân thị trấn Tiên Yên", "Ủy ban nhân dân xã Điền Xá",
    ],
    2024: [
        "Phòng Nội vụ huyện Tiên Yên", "Phòng Văn hóa và Thông tin huyện Tiên Yên",
        "Phòng Giáo dục và Đào tạo huyện Tiên Yên", "Trường Mầm non Hải Lạng",
        "Ủy ban nhân dân xã Đồng Rui", "Ủy ban nhân dân xã Hải Lạng",
        "Ủy ban nhân dân xã Đông Ngũ", "Ủy ban nhân dân thị trấn Tiên Yên",
        "Ủy ban nhân dân xã Đông Hải",
    ],
}
# Households recognised as Cultural Families; three years in a row earns the exemplary tier.
CULTURAL_FAMILIES = {
    2022: [
        "Hoàng Văn Páo", "Bàn Thị Sấm", "Chíu Văn Lộc", "Nông Văn Tư", "Lưu Thị Thảo",
        "Đặng Văn Chiến", "Tô Thị Nhung", "Hà Văn Kiên",
    ],
    2023: [
        "Hoàng Văn Páo", "Bàn Thị Sấm", "Chíu Văn Lộc", "Lý Thị Dung", "Nông Văn Tư",
        "Lưu Thị Thảo", "Phùng Văn Sơn", "Đặng Văn Chiến", "Tô Thị Nhung", "Hà Văn Kiên",
    ],
    2024: [
        "Hoàng Văn Páo", "Bàn Thị Sấm", "Chíu Văn Lộc", "Lý Thị Dung", "Nông Văn Tư",
        "Lưu Thị Thảo", "Phùng Văn Sơn", "Đặng Văn Chiến", "Tô Thị Nhung", "Hà Văn Kiên",
        "Sằn Thị Mùi",
    ],
}
CULTURAL_VILLAGES = {
    2022: ["Thôn Khe Tiền", "Thôn Đồng Mạ"],
    2023: ["Thôn Khe Tiền", "Thôn Đồng Mạ", "Thôn Đồng Tâm"],
    2024: ["Thôn Khe Tiền", "Thôn Đồng Mạ", "Thôn Đồng Tâm"],
    2025: ["Thôn Khe Tiền", "Thôn Đồng Mạ", "Thôn Đồng Tâm"],  # the new Hải Lạng's chair's
}
# Old Đồng Rui's and Hải Lạng's families, now of the new Hải Lạng.
CULTURAL_FAMILIES_HAI_LANG_2025 = [
    "Hoàng Văn Páo", "Bàn Thị Sấm", "Chíu Văn Lộc", "Lý Thị Dung", "Nông Văn Tư", "Lưu Thị Thảo",
    "Phùng Văn Sơn",
]  # fmt: skip
# The recognised initiatives the emulation fighters' rules read (invented but Lê Thị Thu
# Trang's, which her 2024 citation names): person, year, name, reach, recognised by.
INITIATIVES = [
    ("Lê Thị Thu Trang", 2022, "Sổ theo dõi bệnh nhân tăng huyết áp tại trạm y tế xã",
     InitiativeReach.GRASSROOTS, "Hội đồng sáng kiến Trung tâm Y tế huyện Tiên Yên"),
    ("Lê Thị Thu Trang", 2023, "Bảng kiểm sàng lọc đái tháo đường cho người trên 40 tuổi",
     InitiativeReach.GRASSROOTS, "Hội đồng sáng kiến Trung tâm Y tế huyện Tiên Yên"),
    ("Lê Thị Thu Trang", 2024,
     "Cải tiến quy trình khám, sàng lọc bệnh không lây nhiễm tại tuyến xã",
     InitiativeReach.PROVINCE, "Hội đồng sáng kiến tỉnh Quảng Ninh"),
    ("Phạm Thị Thu Hà", 2022, "Dạy học toán theo dự án cho học sinh lớp 8",
     InitiativeReach.GRASSROOTS, "Hội đồng sáng kiến Trường THCS Tiên Yên"),
    ("Phạm Thị Thu Hà", 2023, "Ngân hàng đề kiểm tra toán trực tuyến của trường",
     InitiativeReach.GRASSROOTS, "Hội đồng sáng kiến Trường THCS Tiên Yên"),
    ("Phạm Thị Thu Hà", 2024, "Câu lạc bộ toán học cho học sinh dân tộc thiểu số",
     InitiativeReach.GRASSROOTS, "Hội đồng sáng kiến Trường THCS Tiên Yên"),
    ("Phạm Thị Thu Hà", 2025, "Học liệu số môn Toán dùng chung cho các trường của xã",
     InitiativeReach.GRASSROOTS, "Hội đồng sáng kiến Ủy ban nhân dân xã Tiên Yên"),
    ("Đỗ Văn Long", 2022, "Quản lý hồ sơ học sinh bằng phần mềm dùng chung",
     InitiativeReach.GRASSROOTS, "Hội đồng sáng kiến Trường THCS Tiên Yên"),
    ("Nông Văn Hải", 2023, "Lịch sinh hoạt văn hóa cộng đồng theo mùa vụ ở các thôn",
     InitiativeReach.GRASSROOTS, "Hội đồng sáng kiến Ủy ban nhân dân xã Đồng Rui"),
    ("Nông Văn Hải", 2024, "Hương ước điện tử của các thôn xã Đồng Rui",
     InitiativeReach.GRASSROOTS, "Hội đồng sáng kiến Ủy ban nhân dân xã Đồng Rui"),
    ("Vũ Thị Hằng", 2023, "Mẫu đối chiếu số liệu thu chi ngân sách xã hằng tháng",
     InitiativeReach.GRASSROOTS, "Hội đồng sáng kiến huyện Tiên Yên"),
    ("Vũ Thị Hằng", 2024, "Bảng theo dõi tiến độ giải ngân vốn đầu tư công",
     InitiativeReach.GRASSROOTS, "Hội đồng sáng kiến huyện Tiên Yên"),
    ("Tằng Thị Phương", 2024, "Trò chơi học chữ cho học sinh lớp 1 người Dao",
     InitiativeReach.GRASSROOTS, "Hội đồng sáng kiến huyện Tiên Yên"),
    ("Chíu Thị Mai", 2024, "Phiếu hướng dẫn chăm sóc người bệnh sau mổ bằng tiếng Dao",
     InitiativeReach.GRASSROOTS, "Hội đồng sáng kiến Trung tâm Y tế huyện Tiên Yên"),
    ("Lục Văn Quân", 2024, "Số hóa hồ sơ thi đua, khen thưởng của huyện",
     InitiativeReach.GRASSROOTS, "Hội đồng sáng kiến huyện Tiên Yên"),
]  # fmt: skip
# The district chair's certificates of commendation: (recipient kind, name) by year.
DISTRICT_CHAIR_CERTIFICATES = {
    2022: [
        ("person", "Hoàng Văn Thắng"), ("person", "Ninh Văn Tuấn"),
        ("person", "Trương Văn Hiếu"), ("person", "Bàn Thị Lìu"),
        ("unit", "Công ty TNHH Thủy sản Tiên Yên"), ("unit", "Thôn Khe Tiền"),
    ],
    2023: [
        ("person", "Ninh Văn Tuấn"), ("person", "Hoàng Thị Kim Oanh"),
        ("person", "Trịnh Minh Đức"), ("person", "Lý Văn Dũng"),
        ("unit", "Hội Liên hiệp Phụ nữ huyện Tiên Yên"), ("unit", "Công an huyện Tiên Yên"),
    ],
    2024: [
        ("person", "Hoàng Văn Thắng"), ("person", "Lý Thị Hoa"), ("person", "Triệu Văn Quý"),
        ("person", "Trương Văn Hiếu"), ("unit", "Thôn Đồng Mạ"),
        ("unit", "Công ty Cổ phần Chế biến Lâm sản Tiên Yên"),
        ("unit", "Ban Chỉ huy Quân sự huyện Tiên Yên"), ("household", "Hoàng Văn Páo"),
    ],
}

# fmt: on
FLAG_CITATION = (
    "Đã có thành tích xuất sắc, dẫn đầu phong trào thi đua Cụm thi đua các xã huyện Tiên Yên "
    "năm 2024"
)
PARTY_CONGRESS_CITATION = (
    "Đã có thành tích xuất sắc trong đợt thi đua cao điểm chào mừng Đại hội Chi bộ nhiệm kỳ "
    "2025–2027, hướng tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng"
)


def _each(slug: str, year: int, kind: str, names: list[str]) -> list[tuple]:
    return [(slug, year, (kind, name), {}) for name in names]


def _district_decisions(year: int, numbers: tuple[str, str, str]) -> list[dict]:
    """The three decisions the district signs before each year's summary conference."""
    issuer = {
        "issuer_name": DISTRICT_COMMITTEE,
        "issuer_level": Level.DISTRICT,
        "signed_on": date(year, 12, 26),
    }
    workers, collectives, certificates = numbers
    return [
        {
            **issuer,
            "number": workers,
            "signer_name": "Nguyễn Văn Khánh",
            "signer_position": "Phó Chủ tịch",
            "subject": (
                f"Về việc công nhận danh hiệu Lao động tiên tiến, Chiến sĩ thi đua cơ sở năm {year}"
            ),
            "awards": [
                *_each("lao-dong-tien-tien", year, "person", ADVANCED_WORKERS[year]),
                *_each("chien-si-thi-dua-co-so", year, "person", GRASSROOTS_FIGHTERS[year]),
            ],
        },
        {
            **issuer,
            "number": collectives,
            "signer_name": "Nguyễn Văn Khánh",
            "signer_position": "Phó Chủ tịch",
            # Cultural villages were the district chair's until 30 June 2025 (Law of 2003,
            # then Law 06/2022 Art. 80 khoản 2), the commune chair's since (Decree 129/2025).
            "subject": (
                f"Về việc công nhận danh hiệu Tập thể lao động tiên tiến, Thôn, tổ dân phố văn hóa "
                f"năm {year}"
            ),
            "awards": [
                *_each("tap-the-lao-dong-tien-tien", year, "unit", ADVANCED_COLLECTIVES[year]),
                *_each("thon-to-dan-pho-van-hoa", year, "unit", CULTURAL_VILLAGES[year]),
            ],
        },
        {
            **issuer,
            "number": certificates,
            "signer_name": "Hà Văn Thịnh",
            "signer_position": "Chủ tịch",
            "subject": (
                f"Về việc tặng Giấy khen cho các tập thể, cá nhân, hộ gia đình có thành tích "
                f"xuất sắc trong phong trào thi đua năm {year}"
            ),
            "awards": [
                ("giay-khen-chu-tich-huyen", year, recipient, {})
                for recipient in DISTRICT_CHAIR_CERTIFICATES[year]
            ],
        },
    ]


# Commune decisions recognising Cultural Families: commune, chair, numbers for 2022–2024.
COMMUNE_DECISIONS = [
    ("Đồng Rui", "Hoàng Văn Thắng", ("168/QĐ-UBND", "174/QĐ-UBND", "181/QĐ-UBND")),
    ("Hải Lạng", "Đinh Thị Yến", ("205/QĐ-UBND", "212/QĐ-UBND", "219/QĐ-UBND")),
    ("Đông Ngũ", "Vương Văn Tài", ("143/QĐ-UBND", "150/QĐ-UBND", "158/QĐ-UBND")),
]
# The yearly review's results the eligibility rules read: (recipient kind, name), year, rating.
# Invented, as the people are: the office records them from each unit's review.
YEARLY_RESULTS = [
    (("unit", "Trường THCS Tiên Yên"), 2024, "excellent"),
    (("unit", "Trường THCS Tiên Yên"), 2025, "excellent"),
    (("person", "Bàn Thị Lìu"), 2023, "good"),
    (("person", "Bàn Thị Lìu"), 2024, "excellent"),
]
# The commune chair's own certificates: commune, year, (recipient kind, name).
COMMUNE_CHAIR_CERTIFICATES = [
    ("Đồng Rui", 2023, ("household", "Hoàng Văn Páo")),
    ("Đồng Rui", 2024, ("person", "Bàn Thị Lìu")),
    ("Đông Ngũ", 2024, ("household", "Đặng Văn Chiến")),
]


def _commune_decisions() -> list[dict]:
    households_by_commune = {head: commune for head, commune, _village in HOUSEHOLDS}
    decisions = []
    for commune, chair, numbers in COMMUNE_DECISIONS:
        for year, number in zip((2022, 2023, 2024), numbers, strict=True):
            families = [
                head for head in CULTURAL_FAMILIES[year] if households_by_commune[head] == commune
            ]
            awards = _each("gia-dinh-van-hoa", year, "household", families)
            awards += [
                ("giay-khen-chu-tich-xa", year, recipient, {})
                for place, certificate_year, recipient in COMMUNE_CHAIR_CERTIFICATES
                if place == commune and certificate_year == year
            ]
            decisions.append(
                {
                    "issuer_name": f"Ủy ban nhân dân xã {commune}",
                    "issuer_level": Level.GRASSROOTS,
                    "number": number,
                    "signed_on": date(year, 12, 15),
                    "signer_name": chair,
                    "signer_position": "Chủ tịch",
                    "subject": f"Về việc công nhận danh hiệu Gia đình văn hóa năm {year}",
                    "awards": awards,
                }
            )
    return decisions


PROVINCE_SIGNER = {
    "issuer_name": PROVINCE_COMMITTEE,
    "issuer_level": Level.PROVINCE,
    "signer_name": "Lê Quang Vinh",
    "signer_position": "Phó Chủ tịch",
}


def _after_merger_decisions() -> list[dict]:
    """The year-end decisions for 2025, after the district was abolished: the new communes'
    chairs recognise what the district chair did until 30 June 2025 (Decree 129/2025 Art.
    59), the province's chair confers its own."""
    commune = {"issuer_level": Level.GRASSROOTS, "signer_position": "Chủ tịch"}
    return [
        {
            **commune,
            "issuer_name": "Ủy ban nhân dân xã Tiên Yên",
            "number": "512/QĐ-UBND",
            "signed_on": date(2025, 12, 22),
            "signer_name": "Nguyễn Thị Hương",
            "subject": (
                "Về việc công nhận danh hiệu Lao động tiên tiến, Chiến sĩ thi đua cơ sở, Tập "
                "thể lao động tiên tiến năm 2025"
            ),
            "awards": [
                *_each("lao-dong-tien-tien", 2025, "person", ["Đỗ Văn Long", "Phạm Thị Thu Hà"]),
                *_each("chien-si-thi-dua-co-so", 2025, "person", ["Phạm Thị Thu Hà"]),
                *_each("tap-the-lao-dong-tien-tien", 2025, "unit", ["Trường THCS Tiên Yên"]),
            ],
        },
        {
            **commune,
            "issuer_name": "Ủy ban nhân dân xã Hải Lạng",
            "number": "689/QĐ-UBND",
            "signed_on": date(2025, 12, 19),
            "signer_name": "Đinh Thị Yến",
            "subject": (
                "Về việc công nhận danh hiệu Lao động tiên tiến, Thôn, tổ dân phố văn hóa, Gia "
                "đình văn hóa và tặng Giấy khen năm 2025"
            ),
            "awards": [
                *_each("lao-dong-tien-tien", 2025, "person", ["La Văn Thành", "Tằng Thị Phương"]),
                *_each("thon-to-dan-pho-van-hoa", 2025, "unit", CULTURAL_VILLAGES[2025]),
                *_each("gia-dinh-van-hoa", 2025, "household", CULTURAL_FAMILIES_HAI_LANG_2025),
                ("giay-khen-chu-tich-xa", 2025, ("person", "Bàn Thị Lìu"), {}),
            ],
        },
        {
            **commune,
            "issuer_name": "Ủy ban nhân dân xã Đông Ngũ",
            "number": "431/QĐ-UBND",
            "signed_on": date(2025, 12, 16),
            "signer_name": "Vương Văn Tài",
            "subject": "Về việc công nhận danh hiệu Gia đình văn hóa năm 2025",
            "awards": _each(
                "gia-dinh-van-hoa",
                2025,
                "household",
                ["Đặng Văn Chiến", "Tô Thị Nhung", "Hà Văn Kiên", "Sằn Thị Mùi"],
            ),
        },
        {
            **PROVINCE_SIGNER,
            "number": "215/QĐ-UBND",
            "signed_on": date(2026, 1, 20),
            "subject": (
                "Về việc tặng danh hiệu Tập thể lao động xuất sắc và Bằng khen của Chủ tịch Ủy "
                "ban nhân dân tỉnh năm 2025"
            ),
            "awards": [
                *_each("tap-the-lao-dong-xuat-sac", 2025, "unit", ["Trường THCS Tiên Yên"]),
                *_each("bang-khen-chu-tich-tinh", 2025, "unit", ["Trường THCS Tiên Yên"]),
                *_each("bang-khen-chu-tich-tinh", 2025, "person", ["Phạm Thị Thu Hà"]),
            ],
        },
    ]


# Every decision is invented (numbers, dates, signers); the 2024 flag and the four excellent
# collectives with their certificates of merit are the seed's facts.
DECISIONS = [
    {
        **PROVINCE_SIGNER,
        "number": "785/QĐ-UBND",
        "signed_on": date(2023, 3, 20),
        "subject": "Về việc tặng danh hiệu Tập thể lao động xuất sắc năm 2022",
        "awards": _each("tap-the-lao-dong-xuat-sac", 2022, "unit", EXCELLENT_COLLECTIVES[2022]),
    },
    {
        **PROVINCE_SIGNER,
        "number": "786/QĐ-UBND",
        "signed_on": date(2023, 3, 20),
        "subject": "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2022",
        "awards": _each("bang-khen-chu-tich-tinh", 2022, "unit", EXCELLENT_COLLECTIVES[2022]),
    },
    {
        **PROVINCE_SIGNER,
        # The title exists from 1 January 2024 (Law 06/2022): conferred in 2024 for 2023.
        "number": "185/QĐ-UBND",
        "signed_on": date(2024, 1, 22),
        "subject": "Về việc tặng danh hiệu Xã, phường, thị trấn tiêu biểu năm 2023",
        "awards": [
            (
                "xa-phuong-thi-tran-tieu-bieu",
                2023,
                ("commune", "Đồng Rui"),
                {"citation": "Đạt chuẩn nông thôn mới nâng cao năm 2023"},
            ),
        ],
    },
    {
        **PROVINCE_SIGNER,
        "number": "702/QĐ-UBND",
        "signed_on": date(2024, 3, 18),
        "subject": "Về việc tặng danh hiệu Tập thể lao động xuất sắc năm 2023",
        "awards": _each("tap-the-lao-dong-xuat-sac", 2023, "unit", EXCELLENT_COLLECTIVES[2023]),
    },
    {
        **PROVINCE_SIGNER,
        "number": "703/QĐ-UBND",
        "signed_on": date(2024, 3, 18),
        "subject": "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2023",
        "awards": [
            *_each("bang-khen-chu-tich-tinh", 2023, "unit", EXCELLENT_COLLECTIVES[2023]),
            # Grassroots Emulation Fighters in 2022 and 2023.
            *_each(
                "bang-khen-chu-tich-tinh", 2023, "person", ["Lê Thị Thu Trang", "Phạm Thị Thu Hà"]
            ),
        ],
    },
    {
        "issuer_name": "Bộ Nội vụ",
        "issuer_level": Level.PROVINCE,
        "number": "1520/QĐ-BNV",
        "signed_on": date(2024, 11, 15),
        "signer_name": "Trần Đức Minh",
        "signer_position": "Thứ trưởng",
        "subject": "Về việc tặng Kỷ niệm chương “Vì sự nghiệp Thi đua – Khen thưởng”",
        "awards": [
            (
                "ky-niem-chuong-thi-dua-khen-thuong",
                2024,
                ("person", "Đặng Thị Thanh Nhàn"),
                {"method": Commendation.Method.CONTRIBUTION},
            ),
        ],
    },
    {
        **PROVINCE_SIGNER,
        "number": "4012/QĐ-UBND",
        "signed_on": date(2024, 12, 24),
        "subject": (
            "Về việc tặng Cờ thi đua và danh hiệu Tập thể lao động xuất sắc năm 2024 cho các "
            "tập thể thuộc huyện Tiên Yên"
        ),
        "awards": [
            (
                "co-thi-dua-cua-tinh",
                2024,
                ("commune", "Đồng Rui"),
                {
                    "recipient_name": "Nhân dân và cán bộ xã Đồng Rui",
                    "citation": FLAG_CITATION,
                },
            ),
            *_each("tap-the-lao-dong-xuat-sac", 2024, "unit", EXCELLENT_COLLECTIVES[2024]),
        ],
    },
    {
        **PROVINCE_SIGNER,
        "number": "4013/QĐ-UBND",
        "signed_on": date(2024, 12, 24),
        "subject": "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2024",
        "awards": [
            *_each("bang-khen-chu-tich-tinh", 2024, "unit", EXCELLENT_COLLECTIVES[2024]),
            # Grassroots Emulation Fighters in 2023 and 2024.
            *_each("bang-khen-chu-tich-tinh", 2024, "person", ["Nông Văn Hải", "Vũ Thị Hằng"]),
        ],
    },
    {
        **PROVINCE_SIGNER,
        "number": "245/QĐ-UBND",
        "signed_on": date(2025, 1, 22),
        "subject": "Về việc tặng danh hiệu Chiến sĩ thi đua cấp tỉnh năm 2024",
        "awards": [
            (
                "chien-si-thi-dua-cap-tinh",
                2024,
                ("person", "Lê Thị Thu Trang"),
                {
                    "citation": (
                        "Ba năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở (2022–2024); sáng "
                        "kiến cải tiến quy trình khám, sàng lọc bệnh không lây nhiễm được áp dụng "
                        "toàn tỉnh"
                    )
                },
            ),
        ],
    },
    # A state award, which the province proposed to the Prime Minister (form 0602.N's line 03).
    {
        "issuer_name": "Thủ tướng Chính phủ",
        "issuer_level": Level.STATE,
        "number": "418/QĐ-TTg",
        "signed_on": date(2025, 4, 10),
        "signer_name": "Lương Văn Khải",
        "signer_position": "Phó Thủ tướng",
        "subject": "Về việc tặng Bằng khen của Thủ tướng Chính phủ",
        "proposer": PROVINCE_COMMITTEE,
        "proposer_kind": Decision.ProposerKind.PROVINCE,
        "awards": [
            *_each("bang-khen-thu-tuong", 2024, "unit", ["Trường THCS Tiên Yên"]),
            *_each("bang-khen-thu-tuong", 2024, "person", ["Đỗ Văn Long"]),
        ],
    },
    *_district_decisions(2022, ("3510/QĐ-UBND", "3511/QĐ-UBND", "3512/QĐ-UBND")),
    *_district_decisions(2023, ("3620/QĐ-UBND", "3621/QĐ-UBND", "3622/QĐ-UBND")),
    *_district_decisions(2024, ("3705/QĐ-UBND", "3706/QĐ-UBND", "3707/QĐ-UBND")),
    # Revokes one award; it confers none itself.
    {
        "issuer_name": DISTRICT_COMMITTEE,
        "issuer_level": Level.DISTRICT,
        "number": "1456/QĐ-UBND",
        "signed_on": date(2024, 5, 20),
        "signer_name": "Hà Văn Thịnh",
        "signer_position": "Chủ tịch",
        "subject": "Về việc thu hồi Giấy khen của Chủ tịch Ủy ban nhân dân huyện",
        "awards": [],
    },
    {
        "issuer_name": DISTRICT_COMMITTEE,
        "issuer_level": Level.DISTRICT,
        "number": "1190/QĐ-UBND",
        "signed_on": date(2025, 5, 12),
        "signer_name": "Hà Văn Thịnh",
        "signer_position": "Chủ tịch",
        "subject": (
            "Về việc tặng Giấy khen cho các tập thể, cá nhân có thành tích xuất sắc trong đợt thi "
            "đua cao điểm chào mừng Đại hội Chi bộ nhiệm kỳ 2025–2027"
        ),
        "awards": [
            (
                "giay-khen-chu-tich-huyen",
                2025,
                recipient,
                {
                    "method": Commendation.Method.THEMATIC,
                    "movement": SPECIAL_MOVEMENT,
                    "citation": PARTY_CONGRESS_CITATION,
                },
            )
            for recipient in [
                ("unit", "Ủy ban nhân dân xã Đồng Rui"),
                ("unit", "Phòng Văn hóa và Thông tin huyện Tiên Yên"),
                ("person", "Nông Văn Hải"),
                ("person", "Hoàng Thị Lan"),
            ]
        ],
    },
    # Still being drafted when the district was abolished: never public.
    {
        "issuer_name": DISTRICT_COMMITTEE,
        "issuer_level": Level.DISTRICT,
        "number": "…/QĐ-UBND (dự thảo)",
        "signed_on": date(2025, 6, 20),
        "signer_name": "",
        "signer_position": "Chủ tịch",
        "subject": (
            "Về việc tặng Giấy khen cho các tập thể, cá nhân có thành tích trong phong trào thi "
            "đua đặc biệt 6 tháng đầu năm 2025"
        ),
        "status": Decision.Status.DRAFT,
        "awards": [
            (
                "giay-khen-chu-tich-huyen",
                2025,
                recipient,
                {"method": Commendation.Method.THEMATIC, "movement": SPECIAL_MOVEMENT},
            )
            for recipient in [
                ("unit", "Trường Tiểu học Đồng Rui"),
                ("unit", "Hội Liên hiệp Phụ nữ huyện Tiên Yên"),
                ("person", "Trần Thị Minh Ngọc"),
            ]
        ],
    },
    *_commune_decisions(),
    *_after_merger_decisions(),
]

# (issuer, number) of the awarding decision, slug, year, recipient, revoked on, reason,
# (issuer, number) of the revoking decision.
REVOCATIONS = [
    (
        (DISTRICT_COMMITTEE, "3622/QĐ-UBND"),
        "giay-khen-chu-tich-huyen",
        ("person", "Ninh Văn Tuấn"),
        date(2024, 5, 20),
        "Kê khai không trung thực thành tích trong hồ sơ đề nghị khen thưởng, theo kết luận "
        "kiểm tra của Phòng Nội vụ ngày 10/5/2024.",
        (DISTRICT_COMMITTEE, "1456/QĐ-UBND"),
    ),
]

CLUSTER = "Cụm thi đua các xã huyện Tiên Yên"
# Year: (leader's commune, deputy's commune); every other commune authority is a member.
CLUSTER_ROLES = {2023: ("Đông Ngũ", "Đồng Rui"), 2024: ("Đồng Rui", "Hải Lạng")}

# title, year, cluster, movement, signed on, place, signatories, targets.
# A target: indicator, comparison, target value, unit of measure, basis, actual value.
PACTS = [
    {
        "title": "Giao ước thi đua năm 2025",
        "year": 2025,
        "movement": SPECIAL_MOVEMENT,
        "signed_on": date(2024, 12, 31),
        "place": "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024, huyện Tiên Yên",
        # unit, representative, position: the representatives are invented.
        "signatories": [
            ("Ủy ban nhân dân thị trấn Tiên Yên", "Nguyễn Thị Hương", "Chủ tịch UBND thị trấn"),
            ("Ủy ban nhân dân xã Đồng Rui", "Hoàng Văn Thắng", "Chủ tịch UBND xã"),
            ("Ủy ban nhân dân xã Hải Lạng", "Đinh Thị Yến", "Chủ tịch UBND xã"),
            ("Ủy ban nhân dân xã Đông Ngũ", "Vương Văn Tài", "Chủ tịch UBND xã"),
            ("Ủy ban nhân dân xã Đông Hải", "Lỷ Văn Cường", "Chủ tịch UBND xã"),
            ("Ủy ban nhân dân xã Điền Xá", "Tô Văn Bình", "Chủ tịch UBND xã"),
            ("Phòng Nội vụ huyện Tiên Yên", "Đặng Thị Thanh Nhàn", "Trưởng phòng"),
            ("Phòng Tài chính – Kế hoạch huyện Tiên Yên", "Phạm Quang Huy", "Trưởng phòng"),
            ("Phòng Văn hóa và Thông tin huyện Tiên Yên", "Hoàng Thị Lan", "Trưởng phòng"),
            ("Trung tâm Y tế huyện Tiên Yên", "Bàn Văn Sinh", "Giám đốc"),
            ("Công an huyện Tiên Yên", "Nguyễn Hữu Nghĩa", "Trưởng Công an huyện"),
        ],
        # The seed's five targets, in its order; 2025 is not measured yet.
        "targets": [
            ("Tốc độ tăng trưởng giá trị sản xuất", "gte", "13.5", "%", "", None),
            (
                "Tăng thu ngân sách nhà nước trên địa bàn",
                "gte",
                "14",
                "%",
                "so với dự toán tỉnh giao",
                None,
            ),
            ("Tăng tổng vốn đầu tư toàn xã hội trên địa bàn", "gte", "17", "%", "", None),
            ("Tỷ lệ xã đạt chuẩn nông thôn mới nâng cao", "gte", "100", "%", "", None),
            ("Tỷ lệ xã đạt chuẩn nông thôn mới kiểu mẫu", "gte", "60", "%", "", None),
        ],
    },
    # Invented, with its results measured: three targets met, one missed.
    {
        "title": "Giao ước thi đua năm 2024",
        "year": 2024,
        "movement": MOVEMENT_2024,
        "signed_on": date(2024, 1, 12),
        "place": "Huyện Tiên Yên",
        "signatories": [
            ("Ủy ban nhân dân thị trấn Tiên Yên", "Nguyễn Thị Hương", "Chủ tịch UBND thị trấn"),
            ("Ủy ban nhân dân xã Đồng Rui", "Hoàng Văn Thắng", "Chủ tịch UBND xã"),
            ("Ủy ban nhân dân xã Hải Lạng", "Đinh Thị Yến", "Chủ tịch UBND xã"),
            ("Ủy ban nhân dân xã Đông Ngũ", "Vương Văn Tài", "Chủ tịch UBND xã"),
            ("Phòng Tài chính – Kế hoạch huyện Tiên Yên", "Phạm Quang Huy", "Trưởng phòng"),
        ],
        "targets": [
            ("Tốc độ tăng trưởng giá trị sản xuất", "gte", "12", "%", "", "12.8"),
            (
                "Tổng thu ngân sách nhà nước trên địa bàn",
                "gte",
                "140",
                "tỷ đồng",
                "",
                "146.2",
            ),
            ("Tỷ lệ hộ nghèo theo chuẩn của tỉnh", "lte", "0", "%", "", "0"),
            ("Tỷ lệ xã đạt chuẩn nông thôn mới kiểu mẫu", "gte", "40", "%", "", "20"),
        ],
    },
]

# The district met the advanced new-rural standard in 2023 (the seed); which communes were
# recognised, and when, is invented, so no decision reference is given.
RURAL_RECOGNITIONS = [
    *(
        (commune, 2023, RuralStandardRecognition.Standard.ADVANCED)
        for commune in ("Đồng Rui", "Hải Lạng", "Đông Ngũ", "Đông Hải", "Điền Xá")
    ),
    ("Đồng Rui", 2024, RuralStandardRecognition.Standard.MODEL),
    ("Hải Lạng", 2024, RuralStandardRecognition.Standard.MODEL),
]

# The models the loader writes, with the words the summary uses for one row and for several.
COUNTED = [
    (Commune, "commune", "communes"),
    (Unit, "unit", "units"),
    (Person, "person", "people"),
    (Household, "household", "households"),
    (EmulationMovement, "movement", "movements"),
    (Decision, "decision", "decisions"),
    (Commendation, "award", "awards"),
    (EmulationCluster, "cluster", "clusters"),
    (ClusterMembership, "cluster membership", "cluster memberships"),
    (Pact, "pact", "pacts"),
    (PactSignatory, "pact signatory", "pact signatories"),
    (PactTarget, "pact target", "pact targets"),
    (RuralStandardRecognition, "rural-standard recognition", "rural-standard recognitions"),
    (YearlyResult, "yearly result", "yearly results"),
    (CommuneSuccessor, "successor of a split commune", "successors of split communes"),
    (UnitSuccessor, "successor of a split unit", "successors of split units"),
    (Initiative, "initiative", "initiatives"),
    (ReportingOffice, "reporting office", "reporting offices"),
]
UPDATED = "updated"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def _differs(obj: models.Model, name: str, value: object) -> bool:
    field = obj._meta.get_field(name)
    if field.is_relation:
        # Compare ids: fetching each related row would cost a query per field.
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def _put(tally: Counter, model: type[models.Model], defaults: dict, **lookup) -> models.Model:
    """Find the row by its natural key; create it, or restore the demo values if edited."""
    obj, created = model.objects.get_or_create(**lookup, defaults=defaults)
    if created:
        tally[model] += 1
        return obj
    changed = [name for name, value in defaults.items() if _differs(obj, name, value)]
    if changed:
        for name in changed:
            setattr(obj, name, defaults[name])
        # A full save, not update_fields: a folded name is refolded only when saved with it.
        obj.save()
        tally[UPDATED] += 1
    return obj


def _authority_name(name: str, kind: str) -> str:
    return f"Ủy ban nhân dân {Commune.VIETNAMESE_KIND[kind].lower()} {name}"


def _load_places(tally: Counter) -> tuple[dict[str, Commune], dict[str, Unit], dict]:
    """Both generations of communes and their units.

    Returns the pre-merger communes and the units by name, as the tables refer to them, and the
    new communes by name.
    """
    new_communes, new_authorities = {}, {}
    for name, code in COMMUNES_AFTER_MERGER:
        commune = _put(
            tally,
            Commune,
            {
                "kind": Commune.Kind.COMMUNE,
                "code": code,
                "valid_from": FIRST_DAY_AFTER_MERGER,
                "is_demo": False,
            },
            name=name,
            province=PROVINCE,
            district="",
        )
        new_communes[name] = commune
        new_authorities[name] = _put(
            tally,
            Unit,
            {
                "kind": Unit.Kind.COMMUNE_AUTHORITY,
                "valid_from": FIRST_DAY_AFTER_MERGER,
                "is_demo": False,
            },
            name=_authority_name(name, Commune.Kind.COMMUNE),
            commune=commune,
        )

    communes, units = {}, {}
    for name, kind, successor, code in COMMUNES_BEFORE_MERGER:
        commune = _put(
            tally,
            Commune,
            {
                "kind": kind,
                "code": code,
                "valid_until": LAST_DAY_BEFORE_MERGER,
                "successor": new_communes[successor],
                "is_demo": False,
            },
            name=name,
            province=PROVINCE,
            district=DISTRICT,
        )
        communes[name] = commune
        authority = _authority_name(name, kind)
        units[authority] = _put(
            tally,
            Unit,
            {
                "kind": Unit.Kind.COMMUNE_AUTHORITY,
                "valid_until": LAST_DAY_BEFORE_MERGER,
                "successor": new_authorities[successor],
                "is_demo": False,
            },
            name=authority,
            commune=commune,
        )

    for old, other in SPLIT_PARTS:
        _put(tally, CommuneSuccessor, {}, predecessor=communes[old], successor=new_communes[other])

    for name, kind, commune, parent, valid_until, is_demo in DISTRICT_UNITS:
        now_in = _now_in(commune, valid_until, communes, new_communes)
        # Found in its old commune or its new one: a load before the merger's move finds it
        # there, and an office's namesake elsewhere is not taken for it.
        where = (
            {"commune__in": [communes[commune], now_in]} if commune else {"commune__isnull": True}
        )
        units[name] = _put(
            tally,
            Unit,
            {
                "kind": kind,
                "parent": units[parent] if parent else None,
                "valid_until": valid_until,
                "is_demo": is_demo,
                "commune": now_in,
            },
            name=name,
            **where,
        )
    # The district committee ended with the district: the new communes' committees took on its
    # tasks, each for its own area.
    for name, authority in new_authorities.items():
        _put(
            tally,
            UnitSuccessor,
            {"part": f"Nhiệm vụ của cấp huyện trên địa bàn xã {name}"},
            predecessor=units[DISTRICT_COMMITTEE],
            successor=authority,
        )
    return communes, units, new_communes


def _now_in(commune: str | None, valid_until: date | None, communes: dict, new: dict):
    """Where a record of an old commune is now: a school or a household that outlived the
    merger moved to the new commune (as `merge_communes` moves them); one that ended stays."""
    if commune is None:
        return None
    if valid_until is not None and valid_until <= LAST_DAY_BEFORE_MERGER:
        return communes[commune]
    return new[NEW_COMMUNE_OF[commune]]


def _old_communes() -> dict[tuple[str, str], str]:
    """The pre-merger commune of each recipient the tables place in one, by (kind, name):
    where its awards of before 1 July 2025 were."""
    found = {}
    for name, kind, _new, _code in COMMUNES_BEFORE_MERGER:
        found["commune", name] = found["unit", _authority_name(name, kind)] = name
    for name, _kind, commune, *_rest in DISTRICT_UNITS:
        if commune:
            found["unit", name] = commune
    for head, commune, _village in HOUSEHOLDS:
        found["household", head] = commune
    for person, _gender, _position, unit, *_rest in PEOPLE:
        if ("unit", unit) in found:
            found["person", person] = found["unit", unit]
    return found


def _load_people(tally: Counter, units: dict[str, Unit]) -> dict[str, Person]:
    people = {}
    for full_name, gender, position, unit, category, birth_date, listed in PEOPLE:
        people[full_name] = _put(
            tally,
            Person,
            {
                "gender": gender,
                "position": position,
                "category": category,
                "birth_date": birth_date,
                "listed": listed,
                "is_demo": True,
            },
            full_name=full_name,
            unit=units[unit],
        )
    return people


def _load_households(
    tally: Counter, communes: dict[str, Commune], new_communes: dict[str, Commune]
) -> dict[str, Household]:
    # Every household outlived the merger: it is in the new commune now (found in either).
    return {
        head: _put(
            tally,
            Household,
            {
                "village": village,
                "is_demo": True,
                "commune": new_communes[NEW_COMMUNE_OF[commune]],
            },
            head_name=head,
            commune__in=[communes[commune], new_communes[NEW_COMMUNE_OF[commune]]],
        )
        for head, commune, village in HOUSEHOLDS
    }


def _load_movements(tally: Counter) -> dict[str, EmulationMovement]:
    movements = {}
    for name, fields in MOVEMENTS.items():
        fields = dict(fields)
        launched_by = fields.pop("launched_by")
        movements[name] = _put(tally, EmulationMovement, fields, name=name, launched_by=launched_by)
    return movements


def _load_decisions(tally: Counter, recipients: dict, movements: dict) -> None:
    titles = {title.slug: title for title in EmulationTitle.objects.all()}
    decisions = {}
    for entry in DECISIONS:
        fields = {key: value for key, value in entry.items() if key != "awards"}
        issuer_name, number = fields.pop("issuer_name"), fields.pop("number")
        fields.setdefault("status", Decision.Status.PUBLISHED)
        fields["is_demo"] = True
        fields["published_at"] = (
            datetime.datetime.combine(fields["signed_on"], datetime.time(9), tzinfo=VIETNAM)
            if fields["status"] == Decision.Status.PUBLISHED
            else None
        )
        # Numbers restart every year: a decision is its issuer's number in its year.
        decisions[issuer_name, number] = _put(
            tally, Decision, fields, issuer_name=issuer_name, number=number,
            signed_on__year=fields["signed_on"].year,
        )  # fmt: skip

    # Revocations go in with the award, so that a first load creates and never updates.
    revocations = {
        (awarding, slug, recipient): {
            "revoked_on": revoked_on,
            "revocation_reason": reason,
            "revoking_decision": decisions[revoking],
        }
        for awarding, slug, recipient, revoked_on, reason, revoking in REVOCATIONS
    }
    # An award of before the merger stays with the commune it was in, though its school or
    # household has moved to the new commune since.
    old_communes = {key: recipients["commune"][name] for key, name in _old_communes().items()}
    for entry in DECISIONS:
        key = entry["issuer_name"], entry["number"]
        before_merger = entry["signed_on"] <= LAST_DAY_BEFORE_MERGER
        for slug, year, (kind, name), extra in entry["awards"]:
            extra = extra | revocations.get((key, slug, (kind, name)), {})
            if before_merger and (kind, name) in old_communes:
                extra["locality"] = old_communes[kind, name]
            if "movement" in extra:
                extra["movement"] = movements[extra["movement"]]
            recipient = recipients[kind][name]
            _put_award(tally, decisions[key], titles[slug], year, kind, recipient, extra)


def _put_award(
    tally: Counter,
    decision: Decision,
    title: EmulationTitle,
    year: int,
    kind: str,
    recipient: models.Model,
    extra: dict,
) -> Commendation:
    recipient_kind = RECIPIENT_KIND_OF_FIELD[kind]
    # The money the law sets on the decision's date (awards/law/money.toml), as staff entering
    # the award are offered it.
    defaults = {
        "year": year,
        "method": Commendation.Method.REGULAR,
        "amount": RewardMoney.on(decision.signed_on).amount(title.pk, recipient_kind),
        **extra,
    }
    return _put(tally, Commendation, defaults, decision=decision, title=title, **{kind: recipient})


def _load_cluster(tally: Counter, units: dict[str, Unit]) -> None:
    cluster = _put(
        tally,
        EmulationCluster,
        {
            "kind": EmulationCluster.Kind.CLUSTER,
            "organised_by": DISTRICT_COMMITTEE,
            "description": (
                "Các xã, thị trấn của huyện Tiên Yên thi đua theo giao ước hằng năm. Dữ liệu "
                "minh họa (demo)."
            ),
        },
        name=CLUSTER,
    )
    for year, (leader, deputy) in CLUSTER_ROLES.items():
        role = {leader: ClusterMembership.Role.LEADER, deputy: ClusterMembership.Role.DEPUTY}
        for name, kind, _successor, _code in COMMUNES_BEFORE_MERGER:
            _put(
                tally,
                ClusterMembership,
                {"role": role.get(name, ClusterMembership.Role.MEMBER)},
                cluster=cluster,
                unit=units[_authority_name(name, kind)],
                year=year,
            )


def _load_pacts(tally: Counter, units: dict[str, Unit], movements: dict) -> None:
    for entry in PACTS:
        pact = _put(
            tally,
            Pact,
            {
                "cluster": None,
                "movement": movements[entry["movement"]],
                "signed_on": entry["signed_on"],
                "place": entry["place"],
            },
            year=entry["year"],
            title=entry["title"],
        )
        for unit, representative, position in entry["signatories"]:
            _put(
                tally,
                PactSignatory,
                {"representative_name": representative, "representative_position": position},
                pact=pact,
                unit=units[unit],
            )
        for position, target in enumerate(entry["targets"], start=1):
            indicator, comparison, value, unit_of_measure, basis, actual = target
            _put(
                tally,
                PactTarget,
                {
                    "indicator": indicator,
                    "comparison": comparison,
                    "target_value": Decimal(value),
                    "unit_of_measure": unit_of_measure,
                    "basis": basis,
                    "actual_value": Decimal(actual) if actual is not None else None,
                },
                pact=pact,
                position=position,
            )


def _load_yearly_results(tally: Counter, recipients: dict[str, dict]) -> None:
    for (kind, name), year, rating in YEARLY_RESULTS:
        _put(
            tally,
            YearlyResult,
            {"rating": rating},
            **{kind: recipients[kind][name]},
            year=year,
        )


# Who kept the registry: the district's Home Affairs office until the district ended, the
# province's Department of Home Affairs (which took in its Emulation and Commendation Board in
# 2025) since.
# Each with the authority whose decisions are its own (form 0603.N counts them).
REPORTING_OFFICES = [
    ("Phòng Nội vụ huyện Tiên Yên", None, LAST_DAY_BEFORE_MERGER, "district_chair"),
    ("Sở Nội vụ tỉnh Quảng Ninh", FIRST_DAY_AFTER_MERGER, None, "provincial_chair"),
]


def _load_reporting_offices(tally: Counter) -> None:
    for name, valid_from, valid_until, authority in REPORTING_OFFICES:
        _put(
            tally,
            ReportingOffice,
            {
                "valid_from": valid_from,
                "valid_until": valid_until,
                "authority": Authority.objects.get(code=authority),
            },
            name=name,
        )


def _load_initiatives(tally: Counter, people: dict[str, Person]) -> None:
    for person, year, name, reach, recognised_by in INITIATIVES:
        _put(
            tally,
            Initiative,
            {"reach": reach, "recognised_by": recognised_by},
            person=people[person],
            year=year,
            name=name,
        )


def _load_rural_recognitions(tally: Counter, communes: dict[str, Commune]) -> None:
    for commune, year, standard in RURAL_RECOGNITIONS:
        _put(
            tally,
            RuralStandardRecognition,
            {},
            commune=communes[commune],
            year=year,
            standard=standard,
        )


@transaction.atomic
def load_demo_data() -> dict[str, int]:
    """Load the demo data; return how many rows were created per model (and restored)."""
    tally = Counter()
    communes, units, new_communes = _load_places(tally)
    people = _load_people(tally, units)
    households = _load_households(tally, communes, new_communes)
    movements = _load_movements(tally)
    recipients = {"unit": units, "commune": communes, "person": people, "household": households}
    _load_decisions(tally, recipients, movements)
    _load_cluster(tally, units)
    _load_pacts(tally, units, movements)
    _load_rural_recognitions(tally, communes)
    _load_yearly_results(tally, recipients)
    _load_initiatives(tally, people)
    _load_reporting_offices(tally)
    # The draft decision's awards are checked against the catalogue's rules, as entering them
    # in the admin would; published ones were conferred before the registry kept warnings.
    check_eligibility(list(Commendation.objects.filter(decision__status=Decision.Status.DRAFT)))
    return {plural: tally[model] for model, _one, plural in COUNTED} | {UPDATED: tally[UPDATED]}


def describe(counts: dict[str, int]) -> str:
    """One line for the operator, from what `load_demo_data()` returned."""
    created = [
        f"{counts[plural]} {one if counts[plural] == 1 else plural}"
        for _model, one, plural in COUNTED
        if counts[plural]
    ]
    if not created and not counts[UPDATED]:
        return "Demo data already loaded; nothing changed."
    summary = f"{', '.join(created)} created" if created else "nothing created"
    if counts[UPDATED]:
        summary += f"; {counts[UPDATED]} edited rows put back to their demo values"
    return f"Demo data loaded: {summary}."
