"""The catalogue of emulation titles and commendation forms, as the law provides them.

Sources: the Law on Emulation and Commendation No. 06/2022/QH15 (in force 1 January 2024) and
Decree No. 98/2023/NĐ-CP detailing it. Offices add their own forms in the admin; a change of law
is a new row or an edit there, never a code change.
"""

from django.db import migrations

from units.names import fold

LAW = "Luật Thi đua, khen thưởng số 06/2022/QH15"
LAW_AND_DECREE = f"{LAW}; Nghị định số 98/2023/NĐ-CP"

# slug, Vietnamese name, English name, kind, level, (collectives, individuals, households),
# usual issuing authority, criteria.
CATALOGUE = [
    (
        "huan-chuong-lao-dong-hang-nhat",
        "Huân chương Lao động hạng Nhất",
        "Labour Order, First Class",
        "order", "state", (True, True, False),
        "Chủ tịch nước",
        "Outstanding achievements over a long period; holds the Labour Order, Second Class.",
    ),
    (
        "huan-chuong-lao-dong-hang-nhi",
        "Huân chương Lao động hạng Nhì",
        "Labour Order, Second Class",
        "order", "state", (True, True, False),
        "Chủ tịch nước",
        "Outstanding achievements; holds the Labour Order, Third Class.",
    ),
    (
        "huan-chuong-lao-dong-hang-ba",
        "Huân chương Lao động hạng Ba",
        "Labour Order, Third Class",
        "order", "state", (True, True, False),
        "Chủ tịch nước",
        "Outstanding achievements; holds the Prime Minister's certificate of merit.",
    ),
    (
        "anh-hung-lao-dong",
        "Anh hùng Lao động",
        "Labour Hero",
        "honorary_title", "state", (True, True, False),
        "Chủ tịch nước",
        "Especially outstanding achievements in labour and creativity, an example for all.",
    ),
    (
        "giai-thuong-ho-chi-minh",
        "Giải thưởng Hồ Chí Minh",
        "Hồ Chí Minh Prize",
        "ho_chi_minh_prize", "state", (True, True, False),
        "Chủ tịch nước",
        "Works of science, technology, literature or art of especially great value.",
    ),
    (
        "giai-thuong-nha-nuoc",
        "Giải thưởng Nhà nước",
        "State Prize",
        "state_prize", "state", (True, True, False),
        "Chủ tịch nước",
        "Works of science, technology, literature or art of great value.",
    ),
    (
        "huy-chuong-huu-nghi",
        "Huy chương Hữu nghị",
        "Friendship Medal",
        "medal", "state", (False, True, False),
        "Chủ tịch nước",
        "Foreigners who contributed to building and defending Vietnam.",
    ),
    (
        "co-thi-dua-cua-chinh-phu",
        "Cờ thi đua của Chính phủ",
        "Government Emulation Flag",
        "emulation_flag", "state", (True, False, False),
        "Thủ tướng Chính phủ",
        "Chosen among the leading collectives of the clusters and blocs of ministries and "
        "provinces, with outstanding results that others follow.",
    ),
    (
        "chien-si-thi-dua-toan-quoc",
        "Chiến sĩ thi đua toàn quốc",
        "National Emulation Fighter",
        "emulation_fighter", "state", (False, True, False),
        "Thủ tướng Chính phủ",
        "Chosen among those who held the ministry- or provincial-level Emulation Fighter title "
        "twice in a row, with an initiative of national effect.",
    ),
    (
        "bang-khen-thu-tuong",
        "Bằng khen của Thủ tướng Chính phủ",
        "Prime Minister's Certificate of Merit",
        "certificate_of_merit", "state", (True, True, True),
        "Thủ tướng Chính phủ",
        "Already holds a provincial certificate of merit, then five or more years completing "
        "tasks well, with the Grassroots Emulation Fighter title three times in that period.",
    ),
    (
        "co-thi-dua-cua-tinh",
        "Cờ thi đua của Ủy ban nhân dân tỉnh",
        "Provincial Emulation Flag",
        "emulation_flag", "province", (True, False, False),
        "Chủ tịch Ủy ban nhân dân tỉnh",
        "The leading collective of an emulation cluster or bloc, voted by the cluster.",
    ),
    (
        "chien-si-thi-dua-cap-tinh",
        "Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh",
        "Provincial Emulation Fighter",
        "emulation_fighter", "province", (False, True, False),
        "Chủ tịch Ủy ban nhân dân tỉnh",
        "Chosen among those who held the Grassroots Emulation Fighter title three years in a "
        "row, with an initiative of provincial effect.",
    ),
    (
        "tap-the-lao-dong-xuat-sac",
        "Tập thể lao động xuất sắc",
        "Excellent Labour Collective",
        "other_title", "province", (True, False, False),
        "Chủ tịch Ủy ban nhân dân tỉnh",
        "All members complete their tasks; at least 70% hold the Advanced Worker title; at "
        "least one Grassroots Emulation Fighter; no one disciplined at “warning” or above.",
    ),
    (
        "xa-phuong-thi-tran-tieu-bieu",
        "Xã, phường, thị trấn tiêu biểu",
        "Model Commune",
        "other_title", "province", (True, False, False),
        "Chủ tịch Ủy ban nhân dân tỉnh",
        "Criteria set by the province.",
    ),
    (
        "bang-khen-chu-tich-tinh",
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "Provincial Chair's Certificate of Merit",
        "certificate_of_merit", "province", (True, True, True),
        "Chủ tịch Ủy ban nhân dân tỉnh",
        "Grassroots Emulation Fighter twice in a row, or two or more consecutive years of "
        "excellent results with two initiatives.",
    ),
    (
        "ky-niem-chuong-thi-dua-khen-thuong",
        "Kỷ niệm chương “Vì sự nghiệp Thi đua – Khen thưởng”",
        "Commemorative Medal “For Emulation and Commendation Work”",
        "commemorative_medal", "province", (False, True, False),
        "Bộ trưởng Bộ Nội vụ",
        "Long service or notable contribution to emulation and commendation work.",
    ),
    (
        "giay-khen-chu-tich-huyen",
        "Giấy khen của Chủ tịch Ủy ban nhân dân huyện",
        "District Chair's Certificate of Commendation",
        "certificate_of_commendation", "district", (True, True, True),
        "Chủ tịch Ủy ban nhân dân huyện",
        "Achievements in the district's movements. Districts were abolished on 1 July 2025.",
    ),
    (
        "chien-si-thi-dua-co-so",
        "Chiến sĩ thi đua cơ sở",
        "Grassroots Emulation Fighter",
        "emulation_fighter", "grassroots", (False, True, False),
        "Thủ trưởng cơ quan, đơn vị; Chủ tịch Ủy ban nhân dân cấp xã",
        "Holds the Advanced Worker title that year, and an excellent task result or a "
        "recognised initiative; some sectors cap it at 15% of the Advanced Workers.",
    ),
    (
        "tap-the-lao-dong-tien-tien",
        "Tập thể lao động tiên tiến",
        "Advanced Labour Collective",
        "other_title", "grassroots", (True, False, False),
        "Thủ trưởng cơ quan, đơn vị; Chủ tịch Ủy ban nhân dân cấp xã",
        "Over 50% of members hold the Advanced Worker title; no one disciplined at “warning” "
        "or above.",
    ),
    (
        "lao-dong-tien-tien",
        "Lao động tiên tiến",
        "Advanced Worker",
        "other_title", "grassroots", (False, True, False),
        "Thủ trưởng cơ quan, đơn vị",
        "Completes the assigned tasks well; caps exist in some sectors.",
    ),
    (
        "giay-khen-chu-tich-xa",
        "Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã",
        "Commune Chair's Certificate of Commendation",
        "certificate_of_commendation", "grassroots", (True, True, True),
        "Chủ tịch Ủy ban nhân dân cấp xã",
        "Achievements in the commune's movements.",
    ),
    (
        "thon-to-dan-pho-van-hoa",
        "Thôn, tổ dân phố văn hóa",
        "Cultural Village",
        "other_title", "grassroots", (True, False, False),
        "Chủ tịch Ủy ban nhân dân cấp xã",
        "Conferred yearly on villages and residential groups that meet the cultural criteria.",
    ),
    (
        "gia-dinh-van-hoa",
        "Gia đình văn hóa",
        "Cultural Family",
        "other_title", "grassroots", (False, False, True),
        "Chủ tịch Ủy ban nhân dân cấp xã",
        "Conferred yearly; the “exemplary” tier needs three consecutive years.",
    ),
]

