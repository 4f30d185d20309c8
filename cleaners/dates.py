"""Publication dates in the forms Chinese pages and URLs show them, validated, as ISO 8601.

`2022年2月18日`, `2022-02-18 10:30`, `2022/7/22 7:10:17`, `2022.02.18`, and URL
paths such as `/t20220218_123.html`, `/art/2022/2/18/art_1_2.html`,
`/2022-02/18/content_1.htm`, `/202202/t...`. A date is kept only if it is a real
calendar date, not before `min_year` and not in the future; times are China
Standard Time (+08:00), the zone every page in scope publishes in.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

CST = timezone(timedelta(hours=8))

_Y = r"(?P<y>(?:19|20)\d{2})"
_TIME = r"(?P<H>[012]?\d)\s*[:：时]\s*(?P<M>[0-5]\d)(?:\s*[:：分]\s*(?P<S>[0-5]\d))?"
DATE_PATTERN = (
    rf"{_Y}\s*(?:年\s*(?P<m1>[01]?\d)\s*月\s*(?P<d1>[0-3]?\d)\s*日"
    rf"|[-/.](?P<m2>[01]?\d)[-/.](?P<d2>[0-3]?\d)(?!\d))"
)
# M/D/YYYY h:mm:ss AM: the US form old IIS/ASP sites print; only with AM/PM, where it is unambiguous
_US_DATETIME = (
    r"(?P<m3>[01]?\d)/(?P<d3>[0-3]?\d)/(?P<y3>(?:19|20)\d{2})\s+"
    r"(?P<H3>[01]?\d):(?P<M3>[0-5]\d)(?::(?P<S3>[0-5]\d))?\s*(?P<ampm>[AaPp][Mm])"
)
DATETIME_PATTERN = rf"(?:{DATE_PATTERN}(?:\s*(?:T|\s)?\s*{_TIME})?|{_US_DATETIME})"
DATETIME_RE = re.compile(DATETIME_PATTERN)

_URL_PATTERNS = [
    re.compile(r"/t(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})_"),  # TRS: /t20220218_123.shtml
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})/"),  # Hanweb /art/2016/11/22/, blogs
    re.compile(r"/(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})/(?P<d>\d{2})/"),  # www.gov.cn
    re.compile(r"/(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})/"),
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{2})(?P<d>\d{2})/"),
    re.compile(r"/(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})/"),
]


def _valid(y: int, m: int, d: int, min_year: int, today: date | None) -> date | None:
    try:
        value = date(y, m, d)
    except ValueError:
        return None
    today = today or datetime.now(CST).date()
    if value.year < min_year or value > today + timedelta(days=1):
        return None
    return value


def _iso(day: date, hour: int | None, minute: int, second: int) -> str:
    if hour is None or hour > 23:
        return day.isoformat()
    return datetime.combine(day, time(hour, minute, second), CST).isoformat()


def parse_date(text: str, min_year: int = 1990, today: date | None = None) -> str | None:
    """The first valid date (with its time, if shown) in `text`, as ISO 8601, or None."""
    for match in DATETIME_RE.finditer(text):
        g = match.groupdict()
        if g["y3"]:
            year, month, day_, hour = g["y3"], g["m3"], g["d3"], g["H3"]
            minute, second = g["M3"], g["S3"]
            hour = int(hour) % 12 + (12 if g["ampm"].lower() == "pm" else 0)
        else:
            year, month, day_ = g["y"], g["m1"] or g["m2"], g["d1"] or g["d2"]
            hour, minute, second = g["H"], g["M"], g["S"]
            hour = int(hour) if hour is not None else None
        day = _valid(int(year), int(month), int(day_), min_year, today)
        if day:
            return _iso(day, hour, int(minute or 0), int(second or 0))
    return None


def date_from_url(url: str | None, min_year: int = 1990, today: date | None = None) -> str | None:
    if not url:
        return None
    for pattern in _URL_PATTERNS:
        match = pattern.search(url)
        if match:
            day = _valid(int(match["y"]), int(match["m"]), int(match["d"]), min_year, today)
            if day:
                return day.isoformat()
    return None
