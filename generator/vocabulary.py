"""The words the generated registry is made of: Vietnamese names, places and units.

Weighted where the weight matters for what pages show (there are far more Nguyễn than Kiều,
and searches for "nguyen van" must find as many as in a real registry). The choices they name
(commune kinds, unit kinds, statistical categories) are the models'; `generator.fill` checks
them before it writes, since COPY would let a renamed choice slip past the ORM.
"""

# Weighted by how common they are in Vietnam: the long tail matters less than Nguyễn.
SURNAMES = {
    "Nguyễn": 38, "Trần": 11, "Lê": 9.5, "Phạm": 7, "Hoàng": 4, "Huỳnh": 2, "Phan": 4.5,
    "Vũ": 3, "Võ": 2, "Đặng": 2.1, "Bùi": 2, "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3, "Dương": 1,
    "Lý": 0.5, "Đinh": 0.8, "Trịnh": 0.5, "Lương": 0.5, "Mai": 0.4, "Đào": 0.4, "Hà": 0.5,
    "Cao": 0.3, "Lâm": 0.3, "Tô": 0.2, "Chu": 0.2, "Tạ": 0.2, "Triệu": 0.2, "Kiều": 0.1,
}  # fmt: skip
MIDDLE_NAMES = {
    "male": {
        "Văn": 40, "Hữu": 8, "Đức": 8, "Minh": 8, "Quang": 6, "Công": 6, "Thành": 5, "Xuân": 4,
        "Đình": 5, "Ngọc": 3, "Trọng": 3, "Quốc": 4, "Anh": 2, "Mạnh": 2, "Gia": 2, "Huy": 2,
    },
    "female": {
        "Thị": 45, "Ngọc": 8, "Thu": 5, "Thanh": 5, "Hồng": 4, "Kim": 4, "Minh": 3, "Phương": 3,
        "Bích": 2, "Thùy": 3, "Mỹ": 2, "Khánh": 2, "Hoài": 2, "Diệu": 1, "Tuyết": 1,
    },
}  # fmt: skip
GIVEN_NAMES = {
    "male": [
        "Anh", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Hải", "Hiếu", "Hòa", "Hùng", "Huy",
        "Khang", "Khánh", "Long", "Mạnh", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân",
        "Quang", "Sơn", "Tài", "Thắng", "Thành", "Thịnh", "Toàn", "Trung", "Tuấn", "Tùng",
        "Việt", "Vinh", "Hưng", "Lâm", "Lộc", "Tâm", "Thái", "Hoàng", "Kiên",
    ],
    "female": [
        "An", "Anh", "Châu", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền",
        "Hoa", "Hồng", "Hương", "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga",
        "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo", "Thủy", "Trang", "Tuyết",
        "Uyên", "Vân", "Yến", "Nhàn",
    ],
}  # fmt: skip
PLACE_FIRST = [
    "Đồng", "Tân", "Phú", "An", "Hòa", "Bình", "Thạnh", "Long", "Vĩnh", "Hưng", "Thanh",
    "Xuân", "Quảng", "Đông", "Tây", "Nam", "Bắc", "Hải", "Cẩm", "Yên", "Kim", "Mỹ", "Phước",
    "Thuận", "Hiệp", "Trung", "Tiến", "Quang", "Đại", "Hợp", "Liên", "Nghĩa", "Minh", "Lạc",
    "Cát", "Sơn", "Thái", "Vạn", "Gia", "Hồng",
]  # fmt: skip
PLACE_SECOND = [
    "Rui", "Lợi", "Thành", "Phú", "Hòa", "Bình", "Lộc", "Phước", "Thịnh", "Hưng", "An",
    "Long", "Xuân", "Sơn", "Hải", "Tiến", "Thắng", "Lâm", "Điền", "Trạch", "Mỹ", "Tân",
    "Đông", "Khánh", "Đức", "Nghĩa", "Hiệp", "Thuận", "Quang", "Vinh", "Yên", "Lạc",
]  # fmt: skip
# The 34 provinces and cities since the 2025 merger.
PROVINCES = [
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ",
    "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi",
    "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Thành phố Hồ Chí Minh", "Đồng Nai",
    "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
]  # fmt: skip
COMMUNE_KINDS = {"commune": 75, "ward": 22, "township": 2.5, "special_zone": 0.5}
LOWER_KIND = {"commune": "xã", "ward": "phường", "township": "thị trấn", "special_zone": "đặc khu"}
# Schools are often named after historical figures, which puts "Nguyễn Văn" in unit names too.
NAMESAKES = [
    "Nguyễn Văn Trỗi", "Lê Quý Đôn", "Trần Hưng Đạo", "Nguyễn Du", "Chu Văn An", "Võ Thị Sáu",
    "Lý Tự Trọng", "Nguyễn Trãi", "Kim Đồng", "Phan Bội Châu", "Nguyễn Thị Minh Khai",
    "Lê Lợi", "Quang Trung", "Trần Phú", "Hoàng Hoa Thám", "Nguyễn Văn Cừ", "Võ Văn Tần",
]  # fmt: skip
# kind: (weight, name patterns, positions of the people who work there as (name, category, weight))
UNIT_KINDS = {
    "agency": (
        12,
        ["Phòng Kinh tế {place}", "Phòng Văn hóa - Xã hội {place}",
         "Văn phòng HĐND và UBND {place}", "Trạm Khuyến nông {place}"],
        [("Chuyên viên", "other", 8), ("Trưởng phòng", "department_leader", 1),
         ("Phó Trưởng phòng", "other_leader", 1), ("Văn thư", "other", 1)],
    ),
    "commune_authority": (
        6,
        ["Ủy ban nhân dân {place}"],
        [("Công chức Văn phòng - Thống kê", "other", 4), ("Công chức Địa chính", "other", 3),
         ("Chủ tịch Ủy ban nhân dân", "other_leader", 1),
         ("Phó Chủ tịch Ủy ban nhân dân", "other_leader", 1)],
    ),
    "school": (
        20,
        ["Trường Mầm non {short}", "Trường Tiểu học {short}", "Trường Tiểu học {namesake}",
         "Trường THCS {namesake}", "Trường THPT {namesake}"],
        [("Giáo viên", "other", 10), ("Hiệu trưởng", "other_leader", 1),
         ("Phó Hiệu trưởng", "other_leader", 1), ("Nhân viên", "direct_worker", 1)],
    ),
    "health_facility": (
        6,
        ["Trạm Y tế {place}", "Trung tâm Y tế khu vực {short}"],
        [("Bác sĩ", "other", 4), ("Điều dưỡng", "other", 4), ("Y sĩ", "other", 2),
         ("Trạm trưởng", "other_leader", 1)],
    ),
    "enterprise": (
        14,
        ["Công ty TNHH {short}", "Công ty Cổ phần {short}", "Hợp tác xã Nông nghiệp {short}"],
        [("Công nhân", "direct_worker", 10), ("Kỹ sư", "other", 2), ("Kế toán", "other", 1),
         ("Giám đốc", "entrepreneur", 1)],
    ),
    "mass_organisation": (
        14,
        ["Hội Liên hiệp Phụ nữ {place}", "Đoàn Thanh niên {place}", "Hội Nông dân {place}",
         "Hội Cựu chiến binh {place}", "Ủy ban Mặt trận Tổ quốc Việt Nam {place}"],
        [("Hội viên", "other", 6), ("Chủ tịch Hội", "other_leader", 1),
         ("Phó Chủ tịch Hội", "other_leader", 1), ("Bí thư Đoàn", "other_leader", 1)],
    ),
    "armed_forces": (
        6,
        ["Công an {place}", "Ban Chỉ huy Quân sự {place}"],
        [("Chiến sĩ", "other", 6), ("Thượng úy", "other", 2), ("Đại úy", "other", 1),
         ("Chỉ huy trưởng", "other_leader", 1)],
    ),
    "village": (
        18,
        ["Thôn {number} {place}", "Tổ dân phố {number} {place}", "Khu phố {number} {place}"],
        [("Trưởng thôn", "other", 2), ("Bí thư chi bộ", "other_leader", 1),
         ("Công an viên", "other", 1)],
    ),
    "other": (
        4,
        ["Thư viện {place}", "Nhà Văn hóa {place}", "Ban Quản lý chợ {short}"],
        [("Nhân viên", "other", 3), ("Trưởng ban", "other_leader", 1)],
    ),
}  # fmt: skip
FARMER_POSITIONS = [("Nông dân", "direct_worker", 8), ("Hộ kinh doanh", "entrepreneur", 1)]
# Why an award was taken back, as revoking decisions word it (Law 06/2022/QH15, art. 94).
REVOCATION_REASONS = [
    "Phát hiện kê khai không trung thực thành tích",
    "Hồ sơ đề nghị khen thưởng không đúng quy định",
    "Cá nhân bị xử lý kỷ luật trong thời gian xét khen thưởng",
    "Tập thể có sai phạm trong quản lý tài chính bị phát hiện sau khi khen thưởng",
    "Khen thưởng trùng hình thức trong cùng năm",
]
DISTRICT_PREFIX = "Huyện"