# title, required title, times, consecutive, period in years (ending with the award's year).
RULES = [
    (
        "chien-si-thi-dua-toan-quoc", "chien-si-thi-dua-cap-tinh", 2, True, 2,
        "Provincial Emulation Fighter in 2 consecutive years",
    ),
    (
        "chien-si-thi-dua-cap-tinh", "chien-si-thi-dua-co-so", 3, True, 3,
        "Grassroots Emulation Fighter in 3 consecutive years",
    ),
    (
        "chien-si-thi-dua-co-so", "lao-dong-tien-tien", 1, False, 1,
        "Advanced Worker in the same year",
    ),
    (
        "bang-khen-thu-tuong", "bang-khen-chu-tich-tinh", 1, False, None,
        "A provincial chair's certificate of merit before",
    ),
    (
        "bang-khen-thu-tuong", "chien-si-thi-dua-co-so", 3, False, 5,
        "Grassroots Emulation Fighter 3 times in 5 years",
    ),
    (
        "bang-khen-chu-tich-tinh", "chien-si-thi-dua-co-so", 2, True, 2,
        "Grassroots Emulation Fighter in 2 consecutive years",
    ),
]


def fill_catalogue(apps, schema_editor):
    EmulationTitle = apps.get_model("awards", "EmulationTitle")
    EligibilityRule = apps.get_model("awards", "EligibilityRule")
    titles = {}
    for rank, entry in enumerate(CATALOGUE, start=1):
        slug, name, name_en, kind, level, (collectives, individuals, households), issuer, criteria = (
            entry
        )
        legal_basis = LAW_AND_DECREE if kind.startswith("certificate") else LAW
        titles[slug], _ = EmulationTitle.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_folded": fold(name),  # historical models do not run save()
                "name_en": name_en,
                "kind": kind,
                "level": level,
                "for_collectives": collectives,
                "for_individuals": individuals,
                "for_households": households,
                "issuing_authority": issuer,
                "rank": rank * 10,
                "legal_basis": legal_basis,
                "criteria": criteria,
            },
        )
    for title, required, times, consecutive, period, description in RULES:
        EligibilityRule.objects.get_or_create(
            title=titles[title],
            required_title=titles[required],
            defaults={
                "times": times,
                "consecutive": consecutive,
                "period_years": period,
                "description": description,
            },
        )


def empty_catalogue(apps, schema_editor):
    apps.get_model("awards", "EligibilityRule").objects.all().delete()
    apps.get_model("awards", "EmulationTitle").objects.filter(
        slug__in=[entry[0] for entry in CATALOGUE]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0002_trigram_index")]

    operations = [migrations.RunPython(fill_catalogue, empty_catalogue)]
