"""How dates are typed, in every language: day first, as Vietnamese offices write them.

Django's Vietnamese locale defines no input formats, so `%m/%d/%Y` applied and `05/12/2024`
was saved as 12 May; English reads month first too. Each language's module here sets only the
input formats: everything else (how dates are shown, separators, the first day of the week)
falls through to Django's own locale file.

The first entry is what a date input shows and what the admin's calendar writes. No two-digit
years: Python reads `05/12/68` as 2068.
"""

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 27/12/2024
    "%d-%m-%Y",  # 27-12-2024
    "%d.%m.%Y",  # 27.12.2024
    "%Y-%m-%d",  # 2024-12-27
]
DATETIME_INPUT_FORMATS = [
    f"{date} {time}" for date in DATE_INPUT_FORMATS for time in ("%H:%M:%S", "%H:%M:%S.%f", "%H:%M")
]
