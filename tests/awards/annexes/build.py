"""Rebuild the real-world annex samples in this folder from plain data.

Every file here is a faithful rebuild of a published award list or of another
Vietnamese emulation-and-commendation program's import template; SOURCES.md
says where each came from, what was changed and what an import should read.

Run (needs openpyxl, python-docx, xlwt and odfpy; none of them is a project
dependency except openpyxl, so use any scratch virtualenv):

    python tests/awards/annexes/build.py

The data below is the content as published: spelling, spacing, punctuation,
stray spaces and typos are kept on purpose. Do not "clean" it.
"""

import datetime
import re
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXED_TIME = datetime.datetime(2025, 1, 1, 0, 0, 0)

MAUTDKT_HTKT = [
    ["tenhinhthuckt", "mahinhthuckt"],
    ["Anh hùng Lực lượng vũ trang Nhân dân", "1671247613"],
    ["Anh hùng Lao động", "1650360372"],
    ["Bà mẹ Việt Nam anh hùng", "1671247630"],
    ["Bảng vàng danh dự", "1671247650"],
    ["Bằng có công với nước", "1671247667"],
    ["Bằng Tổ quốc ghi công", "1671247686"],
    ["Bằng khen cấp bộ, ban, ngành, tỉnh, đoàn thể trung ương", "1650360491"],
    ["Bằng khen của Thủ tướng Chính phủ", "1671247716"],
    ["Cờ thi đua của Chính phủ", "1647933079"],
    ["Cờ thi đua cấp Bộ, ngành, tỉnh, đoàn thể trung ương", "1647933114"],
    ["Cờ thi đua của UBND tỉnh", "1668522916"],
    ["Chiến sĩ thi đua cơ sở", "1647933380"],
    ["Chiến sĩ thi đua toàn quốc", "1647933381"],
    ["Chiến sĩ thi đua cấp Bộ, ngành, tỉnh, đoàn thể trung ương", "1647508703"],
    ["Chiến sĩ tiên tiến", "1647933054"],
    ["Đơn vị quyết thắng", "1647933178"],
    ["Đơn vị tiên tiến", "1647933213"],
    ["Giải thưởng Hồ Chí Minh", "1671247920"],
    ["Giải thưởng Nhà nước", "1671247953"],
    ["Gia đình văn hóa", "1647933227"],
    [
        "Giấy khen của Thủ trưởng cơ quan, đơn vị thuộc bộ, ngành, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
        "1672804384",
    ],
    [
        "Giấy khen của Thủ trưởng cơ quan chuyên môn và tương đương thuộc Ủy ban nhân dân cấp tỉnh",
        "1672804435",
    ],
    ["Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã", "1672804473"],
    ["Giấy khen của Chủ tịch Ủy ban nhân dân cấp huyện", "1650360499"],
    ["Huy chương Chiến sĩ vẻ vang hạng ba", "1671247085"],
    ["Huy chương Chiến sĩ vẻ vang hạng nhì", "1671247098"],
    ["Huy chương Chiến sĩ vẻ vang hạng nhất", "1671247111"],
    ["Huy chương chiến thắng hạng nhất", "1671247176"],
    ["Huy chương chiến thắng hạng nhì", "1671247208"],
    ["Huy chương Hữu nghị", "1671247235"],
    ["Huy chương Kháng chiến chống mỹ hạng nhất", "1671247276"],
    ["Huy chương Kháng chiến chống mỹ hạng nhì", "1671247291"],
    ["Huy chương Kháng chiến chống Pháp hạng nhất", "1671247344"],
    ["Huy chương Kháng chiến chống Pháp hạng nhì", "1671247355"],
    ["Huy chương Quân kỳ Quyết thắng", "1671247390"],
    ["Huy chương Vì an ninh Tổ quốc", "1671247419"],
    ["Huân chương Sao vàng", "1650359884"],
    ["Huân chương Hồ Chí Minh", "1650359965"],
    ["Huân chương Đại đoàn kết dân tộc", "1650360214"],
    ["Huân chương Dũng cảm", "1650360227"],
    ["Huân chương Hữu nghị", "1650360234"],
    ["Huân chương Bảo vệ Tổ quốc", "1650360247"],
    ["Huân chương Quân kỳ quyết thắng", "1650360299"],
    ["Huân chương Chiến sĩ vẻ vang", "1650360312"],
    ["Huân chương Vì an ninh Tổ quốc", "1650360334"],
    ["Huân chương Độc lập hạng Nhất", "1671246141"],
    ["Huân chương Độc lập hạng Nhì", "1671246307"],
    ["Huân chương Độc lập hạng Ba", "1671246319"],
    ["Huân chương Quân công hạng nhất", "1671246377"],
    ["Huân chương Quân công hạng nhì", "1671246392"],
    ["Huân chương Quân công hạng ba", "1671246400"],
    ["Huân chương Lao động hạng nhất", "1671246434"],
    ["Huân chương Lao động hạng nhì", "1671246446"],
    ["Huân chương Lao động hạng ba", "1671246455"],
    ["Huân chương Bảo vệ Tổ quốc hạng nhất", "1671246509"],
    ["Huân chương Bảo vệ Tổ quốc hạng nhì", "1671246519"],
    ["Huân chương Bảo vệ Tổ quốc hạng ba", "1671246527"],
    ["Huân chương Chiến công hạng nhất", "1671246568"],
    ["Huân chương Chiến công hạng nhì", "1671246576"],
    ["Huân chương Chiến công hạng ba", "1671246583"],
    ["Huân chương Chiến sĩ vẻ vang hạng nhất", "1671246672"],
    ["Huân chương Chiến sĩ vẻ vang hạng nhì", "1671246681"],
    ["Huân chương Chiến sĩ vẻ vang hạng ba", "1671246690"],
    ["Huân chương Chiến thắng hạng nhất", "1671246759"],
    ["Huân chương Chiến thắng hạng nhì", "1671246796"],
    ["Huân chương Chiến thắng hạng ba", "1671246804"],
    ["Huân chương Kháng chiến chống Mỹ hạng nhất", "1671246871"],
    ["Huân chương Kháng chiến chống Mỹ hạng nhì", "1671246880"],
    ["Huân chương Kháng chiến chống Mỹ hạng ba", "1671246889"],
    ["Huân chương Kháng chiến chống Pháp hạng nhất", "1671246907"],
    ["Huân chương Kháng chiến chống Pháp hạng nhì", "1671246920"],
    ["Huân chương Kháng chiến chống Pháp hạng ba", "1671246929"],
    ["Kỷ niệm chương chiến sĩ cách mạng bị địch bắt tù đày", "1671248221"],
    ["Kỷ niệm chương, Huy hiệu", "1671248245"],
    ["Nghệ sĩ Nhân dân", "1671248008"],
    ["Nghệ sĩ Ưu tú", "1671248021"],
    ["Nghệ nhân Nhân dân", "1671248060"],
    ["Nghệ nhân Ưu tú", "1671248072"],
    ["Nhà giáo Nhân dân", "1671248092"],
    ["Nhà giáo ưu tú", "1650360413"],
    ["Nhà giáo nhân dân", "1650360387"],
    ["Lao động tiên tiến", "1647933042"],
    ["Tập thể lao động xuất sắc", "1647933151"],
    ["Tập thể lao động tiên tiến", "1647933198"],
    ["Tỉnh Anh hùng", "1671248127"],
    ["Thành phố Anh hùng", "1671248144"],
    ["Thầy thuốc Nhân dân", "1671248170"],
    ["Thầy thuốc Ưu tú", "1671248182"],
    ["Thôn văn hóa", "1672806150"],
]

MAUTDKT_PLDT = [
    ["tenphanloai", "maphanloai"],
    ["Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên", 1660638808],
    ["Lãnh đạo cấp vụ, sở, ngành và tương đương", 1660638843],
    ["Doanh nhân", 1660638864],
    ["Các cấp lãnh đạo từ phó phòng trở lên", 1660638930],
    ["Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu", 1660638976],
    ["Các cấp lãnh đạo khác", 1686211958],
    ["Cơ quan Đảng và các tổ chức chính trị, xã hội", 1660638226],
    ["Cơ quan Trung Ương đóng trên địa bàn", 1660638247],
    ["Cơ quan Hành chính", 1668477383],
    ["Đơn vị sự nghiệp", 1668477403],
    ["Doanh nghiệp", 1668477425],
    ["Hợp tác xã", 1668477439],
    ["Đối tượng khác", 1668477463],
    ["Hộ gia đình", 1660638538],
]

