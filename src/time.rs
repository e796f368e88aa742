//! TIME arguments: RFC 3339, or local wall-clock time in the policy's zone.

use crate::msg::input as msg;
use chrono::{DateTime, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use crate::error::BadInput;
use crate::sla::Ts;

/// `2026-11-27T10:00:00+08:00`, `2026-11-27 10:00`, `2026-11-27 10:00:05`
/// or `2026-11-27T10:00` (local).
pub fn parse(s: &str, tz: Tz) -> anyhow::Result<Ts> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.to_utc());
    }
    for fmt in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(s, fmt) {
            return tz
                .from_local_datetime(&naive)
                .earliest()
                .map(|t| t.to_utc())
                .ok_or_else(|| BadInput(msg::time_does_not_exist(s, &tz)).into());
        }
    }
    Err(BadInput(msg::not_a_time(s)).into())
}

/// The forms a person types for an event's time, for error messages and
/// the forms' hints.
/// What a person types at a desk, near `now`: everything [`parse`] takes,
/// and `13:50` (today), `昨天 13:50` / `yesterday 13:50`, `前天 13:50`,
/// `11-26 13:50` (this year), `-20m` / `-1h30m` (that long ago) and `+2h`
/// (that long from now: a negotiated deadline).
pub fn parse_near(s: &str, tz: Tz, now: Ts) -> anyhow::Result<Ts> {
    let s = s.trim();
    if let Ok(t) = parse(s, tz) {
        return Ok(t);
    }
    let bad = || -> anyhow::Error { BadInput(msg::not_a_near_time(s)).into() };
    if let Some((sign, rest)) = s
        .strip_prefix('-')
        .map(|r| (-1, r))
        .or_else(|| s.strip_prefix('+').map(|r| (1, r)))
    {
        let d = crate::sla::policy::parse_duration(rest).ok_or_else(bad)?;
        return Ok(now + d * sign);
    }
    let today = now.with_timezone(&tz).date_naive();
    let (day, clock) = match s.split_once(char::is_whitespace) {
        None => (today, s),
        Some((d, clock)) => {
            let back = match d.trim() {
                "今天" | "today" => Some(0),
                "昨天" | "yesterday" => Some(1),
                "前天" => Some(2),
                _ => None,
            };
            let day = match back {
                Some(n) => today - chrono::Days::new(n),
                None => {
                    use chrono::Datelike;
                    chrono::NaiveDate::parse_from_str(
                        &format!("{}-{}", today.year(), d.trim()),
                        "%Y-%m-%d",
                    )
                    .map_err(|_| bad())?
                }
            };
            (day, clock.trim())
        }
    };
    let time = chrono::NaiveTime::parse_from_str(clock, "%H:%M")
        .or_else(|_| chrono::NaiveTime::parse_from_str(clock, "%H:%M:%S"))
        .map_err(|_| bad())?;
    tz.from_local_datetime(&day.and_time(time))
        .earliest()
        .map(|t| t.to_utc())
        .ok_or_else(|| BadInput(msg::time_does_not_exist(s, &tz)).into())
}

/// `14:05` when `t` is on `now`'s local day, else `11-30 18:00`.
pub fn when(t: Ts, now: Ts, tz: Tz) -> String {
    let local = t.with_timezone(&tz);
    if local.date_naive() == now.with_timezone(&tz).date_naive() {
        local.format("%H:%M").to_string()
    } else {
        local.format("%m-%d %H:%M").to_string()
    }
}

pub fn rfc3339(t: Ts, tz: Tz) -> String {
    t.with_timezone(&tz)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_and_rfc3339_times_agree() {
        let tz = chrono_tz::Asia::Shanghai;
        assert_eq!(
            parse("2026-11-27 10:00", tz).unwrap(),
            parse("2026-11-27T10:00:00+08:00", tz).unwrap()
        );
        assert_eq!(
            rfc3339(parse("2026-11-27T02:00:00Z", tz).unwrap(), tz),
            "2026-11-27T10:00:00+08:00"
        );
    }

    #[test]
    fn a_desk_types_times_near_now() {
        let tz = chrono_tz::Asia::Shanghai;
        let now = parse("2026-11-27 14:05", tz).unwrap();
        let at = |s: &str| parse(s, tz).unwrap();
        assert_eq!(
            parse_near("13:50", tz, now).unwrap(),
            at("2026-11-27 13:50")
        );
        assert_eq!(
            parse_near("昨天 13:50", tz, now).unwrap(),
            at("2026-11-26 13:50")
        );
        assert_eq!(
            parse_near("yesterday 13:50", tz, now).unwrap(),
            at("2026-11-26 13:50")
        );
        assert_eq!(
            parse_near("前天 09:00", tz, now).unwrap(),
            at("2026-11-25 09:00")
        );
        assert_eq!(
            parse_near("11-20 08:15", tz, now).unwrap(),
            at("2026-11-20 08:15")
        );
        assert_eq!(parse_near("-20m", tz, now).unwrap(), at("2026-11-27 13:45"));
        assert_eq!(parse_near("+2h", tz, now).unwrap(), at("2026-11-27 16:05"));
        assert_eq!(
            parse_near("2026-11-27 10:00", tz, now).unwrap(),
            at("2026-11-27 10:00")
        );
        // The refusal lists the forms, in the language the desk speaks.
        crate::i18n::speak(crate::i18n::Lang::Zh);
        let e = parse_near("13.50", tz, now).unwrap_err().to_string();
        assert!(
            e.contains("不是以下格式之一") && e.contains("昨天 13:50"),
            "{e}"
        );
        crate::i18n::speak(crate::i18n::Lang::En);
        let e = parse_near("13.50", tz, now).unwrap_err().to_string();
        assert!(
            e.contains("is not one of") && e.contains("yesterday 13:50"),
            "{e}"
        );
        assert!(parse_near("25:00", tz, now).is_err());
        assert!(parse_near("-soon", tz, now).is_err());
    }

    #[test]
    fn a_time_on_another_day_carries_its_date() {
        let tz = chrono_tz::Asia::Shanghai;
        let now = parse("2026-11-27 14:05", tz).unwrap();
        assert_eq!(
            when(parse("2026-11-27 09:30", tz).unwrap(), now, tz),
            "09:30"
        );
        let yesterday = parse("2026-11-26 18:05", tz).unwrap();
        assert_eq!(when(yesterday, now, tz), "11-26 18:05");
    }

    #[test]
    fn malformed_times_are_bad_input() {
        let err = parse("27/11/2026", chrono_tz::Asia::Shanghai).unwrap_err();
        assert!(err.is::<BadInput>());
        assert!(parse("2026-02-30 10:00", chrono_tz::Asia::Shanghai).is_err());
    }
}
