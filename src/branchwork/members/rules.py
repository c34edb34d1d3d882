"""Official rules about party members, as data plus pure functions. No database access.

Sources (see shared/specs/party-rules.md):
- Ethnic groups: GB/T 3304-1991 《中国各民族名称的罗马字母拼写法和代码》 (56 groups, codes 01-56),
  with 97 "other" and 98 "naturalised foreign origin" as in the national information base.
- Resident ID numbers: GB 11643-1999 (§5): 17 digits + ISO 7064 MOD 11-2 check character;
  digits 7-14 the birth date; the 17th digit odd for men, even for women.
- Probation: exactly one year from the day the branch general meeting admits the member
  (党章 Art. 7; 细则 Art. 32); it may be extended once, by 6 to 12 months (细则 Art. 32).
- Party standing (党龄) counts from conversion to full membership (党章 Art. 7; §3.1).
- Statuses: 教育管理条例 Art. 24-25 and 党章 Art. 9 (§4.1).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric

from branchwork.core.dates import add_months
from branchwork.organizations.rules import Finding

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

# (code, Chinese name, English name) — GB/T 3304-1991 order.
ETHNIC_GROUPS: list[tuple[str, str, str]] = [
    ("01", "汉族", "Han"),
    ("02", "蒙古族", "Mongol"),
    ("03", "回族", "Hui"),
    ("04", "藏族", "Tibetan"),
    ("05", "维吾尔族", "Uyghur"),
    ("06", "苗族", "Miao"),
    ("07", "彝族", "Yi"),
    ("08", "壮族", "Zhuang"),
    ("09", "布依族", "Bouyei"),
    ("10", "朝鲜族", "Korean"),
    ("11", "满族", "Manchu"),
    ("12", "侗族", "Dong"),
    ("13", "瑶族", "Yao"),
    ("14", "白族", "Bai"),
    ("15", "土家族", "Tujia"),
    ("16", "哈尼族", "Hani"),
    ("17", "哈萨克族", "Kazakh"),
    ("18", "傣族", "Dai"),
    ("19", "黎族", "Li"),
    ("20", "傈僳族", "Lisu"),
    ("21", "佤族", "Va"),
    ("22", "畲族", "She"),
    ("23", "高山族", "Gaoshan"),
    ("24", "拉祜族", "Lahu"),
    ("25", "水族", "Sui"),
    ("26", "东乡族", "Dongxiang"),
    ("27", "纳西族", "Naxi"),
    ("28", "景颇族", "Jingpo"),
    ("29", "柯尔克孜族", "Kyrgyz"),
    ("30", "土族", "Tu"),
    ("31", "达斡尔族", "Daur"),
    ("32", "仫佬族", "Mulao"),
    ("33", "羌族", "Qiang"),
    ("34", "布朗族", "Blang"),
    ("35", "撒拉族", "Salar"),
    ("36", "毛南族", "Maonan"),
    ("37", "仡佬族", "Gelao"),
    ("38", "锡伯族", "Xibe"),
    ("39", "阿昌族", "Achang"),
    ("40", "普米族", "Pumi"),
    ("41", "塔吉克族", "Tajik"),
    ("42", "怒族", "Nu"),
    ("43", "乌孜别克族", "Uzbek"),
    ("44", "俄罗斯族", "Russian"),
    ("45", "鄂温克族", "Evenki"),
    ("46", "德昂族", "De'ang"),
    ("47", "保安族", "Bonan"),
    ("48", "裕固族", "Yugur"),
    ("49", "京族", "Gin"),
    ("50", "塔塔尔族", "Tatar"),
    ("51", "独龙族", "Derung"),
    ("52", "鄂伦春族", "Oroqen"),
    ("53", "赫哲族", "Hezhen"),
    ("54", "门巴族", "Monba"),
    ("55", "珞巴族", "Lhoba"),
    ("56", "基诺族", "Jino"),
    ("97", "其他", "Other"),
    ("98", "外国血统中国籍人士", "Naturalised, of foreign origin"),
]


def _bilingual(zh: str, en: str) -> str:
    return zh if (get_language() or "").startswith("zh") else en


_bilingual_lazy = lazy(_bilingual, str)
# Labels follow the page language without 58 catalog entries: the table holds both names.
ETHNICITY_CHOICES = [(code, _bilingual_lazy(zh, en)) for code, zh, en in ETHNIC_GROUPS]
ETHNICITY_BY_NAME: dict[str, str] = {}
for _code, _zh, _en in ETHNIC_GROUPS:
    ETHNICITY_BY_NAME[_zh] = _code
    ETHNICITY_BY_NAME[_zh.removesuffix("族")] = _code
    ETHNICITY_BY_NAME[_en.lower()] = _code
    ETHNICITY_BY_NAME[_code] = _code
HAN = "01"


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Category(models.TextChoices):
    FULL = "full", _("Full member")
    PROBATIONARY = "probationary", _("Probationary member")


class Education(models.TextChoices):
    # Highest education (最高学历), in the order used by party statistics.
    DOCTORATE = "doctorate", _("Doctorate")
    MASTER = "master", _("Master's degree")
    BACHELOR = "bachelor", _("Bachelor's degree")
    COLLEGE = "college", _("College (junior college)")
    SECONDARY_VOCATIONAL = "secondary_vocational", _("Secondary vocational school")
    HIGH_SCHOOL = "high_school", _("Senior high school")
    JUNIOR_HIGH_OR_BELOW = "junior_high_or_below", _("Junior high school or below")


class Status(models.TextChoices):
    NORMAL = "normal", _("Normal")
    MOBILE = "mobile", _("Mobile (away from the branch)")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    STOPPED = "stopped", _("Membership suspended")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    DECEASED = "deceased", _("Deceased")
    REMOVED = "removed", _("Removed from the party")


# Words accepted for choices in imports and correction requests (Chinese and English).
GENDER_WORDS = {
    "男": "male",
    "女": "female",
    "male": "male",
    "female": "female",
    "m": "male",
    "f": "female",
}
CATEGORY_WORDS = {
    "正式党员": "full",
    "正式": "full",
    "预备党员": "probationary",
    "预备": "probationary",
    "full": "full",
    "probationary": "probationary",
    # The English labels, as an English export writes them.
    "full member": "full",
    "probationary member": "probationary",
}
EDUCATION_WORDS = {
    "博士研究生": "doctorate",
    "博士": "doctorate",
    "硕士研究生": "master",
    "硕士": "master",
    "研究生": "master",
    "大学本科": "bachelor",
    "本科": "bachelor",
    "大学专科": "college",
    "大专": "college",
    "专科": "college",
    "中等专科": "secondary_vocational",
    "中专": "secondary_vocational",
    "高中": "high_school",
    "初中及以下": "junior_high_or_below",
    "初中": "junior_high_or_below",
    "小学": "junior_high_or_below",
}
EDUCATION_WORDS.update({value: value for value, _label in Education.choices})
# The English labels, as an English export writes them (Education's labels in English).
EDUCATION_WORDS.update(
    {
        "doctorate": "doctorate",
        "master's degree": "master",
        "bachelor's degree": "bachelor",
        "college (junior college)": "college",
        "secondary vocational school": "secondary_vocational",
        "senior high school": "high_school",
        "junior high school or below": "junior_high_or_below",
    }
)

# Members counted on the branch roll (在册党员). Transferred out, deceased and removed are not.
ON_ROLL_STATUSES = frozenset({Status.NORMAL, Status.MOBILE, Status.LOST_CONTACT, Status.STOPPED})
# Statuses that need a "where" or "why" detail.
STATUS_NEEDS_DETAIL = {
    Status.MOBILE: _("Where the member is (outflow destination)"),
    Status.LOST_CONTACT: _("Why contact was lost"),
    Status.STOPPED: _("Reason for suspension"),
    Status.REMOVED: _("Manner of removal"),
}
# Statuses that end a membership on this roll: no way back inside the system (a removed
# person re-applies; a transferred member is received by the other organization).
FINAL_STATUSES = frozenset({Status.DECEASED, Status.REMOVED, Status.TRANSFERRED_OUT})

# Lost-contact reason codes (Sichuan form instructions, §4.1).
LOST_CONTACT_REASONS = [
    ("1", "外出务工经商"),
    ("2", "单位改制或破产"),
    ("3", "毕业后去向不明"),
    ("4", "工作单位改变"),
    ("5", "出国(境)"),
    ("6", "居住地改变"),
    ("7", "其他"),
]

PROBATION_YEARS = 1
EXTENSION_MIN_MONTHS = 6
EXTENSION_MAX_MONTHS = 12


def probation_end(admitted_on: dt.date, extension_months: int = 0) -> dt.date:
    """The day the probation year (plus any extension) is complete and conversion is due.

    党章 Art. 7: probation is one year from the day the branch general meeting admits the
    member; 细则 Art. 32: it may be extended once, by 6 to 12 months.
    """
    if extension_months and not (EXTENSION_MIN_MONTHS <= extension_months <= EXTENSION_MAX_MONTHS):
        raise ValueError("an extension is 6 to 12 months")
    return add_months(admitted_on, 12 * PROBATION_YEARS + extension_months)


def whole_years(since: dt.date, today: dt.date) -> int:
    """Whole years from ``since`` to ``today`` (an age, a standing); 0 when ``since`` is later."""
    years = today.year - since.year - ((today.month, today.day) < (since.month, since.day))
    return max(years, 0)


def party_standing_years(converted_on: dt.date | None, today: dt.date) -> int | None:
    """党龄: whole years since conversion to full membership; None for a probationary member."""
    return None if converted_on is None else whole_years(converted_on, today)


# Age bands in the usual party-statistics layout (党内统计年报): upper bound inclusive.
AGE_BANDS: list[tuple[str, int | None]] = [
    ("≤30", 30),
    ("31–35", 35),
    ("36–40", 40),
    ("41–45", 45),
    ("46–50", 50),
    ("51–55", 55),
    ("56–60", 60),
    ("61–70", 70),
    ("71–80", 80),
    ("≥81", None),
]
# Party standing bands (years since conversion). UNVERIFIED as the official layout: the annual
# statistics tables vary by year; adjust here if the higher committee's form differs.
STANDING_BANDS: list[tuple[str, int | None]] = [
    ("<5", 4),
    ("5–10", 10),
    ("11–20", 20),
    ("21–30", 30),
    ("31–40", 40),
    ("41–50", 50),
    (">50", None),
]


def band_of(value: int, bands: list[tuple[str, int | None]]) -> str:
    """The label of the first band whose inclusive upper bound holds ``value`` (years);
    ``bands`` is a table such as ``AGE_BANDS`` ending with an open band (upper None)."""
    for label, upper in bands:
        if upper is None or value <= upper:
            return label
    raise AssertionError("the last band is open")


def birth_range_for_age_band(label: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """Birth dates (inclusive) of people whose age today falls in the band ``label``."""
    index = [b[0] for b in AGE_BANDS].index(label)
    upper = AGE_BANDS[index][1]
    lower = 0 if index == 0 else (AGE_BANDS[index - 1][1] or 0) + 1
    # Age >= lower  <=> born on or before today - lower years.
    born_before = _years_before(today, lower)
    born_after = None if upper is None else _years_before(today, upper + 1) + dt.timedelta(days=1)
    return born_after, born_before


def _years_before(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


# --- Resident ID numbers (GB 11643-1999) ------------------------------------------------------

ID_PATTERN = re.compile(r"^\d{17}[\dX]$")


@dataclass(frozen=True)
class IdInfo:
    number: str  # normalised: upper-case X
    birth_date: dt.date
    gender: str


class IdNumberError(ValueError):
    pass


def parse_id_number(raw: str, today: dt.date | None = None) -> IdInfo:
    """Validate an 18-character resident ID number and read birth date and gender from it.

    Raises IdNumberError with a sentence saying what is wrong.
    """
    number = (raw or "").strip().replace(" ", "").upper()
    if not ID_PATTERN.match(number):
        raise IdNumberError(
            str(_("An ID number is 17 digits followed by a digit or X (18 characters)."))
        )
    # Not ric.validate(): it also requires the address code to be in python-stdnum's own
    # table, which lacks codes created after it was compiled (520602 Bijiang District, 2011),
    # and GB 11643 address codes change over time (party-rules.md §5: a soft check at most).
    if number[-1] != ric.calc_check_digit(number):
        raise IdNumberError(str(_("The check character does not match; the number is mistyped.")))
    try:
        birth = ric.get_birth_date(number)
    except stdnum_errors.ValidationError:
        raise IdNumberError(
            str(_("The birth date inside the number is not a real date."))
        ) from None
    today = today or dt.date.today()
    if birth > today or birth.year < 1900:
        raise IdNumberError(
            str(_("The birth date inside the number (%(date)s) is not possible."))
            % {"date": birth.isoformat()}
        )
    gender = Gender.MALE if int(number[16]) % 2 == 1 else Gender.FEMALE
    return IdInfo(number=number, birth_date=birth, gender=gender)


def id_check_character(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for 17 digits (used to build demo numbers)."""
    return ric.calc_check_digit(first17 + "0")


