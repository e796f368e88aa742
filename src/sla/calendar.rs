//! Section 3: working days follow the Chinese statutory calendar. The data is a
//! file per year in the holiday-cn layout. A year without a file never blocks
//! a fault: days in it count Monday–Friday and every result says so
//! ([`Reckoned::missing_year`]), so the deadline is shown as provisional.

use crate::msg::rules as msg;
use std::collections::BTreeMap;

use chrono::{
    Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Weekday,
};
use chrono_tz::Tz;
use serde::Deserialize;

use super::{SlaError, Ts};

/// The policy's time zone. Where its UTC offset is the same throughout
/// 2000–2100 (Asia/Shanghai has had no DST since 1991) conversions use that
/// fixed offset: chrono-tz's transition search was the engine's hottest spot.
#[derive(Debug, Clone, Copy)]
pub struct LocalZone {
    tz: Tz,
    fixed: Option<FixedOffset>,
}

impl LocalZone {
    pub fn new(tz: Tz) -> LocalZone {
        let offset_at = |y: i32, m: u32| {
            NaiveDate::from_ymd_opt(y, m, 1)
                .and_then(|d| d.and_hms_opt(12, 0, 0))
                .map(|t| tz.offset_from_utc_datetime(&t).fix())
        };
        let first = offset_at(2000, 1);
        let constant = (2000..=2100).all(|y| offset_at(y, 1) == first && offset_at(y, 7) == first);
        LocalZone {
            tz,
            fixed: if constant { first } else { None },
        }
    }

    pub fn tz(&self) -> Tz {
        self.tz
    }

    pub fn local_date(&self, t: Ts) -> NaiveDate {
        match self.fixed {
            Some(off) => t.with_timezone(&off).date_naive(),
            None => t.with_timezone(&self.tz).date_naive(),
        }
    }

