//! TIME arguments: RFC 3339, or local wall-clock time in the policy's zone.

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
                .ok_or_else(|| BadInput(format!("time {s:?} does not exist in {tz}")).into());
        }
    }
    Err(BadInput(format!(
        "time {s:?} is not RFC 3339 (2026-11-27T10:00:00+08:00) or local \"2026-11-27 10:00\""
    ))
    .into())
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
