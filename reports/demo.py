"""The demo's emulation and commendation bodies of the province and their civil servants (forms
0604.N and 0605.N), loaded by `manage.py load_demo_bodies` after the awards' demo. Invented, as
the rest of the demo: the names, the dates and the people. The province's board of the
Department of Home Affairs became a division of it on 1 March 2025; four of its five officers
moved with it, one retired."""

from datetime import date

from django.db import transaction

from reports.models import EmulationBody, EmulationOfficer

BOARD = "Ban Thi đua - Khen thưởng, Sở Nội vụ tỉnh Quảng Ninh"
DIVISION = "Phòng Thi đua - Khen thưởng, Sở Nội vụ tỉnh Quảng Ninh"
LAST_DAY_OF_THE_BOARD = date(2025, 2, 28)
FIRST_DAY_OF_THE_DIVISION = date(2025, 3, 1)
BODIES = [
    (BOARD, EmulationBody.Kind.BOARD_OF_HOME_AFFAIRS, date(2008, 8, 1), LAST_DAY_OF_THE_BOARD),
    (DIVISION, EmulationBody.Kind.DIVISION_OF_HOME_AFFAIRS, FIRST_DAY_OF_THE_DIVISION, None),
]
Training = EmulationOfficer.Training
# Name, female, born, training, in the field since, moved to the division.
OFFICERS = [
    ("Vũ Thị Ngọc Anh", True, 1978, Training.POSTGRADUATE, date(2006, 3, 1), True),
    ("Đặng Quốc Bảo", False, 1985, Training.UNIVERSITY, date(2012, 9, 1), True),
    ("Hoàng Thị Mai", True, 1991, Training.UNIVERSITY, date(2016, 1, 4), True),
    ("Lục Văn Tâm", False, 1996, Training.COLLEGE, date(2021, 7, 1), True),
    ("Ninh Văn Phú", False, 1964, Training.UNIVERSITY, date(1998, 5, 1), False),
]


@transaction.atomic
def load_demo_bodies() -> int:
    """Load the bodies and their officers; return how many rows were created."""
    created = 0
    bodies = {}
    for name, kind, valid_from, valid_until in BODIES:
        bodies[name], new = EmulationBody.objects.update_or_create(
            name=name, defaults={"kind": kind, "valid_from": valid_from, "valid_until": valid_until}
        )
        created += new
    for name, is_female, born, training, since, moved in OFFICERS:
        periods = [(BOARD, since, LAST_DAY_OF_THE_BOARD)]
        if moved:
            periods.append((DIVISION, FIRST_DAY_OF_THE_DIVISION, None))
        for body, valid_from, valid_until in periods:
            _officer, new = EmulationOfficer.objects.update_or_create(
                body=bodies[body],
                full_name=name,
                defaults={
                    "is_female": is_female,
                    "birth_year": born,
                    "training": training,
                    "in_the_field_since": since,
                    "valid_from": max(valid_from, bodies[body].valid_from),
                    "valid_until": valid_until,
                },
            )
            created += new
    return created
