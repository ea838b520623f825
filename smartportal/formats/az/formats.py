# Azerbaijani documents write dates as 30.09.2026; Django's default spells the month with a
# capital letter ("30 Sentyabr 2026"), which Azerbaijani does not.
DATE_FORMAT = "d.m.Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
MONTH_DAY_FORMAT = "j F"