MAUTDKT_LVHD = [
    ["NAME", "CODE"],
    ["An ninh - Quốc phòng", "0001"],
    ["Báo chí - Thông tin - Truyền thông", "0009"],
    ["Bảo hiểm xã hội", "0021"],
    ["Các cơ quan, tổ chức Đảng", "0022"],
    ["Các tổ chức Hội và Đoàn thể", "0020"],
    ["Công nghiệp - Thương mại", "0002"],
    ["Cơ quan lập pháp", "0023"],
    ["Giáo dục - Đào tạo", "0003"],
    ["Giao thông vận tải", "0004"],
    ["Kế hoạch - Đầu tư", "0024"],
    ["Kinh tế - Xã hội", "0014"],
    ["Khoa học - Công nghệ", "0006"],
    ["Lao động, Thương Binh và Xã hội", "0019"],
    ["N/A", "0005"],
    ["Nông nghiệp - Nông thôn", "0007"],
    ["Ngoại giao", "0015"],
    ["Quản lý Nhà nước", "0013"],
    ["Tài chính - Ngân hàng", "0008"],
    ["Tài nguyên - Môi trường", "0018"],
    ["Tôn giáo - Tín ngưỡng", "0016"],
    ["Tư pháp - Thanh tra - Tòa án - Kiểm sát", "0017"],
    ["Văn hóa - Thể Thao - Du lịch", "0010"],
    ["Xây dựng", "0011"],
    ["Y tế", "0012"],
]

MAUTDKT_PHANLOAIKT = [
    [None, None],
    ["Khen thưởng cá nhân", "CANHAN"],
    ["Khen thưởng tập thể", "TAPTHE"],
    ["Khen thưởng hộ gia đình", "HOGIADINH"],
]

MAUTDKT_HUONGDAN = [
    [
        "STT",
        "Tên gọi\n(Ông/Bà/Chức danh)",
        "Tên tập thể/cá nhân/hộ gia đình",
        "Chức vụ",
        "Đơn vị công tác",
        "Phân loại khen thưởng",
        "Danh hiệu thi đua/Hình thức khen thưởng",
        "Phân loại đối tượng",
        "Lĩnh vực hoạt động",
    ],
    [
        1,
        "Ông",
        "Nguyễn Anh Đại",
        "Phó Giám đốc",
        "Sở Tài Chính",
        "Khen thưởng cá nhân",
        "Bằng khen",
        "Các cấp lãnh đạo từ phó phòng trở lên",
        None,
    ],
    [
        4,
        "Thượng tá",
        "Nguyễn Anh Ba",
        "Phó công an",
        "Huyện Quảng Trạch",
        "Khen thưởng cá nhân",
        "Bằng khen",
        "Các cấp lãnh đạo từ phó phòng trở lên",
        None,
    ],
    [
        6,
        None,
        "Sở Tư pháp",
        None,
        None,
        "Khen thưởng tập thể",
        "Bằng khen",
        "Các cấp lãnh đạo từ phó phòng trở lên",
        "Quản lý Nhà nước",
    ],
    [
        7,
        None,
        "Sở Tài chính",
        None,
        None,
        "Khen thưởng tập thể",
        "Bằng khen",
        "Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu",
        "Quản lý Nhà nước",
    ],
    [
        8,
        None,
        "Hộ gia đình",
        None,
        None,
        "Khen thưởng hộ gia đình",
        "Bằng khen",
        "Hộ gia đình",
        None,
    ],
]

SOYTE_ROWS = [
    [
        "Thanh tra sở Y tế",
        None,
        " Sở Y tế",
        "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến",
        "Cơ quan Hành chính",
        "Y tế",
    ],
    [
        "Phòng Kế hoạch - Tài chính",
        None,
        " Sở Y tế",
        "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến",
        "Cơ quan Hành chính",
        "Y tế",
    ],
    [
        "Phòng Nghiệp vụ Dược ",
        None,
        " Sở Y tế",
        "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến",
        "Cơ quan Hành chính",
        "Y tế",
    ],
    [
        "Phòng Tổ chức cán bộ ",
        None,
        " Sở Y tế",
        "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến",
        "Cơ quan Hành chính",
        "Y tế",
    ],
    [
        "Phòng Nghiệp vụ Y",
        None,
        " Sở Y tế",
        "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến",
        "Cơ quan Hành chính",
        "Y tế",
    ],
    [
        "Chi cục Dân số-Kế hoạch hóa gia đình tỉnh Quảng Bình",
        None,
        " Sở Y tế",
        "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến",
        "Đơn vị sự nghiệp",
        "Y tế",
    ],
    [
        "Phòng Hành chính tổng hợp và Truyền thông giáo dục",
        None,
        " Chi cục Dân số-Kế hoạch hóa gia đình tỉnh Quảng Bình",
        "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến",
        "Đơn vị sự nghiệp",
        "Y tế",
    ],
    [
        "Phòng Dân số KHHGĐ",
        None,
        " Chi cục Dân số-Kế hoạch hóa gia đình tỉnh Quảng Bình",
        "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến",
        "Đơn vị sự nghiệp",
        "Y tế",
    ],
    [
        "Chi cục An toàn vệ sinh thực phẩm Quảng Bình",
        None,
        " Sở Y tế",
        "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến",
        "Đơn vị sự nghiệp",
        "Y tế",
    ],
    [
        "Trung tâm Mắt – Nội tiết tỉnh Quảng Bình",
        None,
        " Sở Y tế",
        "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến",
        "Đơn vị sự nghiệp",
        "Y tế",
    ],
    [
        "Phòng Tổ chức - Hành chính",
        None,
        " Trung tâm Mắt - Nội tiết tỉnh Quảng Bình",
        "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến",
        "Đơn vị sự nghiệp",
        "Y tế",
    ],
    [
        "Phòng Kế hoạch - Tài chính",
        None,
        " Trung tâm Mắt - Nội tiết tỉnh Quảng Bình",
        "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến",
        "Đơn vị sự nghiệp",
        "Y tế",
    ],
    [
        "Khoa Cận Lâm sàng",
        None,
        " Trung tâm Mắt - Nội tiết tỉnh Quảng Bình",
        "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến",
        "Đơn vị sự nghiệp",
        "Y tế",
    ],
    [
        "Khoa Dược - Vật tư  thiết bị y tế",
        None,
        " Trung tâm Mắt - Nội tiết tỉnh Quảng Bình",
        "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến",
        "Đơn vị sự nghiệp",
        "Y tế",
    ],
    [
        "Trung tâm Mắt – Nội tiết tỉnh Quảng Bình",
        None,
        " Sở Y tế",
        "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến",
        "Đơn vị sự nghiệp",
        "Y tế",
    ],
    [
        "Khoa Mắt",
        None,
        " Trung tâm Mắt - Nội tiết tỉnh Quảng Bình",
        "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến",
        "Đơn vị sự nghiệp",
        "Y tế",
    ],
    [
        "Khoa Nội tiết",
        None,
        " Trung tâm Mắt - Nội tiết tỉnh Quảng Bình",
        "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến",
        "Đơn vị sự nghiệp",
        "Y tế",
    ],
    [
        "Phòng khám đa khoa",
        None,
        " Trung tâm Mắt - Nội tiết tỉnh Quảng Bình",
        "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến",
        "Đơn vị sự nghiệp",
        "Y tế",
    ],
    [
        "Phòng Tổ chức – Hành chính",
        None,
        " Trung tâm Kiểm soát bệnh tật Quảng Bình",
        "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến",
        "Đơn vị sự nghiệp",
        "Y tế",
    ],
    [
        "Phòng Tài chính – Kế toán",
        None,
        " Trung tâm Kiểm soát bệnh tật Quảng Bình",
        "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến",
        "Đơn vị sự nghiệp",
        "Y tế",
    ],
    [
        "Phòng Kế hoạch – Nghiệp vụ",
        None,
        " Trung tâm Kiểm soát bệnh tật Quảng Bình  ",
        "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến",
        "Đơn vị sự nghiệp",
        "Y tế",
    ],
    [
        "Khoa Phòng chống bệnh truyền nhiễm",
        None,
        " Trung tâm Kiểm soát bệnh tật Quảng Bình  ",
        "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến",
        "Đơn vị sự nghiệp",
        "Y tế",
    ],
    [
        "Khoa Phòng chống HIV/AIDS",
        None,
        " Trung tâm Kiểm soát bệnh tật Quảng Bình  ",
        "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến",
        "Đơn vị sự nghiệp",
        "Y tế",
    ],
    [
        "Khoa Phòng chống bệnh không lây nhiễm",
        None,
        " Trung tâm Kiểm soát bệnh tật Quảng Bình  ",
        "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến",
        "Đơn vị sự nghiệp",
        "Y tế",
    ],
    [
        "Khoa Dinh dưỡng",
        None,
        " Trung tâm Kiểm soát bệnh tật Quảng Bình  ",
        "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến",
        "Đơn vị sự nghiệp",
        "Y tế",
    ],
]