def mask_id_number(number: str) -> str:
    """520201199001011234 -> 520201********1234."""
    if not number:
        return ""
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(phone: str) -> str:
    """13812345678 -> 138****5678; other lengths keep the first 3 and last 4 characters."""
    if not phone:
        return ""
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


# --- Admission, conversion and probation checks (used by MemberForm) -------------------------

# 党章 Art. 1: "年满十八岁的中国工人、农民、军人、知识分子和其他社会阶层的先进分子" may apply;
# 细则 Art. 5 counts the age on the day the branch general meeting admits the member.
MIN_ADMISSION_AGE = 18
SRC_ADMISSION_AGE = _("党章 Art. 1; 细则 Art. 5")
SRC_PROBATION = _("党章 Art. 7; 细则 Art. 32")
# Branchwork's early warning, not a regulation: probationary members whose year ends within
# this many days are listed on the home page, so the branch can prepare the conversion vote
# before the 党章 Art. 7 deadline.
PROBATION_WARNING_DAYS = 30


def years_after(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later; 29 February becomes 1 March in a common year
    (the day a person born on 29 February comes of age)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, month=3, day=1)


def _error(field: str, message: StrOrPromise, source: StrOrPromise = "") -> Finding:
    return Finding("error", str(message), source, field)


def check_admission(
    *, birth_date: dt.date | None, admitted_on: dt.date | None, today: dt.date
) -> list[Finding]:
    """Whether an admission date is possible: not in the future, and on or after the day the
    person turned ``MIN_ADMISSION_AGE`` (党章 Art. 1; 细则 Art. 5).

    Args are calendar dates (None when not given: no verdict on what is missing).
    Returns error findings on the ``admitted_on`` field.
    """
    findings = []
    if admitted_on and admitted_on > today:
        findings.append(_error("admitted_on", _("The admission date cannot be in the future.")))
    if admitted_on and birth_date and admitted_on < years_after(birth_date, MIN_ADMISSION_AGE):
        findings.append(
            _error(
                "admitted_on",
                _("A member is admitted at %(age)d or older; on %(date)s this person was younger.")
                % {"age": MIN_ADMISSION_AGE, "date": admitted_on.isoformat()},
                SRC_ADMISSION_AGE,
            )
        )
    return findings


