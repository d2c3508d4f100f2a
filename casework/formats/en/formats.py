"""English: the day before the month's short name and a 24-hour clock, which no reader can
take for another date ("7 Dec 2026, 15:30"; never "12/07/2026" or "3:30 p.m.")."""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
# Within the current year: lists, badges and the week.
SHORT_DATE_FORMAT = "j M"
SHORT_DATETIME_FORMAT = "j M, H:i"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "M Y"