    /// The instant of a local wall-clock time (the earlier one in a DST fold).
    pub fn from_local(&self, t: NaiveDateTime) -> Option<Ts> {
        match self.fixed {
            Some(off) => off.from_local_datetime(&t).earliest().map(|t| t.to_utc()),
            None => self
                .tz
                .from_local_datetime(&t)
                .earliest()
                .map(|t| t.to_utc()),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Calendar {
    name: String,
    /// Per year: bit `ordinal0` set = a working day. Precomputed from the
    /// weekday default and the file's exceptions, so a lookup is a bit test
    /// (the engine asks for many days per ticket).
    years: BTreeMap<i32, [u64; 6]>,
    /// Where each year came from (the embedded asset or a config-folder file).
    sources: BTreeMap<i32, String>,
}

#[derive(Deserialize)]
struct YearFile {
    year: i32,
    days: Vec<DayEntry>,
}

#[derive(Deserialize)]
struct DayEntry {
    date: String,
    #[serde(rename = "isOffDay")]
    is_off_day: bool,
}

/// A working-day instant and, when a calendar year was missing, the first
/// such year: section 3 makes that deadline *provisional* (computed on the
/// Monday–Friday pattern), never an error and never silent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reckoned<T> {
    pub value: T,
    pub missing_year: Option<i32>,
}

/// Why a working-day instant could not be computed at all (not a missing
/// year: that only makes it provisional). Only a pathological calendar file
/// or time zone gets here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CalendarGap {
    #[error("no working day within 400 days after {0}")]
    NoWorkingDay(NaiveDate),
    #[error("date out of range")]
    OutOfRange,
    #[error("the end of the working day on {0} does not exist in the policy's time zone")]
    NoSuchLocalTime(NaiveDate),
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

impl Calendar {
    pub fn new(name: &str) -> Calendar {
        Calendar {
            name: name.to_string(),
            ..Calendar::default()
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.keys().copied()
    }

    /// Where a loaded year came from.
    pub fn source(&self, year: i32) -> Option<&str> {
        self.sources.get(&year).map(String::as_str)
    }

    /// Adds (or replaces) one year from a holiday-cn JSON text. `file` names
    /// the source in errors and in `calendar status`. The file is checked
    /// whole (section 3: the data must be trustworthy, not typed in): every
    /// date parses and lies in the file's year, no date is listed twice, and
    /// make-up working days fall on a weekend.
    pub fn add_year_json(&mut self, file: &str, text: &str) -> Result<i32, SlaError> {
        let bad = |message: String| SlaError::BadRules {
            file: file.to_string(),
            message,
        };
        let parsed: YearFile = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
        let first = NaiveDate::from_ymd_opt(parsed.year, 1, 1)
            .filter(|_| (1949..=2200).contains(&parsed.year))
            .ok_or_else(|| bad(msg::year_out_of_range(parsed.year)))?;
        let mut bits = [0u64; 6];
        let set = |bits: &mut [u64; 6], date: NaiveDate, works: bool| {
            let i = date.ordinal0() as usize;
            if works {
                bits[i / 64] |= 1 << (i % 64);
            } else {
                bits[i / 64] &= !(1 << (i % 64));
            }
        };
        for day in first.iter_days().take_while(|d| d.year() == parsed.year) {
            set(&mut bits, day, !is_weekend(day));
        }
        let mut seen = std::collections::BTreeSet::new();
        for d in parsed.days {
            let date = NaiveDate::parse_from_str(&d.date, "%Y-%m-%d")
                .map_err(|e| bad(msg::bad_date(&d.date, &e)))?;
            if date.year() != parsed.year {
                return Err(bad(msg::date_not_in_year(&d.date, parsed.year)));
            }
            if !seen.insert(date) {
                return Err(bad(msg::date_twice(&date)));
            }
            if !d.is_off_day && !is_weekend(date) {
                return Err(bad(msg::makeup_not_weekend(&date)));
            }
            set(&mut bits, date, !d.is_off_day);
        }
        self.years.insert(parsed.year, bits);
        self.sources.insert(parsed.year, file.to_string());
        Ok(parsed.year)
    }

    /// Weekends are off, listed holidays are off, listed make-up days work.
    /// Strict: a year without a file is an error (for checks and tools; the
    /// engine uses the provisional walk below).
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, SlaError> {
        match self.works(date) {
            Some(w) => Ok(w),
            None => Err(SlaError::MissingCalendarYear {
                calendar: self.name.clone(),
                year: date.year(),
            }),
        }
    }

    fn works(&self, date: NaiveDate) -> Option<bool> {
        let year = self.years.get(&date.year())?;
        let i = date.ordinal0() as usize;
        Some(year[i / 64] & (1 << (i % 64)) != 0)
    }

    /// The last day of the run of loaded years that starts with `today`'s
    /// year; `None` when even that year is missing.
    pub fn coverage_end(&self, today: NaiveDate) -> Option<NaiveDate> {
        let mut year = today.year();
        if !self.years.contains_key(&year) {
            return None;
        }
        while self.years.contains_key(&(year + 1)) {
            year += 1;
        }
        NaiveDate::from_ymd_opt(year, 12, 31)
    }

    /// Section 3: the screens warn this many days before the calendar runs out.
    pub const WARN_DAYS: i64 = 45;

    /// The year to warn about on `today`: the first missing year, when the
    /// loaded years end within [`Calendar::WARN_DAYS`] (or already have).
    pub fn missing_soon(&self, today: NaiveDate) -> Option<i32> {
        match self.coverage_end(today) {
            None => Some(today.year()),
            Some(end) if (end - today).num_days() < Self::WARN_DAYS => Some(end.year() + 1),
            Some(_) => None,
        }
    }

    /// The `k`-th working day strictly after `date` (`k = 0`: `date` itself
    /// when it is a working day, else the next one). Days of a year without a
    /// file count Monday–Friday, and the result says which year was guessed.
    pub fn working_day_after(
        &self,
        date: NaiveDate,
        k: u32,
    ) -> Result<Reckoned<NaiveDate>, CalendarGap> {
        let mut missing_year = None;
        let mut works = |day: NaiveDate| match self.works(day) {
            Some(w) => w,
            None => {
                missing_year.get_or_insert(day.year());
                !is_weekend(day)
            }
        };
        let mut day = date;
        let mut found = 0;
        if k == 0 && works(day) {
            return Ok(Reckoned {
                value: day,
                missing_year,
            });
        }
        // A year has at most ~120 days off, so this ends well within a year.
        for _ in 0..400 {
            day = day.succ_opt().ok_or(CalendarGap::OutOfRange)?;
            if works(day) {
                found += 1;
                if found >= k.max(1) {
                    return Ok(Reckoned {
                        value: day,
                        missing_year,
                    });
                }
            }
        }
        Err(CalendarGap::NoWorkingDay(date))
    }

    /// Section 3: "Nth working day" = the end of the working day (e.g. 18:00) of
    /// the (N-1)-th working day strictly after the local calendar date of
    /// `start`. Reported Saturday, N = 2 → Monday 18:00.
    ///
    /// The contract's own examples ("Reported Monday 10:00 → 2nd working day
    /// = Tuesday 18:00, 3rd = Wednesday 18:00. Reported Saturday → 2nd
    /// working day = Monday 18:00"):
    ///
    /// ```
    /// let rules = faultline::config::Rules::builtin().unwrap();
    /// let (p, cal) = (&rules.policy, &rules.calendar);
    /// let at = |s: &str| -> faultline::sla::Ts { s.parse().unwrap() };
    /// let nth = |start: &str, n| cal.nth_working_day_end(at(start), n, p.working_day_end, &p.local).unwrap().value;
    /// // Monday 2026-11-23, 10:00
    /// assert_eq!(nth("2026-11-23T10:00:00+08:00", 2), at("2026-11-24T18:00:00+08:00"));
    /// assert_eq!(nth("2026-11-23T10:00:00+08:00", 3), at("2026-11-25T18:00:00+08:00"));
    /// // Saturday 2026-11-28
    /// assert_eq!(nth("2026-11-28T10:00:00+08:00", 2), at("2026-11-30T18:00:00+08:00"));
    /// ```
    pub fn nth_working_day_end(
        &self,
        start: Ts,
        n: u32,
        end: NaiveTime,
        tz: &LocalZone,
    ) -> Result<Reckoned<Ts>, CalendarGap> {
        self.working_days_end(start, n.saturating_sub(1), end, tz)
    }

    /// The end of the `k`-th working day strictly after the local date of `start`.
    pub fn working_days_end(
        &self,
        start: Ts,
        k: u32,
        end: NaiveTime,
        tz: &LocalZone,
    ) -> Result<Reckoned<Ts>, CalendarGap> {
        let day = self.working_day_after(tz.local_date(start), k)?;
        let at = tz
            .from_local(day.value.and_time(end))
            .ok_or(CalendarGap::NoSuchLocalTime(day.value))?;
        Ok(Reckoned {
            value: at,
            missing_year: day.missing_year,
        })
    }
}

/// The earliest instant a "k working days strictly after" deadline could
/// possibly be, whatever the calendar says (every day a working day). A
/// deadline earlier than this is provably earlier than the calendar's, even
/// when the calendar year is missing.
pub fn earliest_working_days_end(start: Ts, k: u32, end: NaiveTime, tz: &LocalZone) -> Option<Ts> {
    let day = tz
        .local_date(start)
        .checked_add_days(chrono::Days::new(u64::from(k)))?;
    tz.from_local(day.and_time(end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDateTime;

    fn cn() -> Calendar {
        let mut c = Calendar::new("cn");
        c.add_year_json(
            "2025.json",
            include_str!("../../assets/calendar/cn/2025.json"),
        )
        .unwrap();
        c.add_year_json(
            "2026.json",
            include_str!("../../assets/calendar/cn/2026.json"),
        )
        .unwrap();
        c
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn sh(s: &str) -> Ts {
        let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        chrono_tz::Asia::Shanghai
            .from_local_datetime(&naive)
            .unwrap()
            .to_utc()
    }

    fn end_of(s: &str, n: u32) -> String {
        let t = cn().nth_working_day_end(
            sh(s),
            n,
            NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
            &LocalZone::new(chrono_tz::Asia::Shanghai),
        );
        t.unwrap()
            .value
            .with_timezone(&chrono_tz::Asia::Shanghai)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    #[test]
    fn weekend_is_off_and_weekday_works() {
        assert!(!cn().is_working_day(d("2026-11-28")).unwrap());
        assert!(cn().is_working_day(d("2026-11-27")).unwrap());
    }

    #[test]
    fn make_up_saturday_2026_02_14_is_a_working_day() {
        assert!(cn().is_working_day(d("2026-02-14")).unwrap());
        assert!(cn().is_working_day(d("2026-02-28")).unwrap());
    }

    #[test]
    fn spring_festival_2026_weekdays_are_off() {
        for day in [
            "2026-02-16",
            "2026-02-17",
            "2026-02-18",
            "2026-02-19",
            "2026-02-20",
            "2026-02-23",
        ] {
            assert!(!cn().is_working_day(d(day)).unwrap(), "{day}");
        }
    }

    #[test]
    fn national_day_2026_and_its_make_up_days() {
        assert!(!cn().is_working_day(d("2026-10-01")).unwrap());
        assert!(!cn().is_working_day(d("2026-10-07")).unwrap());
        assert!(cn().is_working_day(d("2026-09-20")).unwrap());
        assert!(cn().is_working_day(d("2026-10-10")).unwrap());
    }

    #[test]
    fn monday_report_second_working_day_is_tuesday_evening() {
        assert_eq!(end_of("2026-11-23 10:00", 2), "2026-11-24 18:00");
        assert_eq!(end_of("2026-11-23 10:00", 3), "2026-11-25 18:00");
    }

    #[test]
    fn saturday_report_second_working_day_is_monday_evening() {
        assert_eq!(end_of("2026-11-28 10:00", 2), "2026-11-30 18:00");
    }

    #[test]
    fn friday_before_spring_festival_lands_after_the_break() {
        // Fri 13 Feb → Sat 14 Feb is a make-up working day.
        assert_eq!(end_of("2026-02-13 16:00", 2), "2026-02-14 18:00");
        // Sat 14 Feb → the break runs to Mon 23 Feb; Tue 24 Feb is next.
        assert_eq!(end_of("2026-02-14 16:00", 2), "2026-02-24 18:00");
        assert_eq!(end_of("2026-02-14 16:00", 3), "2026-02-25 18:00");
    }

    #[test]
    fn national_day_eve_lands_on_the_make_up_saturday() {
        // Wed 30 Sep → 1–7 Oct off, Thu 8 Oct works, Fri 9 Oct, Sat 10 Oct make-up.
        assert_eq!(end_of("2026-09-30 09:00", 2), "2026-10-08 18:00");
        assert_eq!(end_of("2026-09-30 09:00", 3), "2026-10-09 18:00");
    }

    #[test]
    fn year_end_2025_crosses_into_2026_holidays() {
        // Wed 31 Dec 2025 → 1–3 Jan 2026 off, Sun 4 Jan make-up day.
        assert_eq!(end_of("2025-12-31 11:00", 2), "2026-01-04 18:00");
        assert_eq!(end_of("2025-12-31 11:00", 3), "2026-01-05 18:00");
    }

    #[test]
    fn local_date_is_used_not_the_utc_date() {
        // Mon 30 Nov 07:00 in Shanghai is still Sunday 29 Nov in UTC. The local
        // date (Monday) decides, so the 2nd working day is Tuesday, not Monday.
        assert_eq!(end_of("2026-11-30 07:00", 2), "2026-12-01 18:00");
    }

    #[test]
    fn a_year_without_a_file_is_an_error() {
        let err = cn().is_working_day(d("2027-01-04")).unwrap_err();
        assert_eq!(
            err,
            SlaError::MissingCalendarYear {
                calendar: "cn".into(),
                year: 2027
            }
        );
        assert!(err.to_string().contains("2027"));
    }

    #[test]
    fn december_2026_zone_six_without_2027_is_provisional_on_weekdays() {
        // Thu 31 Dec 2026, 2nd working day: 2027 has no file, so Fri 1 Jan
        // counts as a working day (Monday–Friday) and the result says 2027.
        let t = cn()
            .nth_working_day_end(
                sh("2026-12-31 10:00"),
                2,
                NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
                &LocalZone::new(chrono_tz::Asia::Shanghai),
            )
            .unwrap();
        assert_eq!(t.missing_year, Some(2027));
        assert_eq!(t.value, sh("2027-01-01 18:00"));
    }

    #[test]
    fn a_walk_that_stays_inside_loaded_years_is_not_provisional() {
        let t = cn()
            .nth_working_day_end(
                sh("2026-12-30 10:00"),
                2,
                NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
                &LocalZone::new(chrono_tz::Asia::Shanghai),
            )
            .unwrap();
        assert_eq!(t.missing_year, None);
        assert_eq!(t.value, sh("2026-12-31 18:00"));
    }

    #[test]
    fn coverage_runs_to_the_end_of_the_last_contiguous_year() {
        assert_eq!(cn().coverage_end(d("2025-03-01")), Some(d("2026-12-31")));
        assert_eq!(cn().coverage_end(d("2027-01-02")), None);
    }

    #[test]
    fn a_make_up_day_on_a_weekday_is_refused_naming_the_date() {
        let err = Calendar::new("cn")
            .add_year_json(
                "2027.json",
                r#"{"year": 2027, "days": [{"date": "2027-01-05", "isOffDay": false}]}"#,
            )
            .unwrap_err();
        assert!(err.to_string().contains("2027-01-05"), "{err}");
    }

    #[test]
    fn a_date_listed_twice_is_refused() {
        let err = Calendar::new("cn")
            .add_year_json(
                "2027.json",
                r#"{"year": 2027, "days": [{"date": "2027-01-01", "isOffDay": true}, {"date": "2027-01-01", "isOffDay": true}]}"#,
            )
            .unwrap_err();
        assert!(err.to_string().contains("twice"), "{err}");
    }

    #[test]
    fn a_broken_calendar_file_names_the_file() {
        let err = Calendar::new("cn")
            .add_year_json(
                "2027.json",
                "{\"year\": 2027, \"days\": [{\"date\": \"2027-13-01\", \"isOffDay\": true}]}",
            )
            .unwrap_err();
        assert!(err.to_string().starts_with("2027.json:"), "{err}");
    }
}