SOYTE_CACHED = [
    ["TAPTHE", "1647933198", 1668477383, "0012"],
    ["TAPTHE", "1647933198", 1668477383, "0012"],
    ["TAPTHE", "1647933198", 1668477383, "0012"],
    ["TAPTHE", "1647933198", 1668477383, "0012"],
    ["TAPTHE", "1647933198", 1668477383, "0012"],
    ["TAPTHE", "1647933198", 1668477403, "0012"],
    ["TAPTHE", "1647933198", 1668477403, "0012"],
    ["TAPTHE", "1647933198", 1668477403, "0012"],
    ["TAPTHE", "1647933198", 1668477403, "0012"],
    ["TAPTHE", "1647933198", 1668477403, "0012"],
    ["TAPTHE", "1647933198", 1668477403, "0012"],
    ["TAPTHE", "1647933198", 1668477403, "0012"],
    ["TAPTHE", "1647933198", 1668477403, "0012"],
    ["TAPTHE", "1647933198", 1668477403, "0012"],
    ["TAPTHE", "1647933198", 1668477403, "0012"],
    ["TAPTHE", "1647933198", 1668477403, "0012"],
    ["TAPTHE", "1647933198", 1668477403, "0012"],
    ["TAPTHE", "1647933198", 1668477403, "0012"],
    ["TAPTHE", "1647933198", 1668477403, "0012"],
    ["TAPTHE", "1647933198", 1668477403, "0012"],
    ["TAPTHE", "1647933198", 1668477403, "0012"],
    ["TAPTHE", "1647933198", 1668477403, "0012"],
    ["TAPTHE", "1647933198", 1668477403, "0012"],
    ["TAPTHE", "1647933198", 1668477403, "0012"],
    ["TAPTHE", "1647933198", 1668477403, "0012"],
]

DANHMUC_TAPTHE = [
    (2, 1, "STT"),
    (2, 2, "Mã số"),
    (2, 3, "Hình thức khen thưởng"),
    (2, 5, "STT"),
    (2, 6, "Mã số"),
    (2, 7, "Danh hiệu thi đua"),
    (2, 9, "STT"),
    (2, 10, "Mã số phân loại"),
    (2, 11, "Tên phân loại đơn vị"),
    (3, 1, 1),
    (3, 2, "1650359884"),
    (3, 3, "Huân chương Sao vàng"),
    (3, 5, 1),
    (3, 6, "1647933380"),
    (3, 7, "Chiến sĩ thi đua cơ sở"),
    (3, 9, 1),
    (3, 10, "1660638226"),
    (3, 11, "Cơ quan hành chính, sự nghiệp"),
    (4, 1, 2),
    (4, 2, "1650359965"),
    (4, 3, "Huân chương Hồ Chí Minh"),
    (4, 5, 2),
    (4, 6, "1647933381"),
    (4, 7, "Chiến sĩ thi đua toàn quốc"),
    (4, 9, 2),
    (4, 10, "1660638247"),
    (4, 11, "Doanh nghiệp"),
    (5, 1, 3),
    (5, 2, "1650360128"),
    (5, 3, "Huân chương Độc Lập"),
    (5, 5, 3),
    (5, 6, "1647508703"),
    (5, 7, "Chiến sĩ thi đua cấp Bộ, ngành, tỉnh, đoàn thể trung ương"),
    (5, 9, 3),
    (5, 10, "1660638538"),
    (5, 11, "Hộ gia đình"),
    (6, 1, 4),
    (6, 2, "1650360174"),
    (6, 3, "Huân chương Quân công"),
    (6, 5, 4),
    (6, 6, "1647933042"),
    (6, 7, "Lao động tiên tiến"),
    (7, 1, 5),
    (7, 2, "1650360184"),
    (7, 3, "Huân chương Lao động"),
    (7, 5, 5),
    (7, 6, "1647933054"),
    (7, 7, "Chiến sĩ tiên tiến"),
    (8, 1, 6),
    (8, 2, "1650360198"),
    (8, 3, "Huân chương Chiến công"),
    (8, 5, 6),
    (8, 6, "1647933079"),
    (8, 7, "Cờ thi đua của Chính phủ"),
    (9, 1, 7),
    (9, 2, "1650360214"),
    (9, 3, "Huân chương Đại đoàn kết dân tộc"),
    (9, 5, 7),
    (9, 6, "1647933114"),
    (9, 7, "Cờ thi đua cấp Bộ, ngành, tỉnh, đoàn thể trung ương"),
    (10, 1, 8),
    (10, 2, "1650360227"),
    (10, 3, "Huân chương Dũng cảm"),
    (10, 5, 8),
    (10, 6, "1647933151"),
    (10, 7, "Tập thể lao động xuất sắc"),
    (11, 1, 9),
    (11, 2, "1650360234"),
    (11, 3, "Huân chương Hữu nghị"),
    (11, 5, 9),
    (11, 6, "1647933178"),
    (11, 7, "Đơn vị quyết thắng"),
    (12, 1, 10),
    (12, 2, "1650360247"),
    (12, 3, "Huân chương Bảo vệ Tổ quốc"),
    (12, 5, 10),
    (12, 6, "1647933198"),
    (12, 7, "Tập thể lao động tiên tiến"),
    (13, 1, 11),
    (13, 2, "1650360299"),
    (13, 3, "Huy chương Quân kỳ quyết thắng"),
    (13, 5, 11),
    (13, 6, "1647933213"),
    (13, 7, "Đơn vị tiên tiến"),
    (14, 1, 12),
    (14, 2, "1650360312"),
    (14, 3, "Huy chương Chiến sĩ vẻ vang"),
    (14, 5, 12),
    (14, 6, "1647933227"),
    (14, 7, "Gia đình văn hóa"),
    (15, 1, 13),
    (15, 2, "1650360323"),
    (15, 3, "Huy chương Hữu nghị"),
    (16, 1, 14),
    (16, 2, "1650360334"),
    (16, 3, "Huy chương Vì an ninh Tổ quốc"),
    (17, 1, 15),
    (17, 2, "1650360372"),
    (17, 3, "Anh hùng Lao động"),
    (18, 1, 16),
    (18, 2, "1650360387"),
    (18, 3, "Nhà giáo nhân dân"),
    (19, 1, 17),
    (19, 2, "1650360413"),
    (19, 3, "Nhà giáo ưu tú"),
    (20, 1, 18),
    (20, 2, "1650360491"),
    (20, 3, "Bằng khen"),
    (21, 1, 19),
    (21, 2, "1650360499"),
    (21, 3, "Giấy khen"),
]

