"""Dates and times as Vietnamese officials read and type them: dd/mm/yyyy and HH:MM.

Django's own `vi` locale has no input formats, so a date typed "11/12/2026" fell back
to the American month-first default and was read as 12 November. Every form (the
admin's and the portal's) reads and shows dates through these formats.
"""

DATE_FORMAT = "d/m/Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "d/m/Y H:i"
YEAR_MONTH_FORMAT = "m/Y"
MONTH_DAY_FORMAT = "d/m"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# The first of each list is the one a form field is shown in.
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 22/11/2022
    "%d/%m/%y",  # 22/11/22
    "%d-%m-%Y",  # 22-11-2022
    "%d.%m.%Y",  # 22.11.2022
    "%Y-%m-%d",  # 2022-11-22, unambiguous: what machines and HTML send
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 14:30
    "%H:%M:%S",  # 14:30:59
    "%Hh%M",  # 14h30
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %Hh%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
