#!/usr/bin/env python3
"""Write or cross-check assets/calendar/cn/<year>.json from the `chinese-calendar`
package (PyPI), which packages the State Council General Office's yearly notices
on public-holiday arrangements. Dates are never typed by hand.

    pip install chinese-calendar==1.11.0
    python3 scripts/gen-calendar.py 2025 2026          # (re)write the files
    python3 scripts/gen-calendar.py --check 2025 2026  # exit 1 on any difference

Output follows the holiday-cn project's yearly JSON layout so a file from there can
be dropped in as-is: {"year", "papers", "days": [{"name", "date", "isOffDay"}]}.
"""
import json
import pathlib
import sys

import chinese_calendar
from chinese_calendar.constants import holidays, workdays

ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
}

ROOT = pathlib.Path(__file__).resolve().parent.parent / "assets" / "calendar" / "cn"


def name_of(holiday) -> str:
    text = holiday if isinstance(holiday, str) else getattr(holiday, "value", str(holiday))
    if isinstance(text, tuple):
        text = text[0]
    return ZH.get(text, text)


def build(year: int) -> dict:
    days = [
        {"name": name_of(v), "date": k.isoformat(), "isOffDay": True}
        for k, v in holidays.items() if k.year == year
    ] + [
        {"name": name_of(v), "date": k.isoformat(), "isOffDay": False}
        for k, v in workdays.items() if k.year == year
    ]
    if not days:
        sys.exit(f"chinese-calendar {chinese_calendar.__version__} has no data for {year}")
    days.sort(key=lambda d: d["date"])
    return {
        "year": year,
        "papers": [f"国务院办公厅关于{year}年部分节假日安排的通知"],
        "source": f"chinese-calendar {chinese_calendar.__version__} (PyPI)",
        "days": days,
    }


def main(argv):
    check = "--check" in argv
    years = [int(a) for a in argv if a != "--check"]
    bad = 0
    for year in years:
        want = build(year)
        path = ROOT / f"{year}.json"
        text = json.dumps(want, ensure_ascii=False, indent=2) + "\n"
        if check:
            have = json.loads(path.read_text(encoding="utf-8"))
            a = {(d["date"], d["isOffDay"]) for d in have["days"]}
            b = {(d["date"], d["isOffDay"]) for d in want["days"]}
            if a != b:
                bad += 1
                print(f"{path}: differs from chinese-calendar: "
                      f"extra {sorted(a - b)} missing {sorted(b - a)}")
            else:
                print(f"{path}: {len(a)} days match chinese-calendar {chinese_calendar.__version__}")
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path} ({len(want['days'])} days)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