DANHMUC_CANHAN = [
    (2, 1, "STT"),
    (2, 2, "Mã số"),
    (2, 3, "Hình thức khen thưởng"),
    (2, 5, "STT"),
    (2, 6, "Mã số"),
    (2, 7, "Danh hiệu thi đua"),
    (2, 9, "STT"),
    (2, 10, "Mã phân loại cán bộ"),
    (2, 11, "Phân loại cán bộ"),
    (3, 1, 1),
    (3, 2, "1650359884"),
    (3, 3, "Huân chương Sao vàng"),
    (3, 5, 1),
    (3, 6, "1647933380"),
    (3, 7, "Chiến sĩ thi đua cơ sở"),
    (3, 9, 1),
    (3, 10, "1660638808"),
    (3, 11, "Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên"),
    (4, 1, 2),
    (4, 2, "1650359965"),
    (4, 3, "Huân chương Hồ Chí Minh"),
    (4, 5, 2),
    (4, 6, "1647933381"),
    (4, 7, "Chiến sĩ thi đua toàn quốc"),
    (4, 9, 2),
    (4, 10, "1660638843"),
    (4, 11, "Lãnh đạo cấp vụ, sở, ngành và tương đương"),
    (5, 1, 3),
    (5, 2, "1650360128"),
    (5, 3, "Huân chương Độc Lập"),
    (5, 5, 3),
    (5, 6, "1647508703"),
    (5, 7, "Chiến sĩ thi đua cấp Bộ, ngành, tỉnh, đoàn thể trung ương"),
    (5, 9, 3),
    (5, 10, "1660638864"),
    (5, 11, "Doanh nhân"),
    (6, 1, 4),
    (6, 2, "1650360174"),
    (6, 3, "Huân chương Quân công"),
    (6, 5, 4),
    (6, 6, "1647933042"),
    (6, 7, "Lao động tiên tiến"),
    (6, 9, 4),
    (6, 10, "1660638930"),
    (6, 11, "Các cấp lãnh đạo từ phó phòng trở lên"),
    (7, 1, 5),
    (7, 2, "1650360184"),
    (7, 3, "Huân chương Lao động"),
    (7, 5, 5),
    (7, 6, "1647933054"),
    (7, 7, "Chiến sĩ tiên tiến"),
    (7, 9, 5),
    (7, 10, "1660638976"),
    (7, 11, "Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu"),
    (8, 1, 6),
    (8, 2, "1650360198"),
    (8, 3, "Huân chương Chiến công"),
    (8, 5, 6),
    (8, 6, "1647933079"),
    (8, 7, "Cờ thi đua của Chính phủ"),
    (9, 1, 7),
    (9, 2, "1650360214"),
    (9, 3, "Huân chương Đại đoàn kết dân tộc"),
    (9, 5, 7),
    (9, 6, "1647933114"),
    (9, 7, "Cờ thi đua cấp Bộ, ngành, tỉnh, đoàn thể trung ương"),
    (10, 1, 8),
    (10, 2, "1650360227"),
    (10, 3, "Huân chương Dũng cảm"),
    (10, 5, 8),
    (10, 6, "1647933151"),
    (10, 7, "Tập thể lao động xuất sắc"),
    (11, 1, 9),
    (11, 2, "1650360234"),
    (11, 3, "Huân chương Hữu nghị"),
    (11, 5, 9),
    (11, 6, "1647933178"),
    (11, 7, "Đơn vị quyết thắng"),
    (12, 1, 10),
    (12, 2, "1650360247"),
    (12, 3, "Huân chương Bảo vệ Tổ quốc"),
    (12, 5, 10),
    (12, 6, "1647933198"),
    (12, 7, "Tập thể lao động tiên tiến"),
    (13, 1, 11),
    (13, 2, "1650360299"),
    (13, 3, "Huy chương Quân kỳ quyết thắng"),
    (13, 5, 11),
    (13, 6, "1647933213"),
    (13, 7, "Đơn vị tiên tiến"),
    (14, 1, 12),
    (14, 2, "1650360312"),
    (14, 3, "Huy chương Chiến sĩ vẻ vang"),
    (14, 5, 12),
    (14, 6, "1647933227"),
    (14, 7, "Gia đình văn hóa"),
    (15, 1, 13),
    (15, 2, "1650360323"),
    (15, 3, "Huy chương Hữu nghị"),
    (16, 1, 14),
    (16, 2, "1650360334"),
    (16, 3, "Huy chương Vì an ninh Tổ quốc"),
    (17, 1, 15),
    (17, 2, "1650360372"),
    (17, 3, "Anh hùng Lao động"),
    (18, 1, 16),
    (18, 2, "1650360387"),
    (18, 3, "Nhà giáo nhân dân"),
    (19, 1, 17),
    (19, 2, "1650360413"),
    (19, 3, "Nhà giáo ưu tú"),
    (19, 5, "STT"),
    (19, 6, "Mã số"),
    (19, 7, "Giới tính"),
    (20, 1, 18),
    (20, 2, "1650360491"),
    (20, 3, "Bằng khen"),
    (20, 5, 1),
    (20, 6, "NAM"),
    (20, 7, "Giới tính Nam"),
    (21, 1, 19),
    (21, 2, "1650360499"),
    (21, 3, "Giấy khen"),
    (21, 5, 2),
    (21, 6, "NU"),
    (21, 7, "Giới tính Nữ"),
]


# ---------------------------------------------------------------------------
# Quảng Bình, 10 years of the Law on legal dissemination (2022): one list seen
# four times — the Sở Tư pháp proposal (Tờ trình 2753/TTr-STP), the minutes of
# its council (Biên bản 02/BB-STP), the same list keyed into the province's
# award software, and the signed decision 2871/QĐ-UBND.
# ---------------------------------------------------------------------------

