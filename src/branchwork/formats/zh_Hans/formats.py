# Chinese date formats on pages: one form, ISO dates as in the English pages and the tables
# (2026-10-20, 2026-10). Formal documents (minutes, reports, letters) write 2026年10月20日
# themselves (core.word). Input keeps Django's Chinese forms (2026-10-20, 2026/10/20, ...).
DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
MONTH_DAY_FORMAT = "m-d"
YEAR_MONTH_FORMAT = "Y-m"
FIRST_DAY_OF_WEEK = 1