def extension_ok(extension_months: int) -> bool:
    """No extension (0), or one of 6 to 12 months (细则 Art. 32)."""
    return extension_months == 0 or EXTENSION_MIN_MONTHS <= extension_months <= EXTENSION_MAX_MONTHS


def check_probation_extension(extension_months: int) -> list[Finding]:
    """Probation is extended once, by 6 to 12 months (细则 Art. 32); 0 means no extension.

    Returns an error finding on ``probation_extension_months`` for any other number.
    """
    if extension_ok(extension_months):
        return []
    return [
        _error(
            "probation_extension_months",
            _("Probation is extended once, by 6 to 12 months (细则 Art. 32)."),
            SRC_PROBATION,
        )
    ]


def check_conversion(
    *,
    category: str | None,
    admitted_on: dt.date | None,
    converted_on: dt.date | None,
    extension_months: int,
    today: dt.date,
) -> list[Finding]:
    """Whether the conversion date fits the category and the probation (党章 Art. 7: a
    probationary member is converted when the probation year, plus any extension under
    细则 Art. 32, is over).

    Args: ``category`` a ``Category`` value; dates are calendar dates or None;
    ``extension_months`` 0 or 6-12 (an invalid extension is reported by
    ``check_probation_extension``, and the earliest day is then not judged).
    Returns error findings on the ``converted_on`` field.
    """
    findings = []
    if category == Category.FULL and not converted_on:
        findings.append(_error("converted_on", _("A full member needs the date of conversion.")))
    if category == Category.PROBATIONARY and converted_on:
        findings.append(
            _error("converted_on", _("A probationary member has no conversion date yet."))
        )
    if admitted_on and converted_on and converted_on < admitted_on:
        findings.append(_error("converted_on", _("Conversion cannot come before admission.")))
    elif admitted_on and converted_on and extension_ok(extension_months):
        earliest = probation_end(admitted_on, extension_months)
        if converted_on < earliest:
            findings.append(
                _error(
                    "converted_on",
                    _(
                        "Conversion comes when the probation year is over: %(date)s at the "
                        "earliest (党章 Art. 7)."
                    )
                    % {"date": earliest.isoformat()},
                    SRC_PROBATION,
                )
            )
    if converted_on and converted_on > today:
        findings.append(_error("converted_on", _("The conversion date cannot be in the future.")))
    return findings


def probation_due(ends_on: dt.date, today: dt.date) -> bool:
    """Whether a probation ending on ``ends_on`` is due for the conversion decision: it ends
    within ``PROBATION_WARNING_DAYS`` days, or has ended (党章 Art. 7)."""
    return (ends_on - today).days <= PROBATION_WARNING_DAYS