QD2871_HEADER_LEFT = ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG BÌNH", "", "Số: 2871 /QĐ-UBND"]
QD2871_HEADER_RIGHT = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "",
    "Quảng Bình, ngày 24 tháng 10 năm 2022",
]
QD2871_BODY = [
    ("title", "QUYẾT ĐỊNH"),
    ("title2", "Về việc tặng Bằng khen của Chủ tịch UBND tỉnh"),
    ("title", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG BÌNH"),
    ("italic", "Căn cứ Luật Tổ chức Chính quyền địa phương ngày 19/6/2015;"),
    (
        "italic",
        "Căn cứ Luật sửa đổi, bổ sung một số Điều của Luật Tổ chức Chính phủ và "
        "Luật Tổ chức chính quyền địa phương ngày 22/11/2019;",
    ),
    (
        "italic",
        "Căn cứ Luật Thi đua, Khen thưởng ngày 26/11/2003 và Luật sửa đổi, bổ sung "
        "một số Điều của Luật Thi đua, Khen thưởng ngày 16/11/2013;",
    ),
    (
        "italic",
        "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ quy định chi "
        "tiết thi hành một số Điều của Luật Thi đua, Khen thưởng;",
    ),
    (
        "italic",
        "Căn cứ Quyết định số 35/2019/QĐ-UBND ngày 11/11/2019 của UBND tỉnh ban hành "
        "Quy chế Thi đua, Khen thưởng tỉnh Quảng Bình;",
    ),
    (
        "italic",
        "Theo đề nghị của Giám đốc Sở Tư pháp tại Tờ trình số 2753/TTr-STP 28/9/2022 "
        "và Giám đốc Sở Nội vụ tại Tờ trình số 1849/TTr-SNV-TĐKT ngày 18/10/2022.",
    ),
    ("title", "QUYẾT ĐỊNH:"),
    (
        "article",
        "Điều 1. ",
        "Tặng Bằng khen của Chủ tịch UBND tỉnh cho 05 tập thể và 04 cá nhân, "
        "đã có thành tích xuất sắc trong 10 năm triển khai thực hiện Luật Phổ biến, giáo "
        "dục pháp luật trên địa bàn tỉnh (có Danh sách kèm theo).",
    ),
    (
        "article",
        "Điều 2. ",
        "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Giám đốc "
        "Sở Tư pháp và các tập thể, cá nhân có tên tại Điều 1 căn cứ Quyết định thi hành./.",
    ),
]
QD2871_RECIPIENTS_OF_COPIES = ["Nơi nhận:", "- Như Điều 2;", "- Lưu: VT, NCVX."]
QD2871_SIGNATURE = ["CHỦ TỊCH", "", "", "", "Trần Thắng"]
QD2871_ANNEX_TITLE = [
    ("bold", "DANH SÁCH"),
    ("italic", "(Kèm theo Quyết định số: 2871 /QĐ-UBND ngày 24 tháng 10 năm 2022"),
    ("italic", "của Chủ tịch UBND tỉnh)"),
]
# The annex is written as numbered paragraphs under roman sections, not a table.
QD2871_ANNEX = [
    ("section", "I. Tập thể"),
    ("item", "1. Phòng Phổ biến, giáo dục pháp luật, Sở Tư pháp;"),
    ("item", "2. Công an tỉnh;"),
    ("item", "3. Đài Phát thanh và Truyền hình Quảng Bình;"),
    ("item", "4. Ủy ban nhân dân huyện Quảng Ninh;"),
    ("item", "5. Sở Tài nguyên và Môi trường."),
    ("section", "II. Cá nhân"),
    ("item", "1. Ông Trương Quang Sáng, Phó Giám đốc Sở Tư pháp;"),
    ("item", "2. Đại tá Lê Văn Tiến, Chính ủy Bộ Chỉ huy Bộ đội Biên phòng tỉnh;"),
    ("item", "3. Ông Đặng Đại Bàng, Bí thư Đoàn TNCS Hồ Chí Minh tỉnh Quảng Bình;"),
    ("item", "4. Ông Nguyễn Văn Tình, Phó Chủ tịch UBND thị xã Ba Đồn./."),
    ("rule", "____________________"),
]

TTR2753_HEADER_LEFT = ["UBND TỈNH QUẢNG BÌNH", "SỞ TƯ PHÁP", "", "Số:2753 /TTr-STP"]
TTR2753_HEADER_RIGHT = [
    "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "",
    "Quảng Bình, ngày 28 tháng 9 năm 2022",
]
TTR2753_BODY = [
    ("title", "TỜ TRÌNH"),
    ("title2", "V/v đề nghị xét khen thưởng vì đã có thành tích xuất sắc trong"),
    ("title2", "10 năm thực hiện Luật Phổ biến, giáo dục pháp luật"),
    (
        "plain",
        "Thực hiện Công văn số 2852/BTP-PBGDPL ngày 09/8/2022 của Bộ Tư pháp về việc "
        "hướng dẫn khen thưởng 10 năm thực hiện Luật Phổ biến, giáo dục pháp luật và 10 năm "
        "hưởng ứng Ngày Pháp luật Việt Nam, Kế hoạch số 1043/KH-UBND ngày 16/6/2022 của UBND "
        "tỉnh về tổng kết 10 năm thực hiện Luật Phổ biến, giáo dục pháp luật, căn cứ các quy "
        "định, tiêu chuẩn khen thưởng quy định tại Luật Thi đua khen thưởng, các văn bản hướng "
        "dẫn thi hành, trên cơ sở thành tích thành tích đã đạt được trong 10 năm triển khai "
        "thực hiện Luật Phổ biến, giáo dục pháp luật và kết quả cuộc họp của Hội đồng Thi đua "
        "- Khen thưởng Sở Tư pháp, Sở Tư pháp kính trình và đề nghị Chủ tịch UBND tỉnh tặng "
        "bằng khen cho tập thể và cá nhân vì đã có thành tích xuất sắc trong 10 năm thực hiện "
        "Luật Phổ biến, giáo dục pháp luật.",
    ),
    ("italic", "(Có Danh sách và Hồ sơ đề nghị khen thưởng của các tập thể, cá nhân kèm theo)."),
    (
        "plain",
        "Sở Tư pháp kính trình Hội đồng Thi đua - Khen thưởng tỉnh và Chủ tịch UBND tỉnh "
        "Quảng Bình xem xét, quyết định./.",
    ),
]
TTR2753_RECIPIENTS_OF_COPIES = [
    "Nơi nhận:",
    "- Hội đồng TĐ-KT tỉnh;",
    "- Sở Nội vụ;",
    "- Lãnh đạo Sở;",
    "- Lưu: VT, VP.",
]
TTR2753_SIGNATURE = ["GIÁM ĐỐC", "", "", "", "Trần Chí Tiến"]
TTR2753_ANNEX_TITLE = [
    ("plain_center", "2"),
    ("bold", "DANH SÁCH"),
    ("bold", "Tập thể, cá nhân đề nghị xét khen thưởng vì đã có thành tích xuất sắc trong"),
    ("bold", "10 năm thực hiện Luật Phổ biến, giáo dục pháp luật"),
    ("italic", "(Kèm theo Tờ trình số 2753/TTr-STP ngày 28/9/2022 của Sở Tư pháp Quảng Bình)"),
]
TTR2753_TABLE = [
    ("TT", "Tập thể, cá nhân đề nghị xét khen thưởng"),
    ("I", "Tập thể"),
    ("1.", "Phòng Phổ biến, giáo dục pháp luật, Sở Tư pháp tỉnh Quảng Bình"),
    ("2.", "Công an tỉnh Quảng Bình"),
    ("3.", " Đài Phát thanh truyền hình tỉnh Quảng Bình"),
    ("4.", "UBND huyện Quảng Ninh"),
    ("5.", "Sở Tài nguyên và Môi trường tỉnh Quảng Bình"),
    ("II", "Cá nhân"),
    ("1.", "Ông Trương Quang Sáng, Phó Giám đốc Sở Tư pháp tỉnh Quảng Bình"),
    ("2.", "Đại tá Lê Văn Tiến - Chính ủy Bộ đội Biên phòng tỉnh Quảng Bình"),
    ("3.", "Ông Đặng Đại Bàng, Bí thư Tỉnh đoàn tỉnh Quảng Bình"),
    ("4.", "Ông Nguyễn Văn Tình - Phó Chủ tịch UBND thị xã Ba Đồn"),
]

BB02_HEADER_LEFT = ["UBND TỈNH QUẢNG BÌNH", "SỞ TƯ PHÁP", "", "Số: 02 /BB-STP"]
BB02_HEADER_RIGHT = ["CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "", ""]
BB02_BODY = [
    ("title", "BIÊN BẢN"),
    ("title", "Họp Hội đồng Thi đua - Khen thưởng Sở Tư pháp Quảng Bình"),
    (
        "plain",
        "Vào lúc 14h00 ngày 26/9/2022 tại Sở Tư pháp Quảng Bình, Hội đồng Thi đua - Khen "
        "thưởng (TĐKT) Sở Tư pháp tỉnh Quảng Bình họp xét khen thưởng các tập thể, cá nhân đã "
        "có thành tích trong 10 năm thực hiện Luật Phổ biến, giáo dục pháp luật.",
    ),
    ("plain", "Thành phần: Thành viên Hội đồng TĐKT Sở Tư pháp Quảng Bình."),
    ("plain", "Có mặt: 09/09; Vắng: 0."),
    (
        "plain",
        "Chủ trì cuộc họp: Đ/c Trần Chí Tiến, Tỉnh ủy viên, Bí thư Đảng ủy, Giám đốc Sở Tư "
        "pháp, Chủ tịch Hội đồng TĐKT.",
    ),
    (
        "plain",
        "Thư ký cuộc họp: Đ/c Nguyễn Văn Nghĩa, Chánh Văn phòng, Ủy viên kiêm thư ký Hội "
        "đồng TĐKT.",
    ),
    ("title", "NỘI DUNG:"),
    (
        "plain",
        "1. Đồng chí Trần Chí Tiến, Tỉnh ủy viên, Bí thư Đảng ủy, Giám đốc Sở Tư pháp, Chủ "
        "tịch Hội đồng TĐKT phổ biến nội dung cuộc họp trong đó khái quát kết quả trong 10 năm "
        "thực hiện Luật Phổ biến giáo dục pháp luật, các điều kiện, tiêu chuẩn để đề nghị Chủ "
        "tịch UBND tỉnh tặng Bằng khen.",
    ),
    (
        "plain",
        "2. Đồng chí Nguyễn Văn Nghĩa - Chánh Văn phòng, Ủy viên kiêm thư ký Hội đồng TĐKT "
        "báo cáo những thành tích đã đạt được của các tập thể và cá nhân trong 10 năm thực hiện "
        "Luật Phổ biến giáo dục pháp luật để đề nghị tặng Bằng khen Chủ tịch UBND tỉnh.",
    ),
    (
        "plain",
        "3. Trên cơ sở xem xét hồ sơ và thành tích của các tập thể và cá nhân, Hội đồng Thi "
        "đua - Khen thưởng Sở Tư pháp thống nhất đề nghị Hội đồng Thi đua - Khen thưởng tỉnh "
        "xét, đề nghị tặng Bằng khen Chủ tịch UBND tỉnh cho 05 tập thể và 04 cá nhân có thành "
        "tích trong 10 năm thực hiện Luật Phổ biến giáo dục pháp luật, cụ thể:",
    ),
]
# Same table as the Tờ trình, as typed in the minutes (note the split "Đặn g").
BB02_TABLE = [
    ("TT", "Tập thể, cá nhân đề nghị xét khen thưởng"),
    ("I", "Tập thể"),
    ("1.", "Phòng Phổ biến, giáo dục pháp luật, Sở Tư pháp tỉnh Quảng Bình"),
    ("2.", "Công an tỉnh Quảng Bình"),
    ("3.", "Đài Phát thanh truyền hình tỉnh Quảng Bình"),
    ("4.", "UBND huyện Quảng Ninh"),
    ("5.", "Sở Tài nguyên và Môi trường tỉnh Quảng Bình"),
    ("II", "Cá nhân"),
    ("1.", "Ông Trương Quang Sáng, Phó Giám đốc Sở Tư pháp tỉnh Quảng Bình"),
    ("2.", "Đại tá Lê Văn Tiến - Chính ủy Bộ đội Biên phòng tỉnh Quảng Bình"),
    ("3.", "Ông Đặn g Đại Bàng, Bí thư Tỉnh đoàn tỉnh Quảng Bình"),
    ("4.", "Ông Nguyễn Văn Tình - Phó Chủ tịch UBND thị xã Ba Đồn"),
]
BB02_AFTER_TABLE = [
    (
        "plain",
        "Hội đồng Thi đua - Khen thưởng Sở Tư pháp đã thống nhất và biểu quyết 09/09 thành "
        "viên có mặt (100%).",
    ),
    ("plain", "Cuộc họp kết thúc vào hồi 16h30 cùng ngày."),
]
BB02_SIGNATURES = (
    ["THƯ KÝ", "", "", "", "Nguyễn Văn Nghĩa"],
    ["CHỦ TOẠ", "", "", "", "Trần Chí Tiến"],
)
BB02_RECIPIENTS_OF_COPIES = [
    "Nơi nhận:",
    "- Hội đồng TĐ-KT tỉnh;",
    "- Sở Nội vụ;",
    "- Lãnh đạo Sở;",
    "- Lưu: VT, VP.",
]

# The same list keyed into the province's software (its DANHSACH import sheet):
# codes instead of words, the form of address inside the name, STT left empty.
PHANMEM_2871_ROWS = [
    [
        None,
        "TAPTHE",
        "Phòng Phổ biến, giáo dục pháp luật Sở Tư pháp",
        None,
        None,
        "1650360491",
        "1660638226",
        None,
    ],
    [None, "TAPTHE", "Công an tỉnh Quảng Bình", None, None, "1650360491", "1660638226", None],
    [
        None,
        "TAPTHE",
        "Đài Phát thanh truyền hình tỉnh Quảng Bình",
        None,
        None,
        "1650360491",
        "1660638226",
        None,
    ],
    [None, "TAPTHE", "UBND huyện Quảng Ninh", None, None, "1650360491", "1660638226", None],
    [
        None,
        "TAPTHE",
        "Sở Tài nguyên và Môi trường tỉnh Quảng Bình",
        None,
        None,
        "1650360491",
        "1660638226",
        None,
    ],
    [
        None,
        "CANHAN",
        "Ông Trương Quang Sáng",
        "Phó Giám đốc",
        "Sở Tư pháp tỉnh Quảng Bình",
        "1650360491",
        "1660638226",
        None,
    ],
    [
        None,
        "CANHAN",
        "Đại tá Lê Văn Tiến",
        "Chính ủy",
        "Bộ đội Biên phòng tỉnh Quảng Bình",
        "1650360491",
        "1660638226",
        None,
    ],
    [
        None,
        "CANHAN",
        "Ông Đặng Đại Bàng",
        "Bí thư",
        "Tỉnh đoàn tỉnh Quảng Bình",
        "1650360491",
        "1660638226",
        None,
    ],
    [
        None,
        "CANHAN",
        "Ông Nguyễn Văn Tỉnh",
        "Phó chủ tịch",
        "UBND thị xã Ba Đồn",
        "1650360491",
        "1660638226",
        None,
    ],
]
PHANMEM_HEADER_8 = [
    "STT",
    "Phân loại khen thưởng",
    "Tên tập thể/cá nhân/hộ gia đình",
    "Chức vụ",
    "Đơn vị công tác",
    "Danh hiệu thi đua/Hình thức khen thưởng",
    "Phân loại đối tượng",
    "Lĩnh vực hoạt động",
]
# The vendor's own sample rows for that sheet (download/NHANDULIEU.xlsx).
NHANDULIEU_ROWS = [
    [None, "TAPTHE", "UBND Tỉnh Quảng Bình", None, None, None, None, None],
    [None, "TAPTHE", "UBND Thành phố Đồng Hới", None, None, None, None, None],
    [None, "CANHAN", "Trần Mạnh Hải", "Giám đốc", "Sở Y tế", None, None, None],
    [None, "HOGIADINH", "Gia đình ông Lê Văn Hải", None, None, None, None, None],
]
TAPTHE_HEADER = [
    "STT",
    "Tên đơn vị / tập thể",
    "Mã phân loại tập thể",
    "Mã hình thức khen thưởng",
    "Mã danh hiệu thi đua\n(nếu có)",
]
TAPTHE_ROWS = [[None, "UBND Xã"], [None, "UBND Huyện"], [None, "UBND Tỉnh"]]
CANHAN_HEADER = [
    "STT",
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Chức vụ",
    "Tên phòng ban/ khối, tổ \ncông tác",
    "Tên đơn vị/tập thể\ncông tác",
    "Địa chỉ / Nơi ở",
    "Mã phân loại cán bộ",
    "Mã hình thức khen thưởng",
    "Mã danh hiệu thi đua\n(nếu có)",
]
CANHAN_ROWS = [[None, "Hoàng Văn Anh", "NAM"], [None, "Trần Thị Hà", "NU"]]

MAUTDKT_HEADER = [
    "STT",
    "Tên gọi\n(Ông/Bà/Chức danh)",
    "Tên tập thể/cá nhân/hộ gia đình",
    "Chức vụ",
    "Đơn vị công tác",
    "Phân loại khen thưởng",
    "Danh hiệu thi đua/Hình thức khen thưởng",
    "Phân loại đối tượng",
    "Lĩnh vực hoạt động",
]
MAUTDKT_CODE_HEADER = {
    "R": "Mã Phân loại khen thưởng",
    "S": "Mã Danh hiệu thi đua",
    "T": "Mã phân loại loại tượng",
    "U": "Mã Lĩnh vực hoạt động",
}
MAUTDKT_FORMULAS = {
    "R": "=VLOOKUP(F{r},'phan loai kt'!$A$2:$B$4,2,0)",
    "S": "=VLOOKUP(G{r},HTKT!$A$2:$B$300,2,0)",
    "T": "=VLOOKUP(H{r},PLDT!$A$2:$B$100,2,0)",
    "U": "=VLOOKUP(I{r},LVHD!$A$2:$B$25,2,0)",
}
MAUTDKT_LAST_ROW = 553  # the template is pre-filled with lookups down to here

# ---------------------------------------------------------------------------
# Quảng Bình portal, 2020: QĐ 1632/QĐ-UBND ngày 22/5/2020 (news text; rebuilt
# as the office's spreadsheet).
# ---------------------------------------------------------------------------
QD1632_TITLE = [
    "DANH SÁCH KHEN THƯỞNG THÀNH TÍCH CÔNG TÁC NĂM 2019",
    "(Kèm theo Quyết định số 1632/QĐ-UBND ngày 22/5/2020 của UBND tỉnh)",
]
QD1632_ROWS = [
    ("header", "STT", "Tên tập thể"),
    ("section", "I", "Danh hiệu Tập thể Lao động xuất sắc: 07 tập thể"),
    ("item", 1, "Nhân dân và cán bộ xã Văn Hóa"),
    ("item", 2, "Nhân dân và cán bộ xã Châu Hóa"),
    ("item", 3, "Nhân dân và cán bộ xã Thuận Hóa (huyện Tuyên Hóa)"),
    ("item", 4, "Nhân dân và cán bộ thị trấn Quán Hàu"),
    ("item", 5, "Nhân dân và cán bộ xã Võ Ninh"),
    ("item", 6, "Nhân dân và cán bộ xã An Ninh"),
    ("item", 7, "Nhân dân và cán bộ xã Hải Ninh (huyện Quảng Ninh)"),
    ("section", "II", "Bằng khen của Chủ tịch UBND tỉnh: 02 tập thể"),
    ("item", 1, "Nhân dân và cán bộ xã Châu Hóa"),
    ("item", 2, "Nhân dân và cán bộ xã Văn Hóa (huyện Tuyên Hóa)"),
]

# ---------------------------------------------------------------------------
# Huế, November 2025: Thủ tướng Chính phủ tặng Bằng khen cho 2 trường học và
# 7 nhà giáo (news text; rebuilt as a LibreOffice sheet).
# ---------------------------------------------------------------------------
HUE2025_TITLE = [
    "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN CỦA THỦ TƯỚNG CHÍNH PHỦ",
    "(Thành tích xuất sắc trong công tác giáo dục và đào tạo từ năm học 2020-2021 "
    "đến năm học 2024-2025)",
]
HUE2025_HEADER = ["STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị công tác"]
HUE2025_ROWS = [
    ("section", "I. Tập thể"),
    ("item", 1, "Trường Tiểu học Lý Thường Kiệt (phường Thuận Hóa)", ""),
    ("item", 2, "Trường Trung học cơ sở Đặng Dung (xã Quảng Điền)", ""),
    ("section", "II. Cá nhân"),
    ("item", 1, "Bà Lê Thị Thu Hà", "Hiệu trưởng Trường Mầm non Hồng Bắc"),
    ("item", 2, "ông Bùi Phước Dương", "Hiệu trưởng Trường Tiểu học Bắc Sơn"),
    ("item", 3, "bà Nguyễn Thị Thu Hà", "Hiệu trưởng Trường THCS Quang Trung"),
    ("item", 4, "bà Trần Thị Khuyên", "Hiệu trưởng Trường Mầm non Xuân Lộc"),
    ("item", 5, "bà Trương Thị Cúc", "Phó Hiệu trưởng Trường Tiểu học Hồng Quảng"),
    ("item", 6, "bà Võ Phương Quỳnh Ngân", "giáo viên Trường Mầm non Thủy Vân"),
    ("item", 7, "ông Nguyễn Đức Hải", "chuyên viên Văn phòng Sở Giáo dục và Đào tạo thành phố Huế"),
]

# ---------------------------------------------------------------------------
# Chiến sĩ thi đua toàn quốc, two Prime Minister's decisions as published
# (vbpl.vn and baoapbac.vn); rebuilt as a list pasted into an old .xls.
# ---------------------------------------------------------------------------
CSTDTQ_SHEETS = [
    (
        "Ben Tre 2008",
        [
            "Phong tặng danh hiệu Chiến sĩ thi đua toàn quốc cho",
            "1. Ông Nguyễn Văn Hiếu, Giám đốc Sở Thủy sản tỉnh Bến Tre;",
            "2. Ông Nguyễn Quang Trị, Giám đốc Sở Văn hóa - Thông tin tỉnh Bến Tre,",
            "Đã có thành tích xuất sắc tiêu biểu trong phong trào Thi đua yêu nước, góp phần vào sự "
            "nghiệp xây dựng Chủ nghĩa xã hội và bảo vệ Tổ quốc.",
            "",
            "KT. THỦ TƯỚNG",
            "Phó Thủ tướng",
            "(Đã ký)",
            "Nguyễn Sinh Hùng",
        ],
    ),
    (
        "Tien Giang 2013",
        [
            "Phó Thủ tướng Chính phủ Nguyễn Xuân Phúc vừa ký Quyết định phong tặng danh hiệu Chiến sĩ "
            "thi đua toàn quốc cho 2 cá nhân là:",
            "- Ông Trần Văn Tấn, Phó Trưởng đoàn Đại biểu Quốc hội tỉnh Tiền Giang;",
            "- Ông Nguyễn Văn Châu, Giám đốc Sở Khoa học và Công nghệ;",
            "vì đã có thành tích tiêu biểu, xuất sắc trong phong trào thi đua yêu nước, góp phần vào sự "
            "nghiệp xây dựng chủ nghĩa xã hội và bảo vệ Tổ quốc.",
        ],
    ),
]


# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------


def _fixed_props(wb):
    wb.properties.creator = "annexes/build.py"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME


def _put_danhmuc(wb, cells, title="DANHMUC"):
    ws = wb.create_sheet(title)
    for r, c, v in cells:
        ws.cell(r, c, v)
    return ws


def _set_cached_values(path, sheet_index, cached):
    """Give formula cells a cached value, as Excel leaves them after a save.

    openpyxl writes formulas with an empty <v/>; a file saved by Excel or
    LibreOffice carries the last computed value. `cached` maps "R2" to a
    value; strings get t="str", "#N/A" gets t="e".
    """
    name = f"xl/worksheets/sheet{sheet_index}.xml"
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    out = {}
    for info, data in items:
        if info.filename == name:
            xml = data.decode("utf-8")

            def repl(m):
                ref, attrs, formula = m.group(1), m.group(2), m.group(3)
                if ref not in cached:
                    return m.group(0)
                value = cached[ref]
                attrs = re.sub(r'\s+t="[^"]*"', "", attrs)
                if isinstance(value, str) and value.startswith("#"):
                    kind = ' t="e"'
                elif isinstance(value, str):
                    kind = ' t="str"'
                else:
                    kind = ""
                text = str(value).replace("&", "&amp;").replace("<", "&lt;")
                return f'<c r="{ref}"{attrs}{kind}><f>{formula}</f><v>{text}</v></c>'

            xml = re.sub(
                r'<c r="([A-Z]+[0-9]+)"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?</c>', repl, xml
            )
            data = xml.encode("utf-8")
        out[info] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in out.items():
            z.writestr(info, data)


def build_phanmem_danhsach(
    path,
    rows,
    danhmuc,
    title="DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
    header=PHANMEM_HEADER_8,
    merge="A1:F1",
    widths=None,
):
    """The DANHSACH/DANHMUC import workbook of the Quảng Bình award software."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = Workbook()
    _fixed_props(wb)
    ws = wb.active
    ws.title = "DANHSACH"
    ws["A1"] = title
    ws["A1"].font = Font(name="Times New Roman", size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells(merge)
    thin = Side(style="thin")
    for col, text in enumerate(header, start=1):
        cell = ws.cell(3, col, text)
        cell.font = Font(name="Times New Roman", size=12, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for r, row in enumerate(rows, start=4):
        for c, value in enumerate(row, start=1):
            if value is not None:
                cell = ws.cell(r, c, value)
                cell.font = Font(name="Times New Roman", size=12)
    for letter, width in (widths or {}).items():
        ws.column_dimensions[letter].width = width
    _put_danhmuc(wb, danhmuc)
    wb.save(path)


def build_mautdkt(path, data_rows, cached_rows, guide_rows, last_row=MAUTDKT_LAST_ROW):
    """The 'MauTDKT' template: sheet 'file nhận' pre-filled with VLOOKUPs to
    row 553, hidden lookup sheets, and a visible 'Hướng dẫn' example."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    _fixed_props(wb)
    ws = wb.active
    ws.title = "file nhận"
    head = Font(name="Tahoma", size=10, bold=True)
    body = Font(name="Tahoma", size=9)
    for col, text in enumerate(MAUTDKT_HEADER, start=1):
        cell = ws.cell(1, col, text)
        cell.font = head
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for letter, text in MAUTDKT_CODE_HEADER.items():
        ws[f"{letter}1"] = text
        ws[f"{letter}1"].font = head
    cached = {}
    for r in range(2, last_row + 1):
        row = data_rows[r - 2] if r - 2 < len(data_rows) else None
        if row:
            for c, value in enumerate(row, start=3):  # columns C..I
                if value is not None:
                    ws.cell(r, c, value).font = body
        for i, (letter, formula) in enumerate(MAUTDKT_FORMULAS.items()):
            ws[f"{letter}{r}"] = formula.format(r=r)
            if row:
                cached[f"{letter}{r}"] = cached_rows[r - 2][i]
            else:
                cached[f"{letter}{r}"] = "#N/A"
    widths = {
        "A": 4.14,
        "B": 12.86,
        "C": 27.14,
        "D": 28.86,
        "E": 20.71,
        "F": 21.14,
        "G": 22.57,
        "H": 33.0,
        "I": 25.14,
        "R": 7.71,
        "S": 11.0,
        "U": 5.29,
    }
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    # The original's drop-downs (an x14 extension pointing at the hidden sheets).
    for col, ref in (
        ("F", "'phan loai kt'!$A$2:$A$4"),
        ("G", "HTKT!$A$2:$A$300"),
        ("H", "PLDT!$A$2:$A$100"),
        ("I", "LVHD!$A$2:$A$25"),
    ):
        dv = DataValidation(type="list", formula1=ref, allow_blank=True)
        dv.add(f"{col}2:{col}{last_row}")
        ws.add_data_validation(dv)

    for title, rows in (
        ("HTKT", MAUTDKT_HTKT),
        ("PLDT", MAUTDKT_PLDT),
        ("LVHD", MAUTDKT_LVHD),
        ("phan loai kt", MAUTDKT_PHANLOAIKT),
    ):
        sheet = wb.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    sheet.cell(r, c, value)
        sheet.sheet_state = "hidden"
    guide = wb.create_sheet("Hướng dẫn")
    for r, row in enumerate(guide_rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                guide.cell(r, c, value).font = head if r == 1 else body
    wb.save(path)
    _set_cached_values(path, 1, cached)


def build_qd1632(path):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = Workbook()
    _fixed_props(wb)
    ws = wb.active
    ws.title = "QĐ 1632"
    tnr = "Times New Roman"
    for r, text in enumerate(QD1632_TITLE, start=1):
        ws.cell(r, 1, text).font = Font(name=tnr, size=13, bold=(r == 1), italic=(r == 2))
        ws.cell(r, 1).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    r = len(QD1632_TITLE) + 2
    for kind, a, b in QD1632_ROWS:
        ws.cell(r, 1, a)
        ws.cell(r, 2, b)
        for c in (1, 2):
            cell = ws.cell(r, c)
            cell.border = box
            cell.font = Font(name=tnr, size=13, bold=kind in ("header", "section"))
            cell.alignment = Alignment(
                horizontal="center" if c == 1 or kind == "header" else "left",
                vertical="center",
                wrap_text=True,
            )
        r += 1
    ws.column_dimensions["A"].width = 7
    ws.column_dimensions["B"].width = 70
    wb.save(path)


def build_hue2025_ods(path):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import ParagraphProperties, Style, TableColumnProperties, TextProperties
    from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    bold = Style(name="bold", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold", fontname="Times New Roman"))
    center = Style(name="centerbold", family="table-cell")
    center.addElement(TextProperties(fontweight="bold"))
    center.addElement(ParagraphProperties(textalign="center"))
    italic = Style(name="italic", family="table-cell")
    italic.addElement(TextProperties(fontstyle="italic"))
    italic.addElement(ParagraphProperties(textalign="center"))
    for st in (bold, center, italic):
        doc.automaticstyles.addElement(st)
    widths = []
    for i, w in enumerate(("1.2cm", "8cm", "10cm")):
        cs = Style(name=f"co{i}", family="table-column")
        cs.addElement(TableColumnProperties(columnwidth=w))
        doc.automaticstyles.addElement(cs)
        widths.append(cs)
    table = Table(name="Bằng khen TTg")
    for cs in widths:
        table.addElement(TableColumn(stylename=cs))

    def row(values, style=None, span_first=False):
        tr = TableRow()
        if span_first:
            kwargs = {"stylename": style} if style else {}
            cell = TableCell(numbercolumnsspanned=3, valuetype="string", **kwargs)
            cell.addElement(P(text=values[0]))
            tr.addElement(cell)
            tr.addElement(CoveredTableCell())
            tr.addElement(CoveredTableCell())
        else:
            for v in values:
                kwargs = {"stylename": style} if style else {}
                if isinstance(v, int):
                    cell = TableCell(valuetype="float", value=v, **kwargs)
                    cell.addElement(P(text=str(v)))
                else:
                    cell = TableCell(valuetype="string", **kwargs) if v else TableCell(**kwargs)
                    if v:
                        cell.addElement(P(text=v))
                tr.addElement(cell)
        table.addElement(tr)

    row([HUE2025_TITLE[0]], center, span_first=True)
    row([HUE2025_TITLE[1]], italic, span_first=True)
    table.addElement(TableRow())
    row(HUE2025_HEADER, center)
    for item in HUE2025_ROWS:
        if item[0] == "section":
            row([item[1]], bold, span_first=True)
        else:
            row(list(item[1:]))
    doc.spreadsheet.addElement(table)
    doc.save(str(path))


def build_cstdtq_xls(path):
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    style = xlwt.easyxf("font: name Times New Roman, height 260;")
    for sheet_name, lines in CSTDTQ_SHEETS:
        ws = wb.add_sheet(sheet_name)
        ws.col(0).width = 256 * 90
        for r, text in enumerate(lines):
            if text:
                ws.write(r, 0, text, style)
    wb.save(str(path))


# -- Word ---------------------------------------------------------------------


def _docx_base():
    import docx
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    document.core_properties.author = "annexes/build.py"
    document.core_properties.created = FIXED_TIME
    document.core_properties.modified = FIXED_TIME
    return document


def _para(document, text, bold=False, italic=False, align=None, indent=False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    p = document.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    if align == "center":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "justify":
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        p.paragraph_format.first_line_indent = Cm(1.0)
    return p


def _header_table(document, left, right):
    """Vietnamese official documents put the issuer/number and the national
    motto side by side in a borderless two-column table."""
    table = document.add_table(rows=len(left), cols=2)
    for i, (a, b) in enumerate(zip(left, right, strict=True)):
        for cell, text, bold in ((table.cell(i, 0), a, i < 2), (table.cell(i, 1), b, i < 2)):
            cell.paragraphs[0].add_run(text).bold = bold
            cell.paragraphs[0].alignment = 1
    return table


def _signature_table(document, left_lines, right_lines):
    table = document.add_table(rows=1, cols=2)
    for cell, lines in ((table.cell(0, 0), left_lines), (table.cell(0, 1), right_lines)):
        first = True
        for text in lines:
            p = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            run = p.add_run(text)
            run.bold = text.isupper() or text in ("Trần Thắng", "Trần Chí Tiến", "Nguyễn Văn Nghĩa")
            run.italic = text == "Nơi nhận:"
            p.alignment = 0 if text.startswith(("-", "Nơi nhận")) else 1
    return table


def _body(document, items):
    for item in items:
        kind = item[0]
        if kind in ("title", "title2"):
            _para(document, item[1], bold=True, align="center")
        elif kind == "italic":
            _para(document, item[1], italic=True, align="justify", indent=True)
        elif kind == "plain":
            _para(document, item[1], align="justify", indent=True)
        elif kind == "plain_center":
            _para(document, item[1], align="center")
        elif kind == "bold":
            _para(document, item[1], bold=True, align="center")
        elif kind == "article":
            p = _para(document, "", align="justify", indent=True)
            p.add_run(item[1]).bold = True
            p.add_run(item[2])
        elif kind == "section":
            _para(document, item[1], bold=True)
        elif kind == "item":
            _para(document, item[1], indent=True)
        elif kind == "rule":
            _para(document, item[1], align="center")


def _list_table(document, rows):
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for number, text in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = number, text
        header_or_section = number in ("TT", "I", "II")
        for cell in cells:
            for run in cell.paragraphs[0].runs:
                run.bold = header_or_section
        cells[0].paragraphs[0].alignment = 1
        if number == "TT":
            cells[1].paragraphs[0].alignment = 1
    return table


def build_qd2871_docx(path):
    from docx.enum.text import WD_BREAK

    d = _docx_base()
    _header_table(d, QD2871_HEADER_LEFT, QD2871_HEADER_RIGHT)
    _body(d, QD2871_BODY)
    _signature_table(d, QD2871_RECIPIENTS_OF_COPIES, QD2871_SIGNATURE)
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _body(d, QD2871_ANNEX_TITLE)
    _body(d, QD2871_ANNEX)
    d.save(path)


def build_ttr2753_docx(path):
    from docx.enum.text import WD_BREAK

    d = _docx_base()
    _header_table(d, TTR2753_HEADER_LEFT, TTR2753_HEADER_RIGHT)
    _body(d, TTR2753_BODY)
    _signature_table(d, TTR2753_RECIPIENTS_OF_COPIES, TTR2753_SIGNATURE)
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _body(d, TTR2753_ANNEX_TITLE)
    _list_table(d, TTR2753_TABLE)
    d.save(path)


def build_bb02_docx(path):
    d = _docx_base()
    _header_table(d, BB02_HEADER_LEFT, BB02_HEADER_RIGHT)
    _body(d, BB02_BODY)
    _list_table(d, BB02_TABLE)
    _body(d, BB02_AFTER_TABLE)
    _signature_table(d, *BB02_SIGNATURES)
    for line in BB02_RECIPIENTS_OF_COPIES:
        _para(d, line, italic=line == "Nơi nhận:")
    d.save(path)


# ---------------------------------------------------------------------------

FILES = {
    "01_qb_qd2871_2022_bangkhen.docx": build_qd2871_docx,
    "02_qb_ttr2753_stp_2022_bang_cuoi.docx": build_ttr2753_docx,
    "03_qb_bb02_stp_2022_bang_giua.docx": build_bb02_docx,
    "04_qb_phanmem_danhsach_ma_2871.xlsx": lambda p: build_phanmem_danhsach(
        p,
        PHANMEM_2871_ROWS,
        DANHMUC_TAPTHE,
        widths={"A": 5.6, "B": 18.9, "C": 44.3, "D": 22.1, "E": 25.6, "F": 24.4, "G": 21.3},
    ),
    "05_qb_soyte_ttldtt_mautdkt.xlsx": lambda p: build_mautdkt(
        p, SOYTE_ROWS, SOYTE_CACHED, MAUTDKT_HUONGDAN
    ),
    "06_mautdkt_mau_trong.xlsx": lambda p: build_mautdkt(p, [], [], MAUTDKT_HUONGDAN),
    "07_phanmem_nhandulieu_canhan_tapthe_hogiadinh.xlsx": lambda p: build_phanmem_danhsach(
        p,
        NHANDULIEU_ROWS,
        DANHMUC_TAPTHE,
        widths={"A": 5.6, "B": 18.9, "C": 44.3, "D": 22.1, "E": 25.6, "F": 24.4, "G": 21.3},
    ),
    "08_phanmem_tapthe_ten_don_vi.xlsx": lambda p: build_phanmem_danhsach(
        p,
        TAPTHE_ROWS,
        DANHMUC_TAPTHE,
        title="DANH SÁCH TẬP THỂ ĐỀ NGHỊ KHEN THƯỞNG",
        header=TAPTHE_HEADER,
        merge="A1:E1",
        widths={"A": 5.6, "B": 44.3, "C": 20, "D": 24, "E": 24},
    ),
    "09_phanmem_canhan_ngaysinh_gioitinh.xlsx": lambda p: build_phanmem_danhsach(
        p,
        CANHAN_ROWS,
        DANHMUC_CANHAN,
        title="DANH SÁCH ĐỐI TƯỢNG ĐỀ NGHỊ KHEN THƯỞNG",
        header=CANHAN_HEADER,
        merge="A1:K1",
        widths={
            "A": 4.4,
            "B": 38.3,
            "C": 11.7,
            "E": 15.4,
            "F": 22.0,
            "G": 25.7,
            "H": 26.7,
            "I": 21.9,
            "J": 24.7,
        },
    ),
    "10_qb_qd1632_2020_ttldxs_muc_dem.xlsx": build_qd1632,
    "11_hue_2025_bangkhen_ttg_giaoduc.ods": build_hue2025_ods,
    "12_cstd_toanquoc_dan_tu_word.xls": build_cstdtq_xls,
}


def _normalise_zip(path):
    """Make zip-based files byte-reproducible: fixed entry times and fixed
    document dates (openpyxl and odfpy stamp the time of saving)."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w") as z:
        for info, data in items:
            if info.filename in ("docProps/core.xml", "meta.xml"):
                text = data.decode("utf-8")
                text = re.sub(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*", r"\g<1>" + stamp, text)
                text = re.sub(
                    r"(<(?:meta:creation-date|dc:date)>)[^<]*", r"\g<1>" + stamp[:-1], text
                )
                data = text.encode("utf-8")
            new = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            new.compress_type = (
                zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            )
            new.external_attr = 0o644 << 16
            z.writestr(new, data)


def main():
    for name, builder in FILES.items():
        path = HERE / name
        builder(path)
        if path.suffix != ".xls":
            _normalise_zip(path)
        print("wrote", name)


if __name__ == "__main__":
    main()
