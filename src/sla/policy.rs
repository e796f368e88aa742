//! The rules as data: the standard policy (sections 1–4) and per-customer
//! contracts (section 5), parsed from the TOML files in `assets/`.

use chrono::{NaiveTime, TimeDelta};
use chrono_tz::Tz;
use serde::Deserialize;

use super::calendar::LocalZone;
use super::level::{Action, Level, Milestone};
use super::zone::Zone;
use super::SlaError;
use crate::msg::rules as msg;

pub use super::contract::{After, Condition, Contract, DeadlineTerm, TermStart, Trigger};

/// How the on-site arrival deadline of a zone is set (section 3).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ArrivalRule {
    Elapsed(TimeDelta),
    /// By the end of the Nth working day.
    WorkingDay(u32),
    /// Zone 9: the dispatcher records the agreed deadline.
    Negotiated,
}

/// Which rule set a deadline, so the board can say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleRef {
    /// The standard table; `zone` for on-site arrival.
    Standard { zone: Option<Zone> },
    /// The agreed deadline of a zone-9 ticket.
    Negotiated,
    /// A contract's deadline term, by index.
    Contract { term: u8 },
}

#[derive(Debug, Clone)]
pub struct LevelPolicy {
    pub level: Level,
    pub name_zh: String,
    pub name_en: String,
    /// Elapsed windows for every milestone but on-site arrival (zone table).
    pub windows: [Option<TimeDelta>; 6],
    pub onsite_arrival: bool,
    pub restoration_breach_actions: Vec<Action>,
}

#[derive(Debug, Clone)]
pub struct ZonePolicy {
    pub zone: Zone,
    pub max_km: Option<f64>,
    /// Per level 1–3; level 4 has no on-site milestone.
    pub arrival: Vec<ArrivalRule>,
}

#[derive(Debug, Clone)]
pub struct Policy {
    pub name: String,
    pub tz: Tz,
    /// `tz` with the fixed-offset fast path for working-day arithmetic.
    pub local: LocalZone,
    pub working_day_end: NaiveTime,
    pub calendar: String,
    pub levels: [LevelPolicy; 4],
    pub zones: Vec<ZonePolicy>,
    /// Section 6: the project manager's follow-up is due at the end of this
    /// working day after the restored date (2: restored Friday → Tuesday 18:00).
    pub followup_working_days: u32,
    /// How far ahead preventive plans create their jobs, in days.
    pub plan_horizon_days: u32,
    zone_limits: Vec<(u8, Option<f64>)>,
}

/// The longest window a rule file may give: a year. Anything longer is a
/// typo, and unbounded values would overflow instant arithmetic.
pub const MAX_WINDOW_SECONDS: i64 = 366 * 86_400;

/// Parses "30m", "1h", "2h30m", "48h"; at most [`MAX_WINDOW_SECONDS`].
pub fn parse_duration(s: &str) -> Option<TimeDelta> {
    let mut total = 0i64;
    let mut num = String::new();
    let mut any = false;
    for c in s.trim().chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let n: i64 = num.parse().ok()?;
        num.clear();
        let unit = match c {
            'd' => 86_400,
            'h' => 3_600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        total = total.checked_add(n.checked_mul(unit)?)?;
        any = true;
    }
    (any && num.is_empty() && total > 0 && total <= MAX_WINDOW_SECONDS)
        .then(|| TimeDelta::seconds(total))
}

/// "working day 3" (an arrival) or "working days 5" (a trigger): 1 to 60.
/// `Some(None)`: the text has the prefix but no valid count.
pub(super) fn working_days(s: &str, prefix: &str) -> Option<Option<u32>> {
    let n = s.trim().strip_prefix(prefix)?;
    Some(n.trim().parse().ok().filter(|n| (1..=60).contains(n)))
}

fn parse_arrival(s: &str) -> Option<ArrivalRule> {
    if s.trim() == "negotiated" {
        return Some(ArrivalRule::Negotiated);
    }
    match working_days(s, "working day ") {
        Some(n) => n.map(ArrivalRule::WorkingDay),
        None => parse_duration(s).map(ArrivalRule::Elapsed),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    name: String,
    time_zone: String,
    working_day_end: String,
    calendar: String,
    #[serde(default = "default_followup_days")]
    followup_working_days: u32,
    #[serde(default = "default_plan_horizon")]
    plan_horizon_days: u32,
    level: Vec<LevelFile>,
    zone: Vec<ZoneFile>,
}

fn default_followup_days() -> u32 {
    2
}

fn default_plan_horizon() -> u32 {
    14
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelFile {
    level: i64,
    name_zh: String,
    name_en: String,
    remote_response: Option<String>,
    expert_response: Option<String>,
    process_start: Option<String>,
    director_response: Option<String>,
    #[serde(default)]
    onsite_arrival: bool,
    restoration: Option<String>,
    #[serde(default)]
    restoration_breach_actions: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ZoneFile {
    zone: u8,
    max_km: Option<f64>,
    arrival: Vec<String>,
}

impl Policy {
    /// Parses and checks a policy file; `file` names it in errors.
    pub fn from_toml(file: &str, text: &str) -> Result<Policy, SlaError> {
        let bad = |message: String| SlaError::BadRules {
            file: file.to_string(),
            message,
        };
        let raw: PolicyFile = toml::from_str(text).map_err(|e| bad(e.message().to_string()))?;
        let tz: Tz = raw
            .time_zone
            .parse()
            .map_err(|_| bad(msg::unknown_time_zone(&raw.time_zone)))?;
        let working_day_end = NaiveTime::parse_from_str(&raw.working_day_end, "%H:%M")
            .map_err(|_| bad(msg::not_hh_mm("working_day_end", &raw.working_day_end)))?;
        if !(1..=20).contains(&raw.followup_working_days) {
            return Err(bad(msg::not_between(
                "followup_working_days",
                raw.followup_working_days,
                1,
                20,
            )));
        }
        if !(1..=366).contains(&raw.plan_horizon_days) {
            return Err(bad(msg::not_between(
                "plan_horizon_days",
                raw.plan_horizon_days,
                1,
                366,
            )));
        }
        let mut levels: Vec<Option<LevelPolicy>> = vec![None, None, None, None];
        for l in raw.level {
            let level = Level::new(l.level).map_err(|e| bad(e.to_string()))?;
            let dur = |name: &str, v: &Option<String>| -> Result<Option<TimeDelta>, SlaError> {
                v.as_deref()
                    .map(|s| {
                        parse_duration(s)
                            .ok_or_else(|| bad(msg::level_window_not_duration(&level, name, s)))
                    })
                    .transpose()
            };
            let windows = [
                dur("remote_response", &l.remote_response)?,
                dur("expert_response", &l.expert_response)?,
                dur("process_start", &l.process_start)?,
                dur("director_response", &l.director_response)?,
                None,
                dur("restoration", &l.restoration)?,
            ];
            let actions = l
                .restoration_breach_actions
                .iter()
                .map(|a| {
                    Action::from_name(a)
                        .ok_or_else(|| bad(crate::msg::cli::unknown_action(a, &Action::names())))
                })
                .collect::<Result<Vec<_>, _>>()?;
            levels[level.index()] = Some(LevelPolicy {
                level,
                name_zh: l.name_zh,
                name_en: l.name_en,
                windows,
                onsite_arrival: l.onsite_arrival,
                restoration_breach_actions: actions,
            });
        }
        let [Some(l1), Some(l2), Some(l3), Some(l4)] = <[Option<LevelPolicy>; 4]>::try_from(levels)
            .map_err(|_| bad(msg::every_level_needed()))?
        else {
            return Err(bad(msg::every_level_needed()));
        };
        let mut zones = Vec::new();
        let mut last_max = 0.0;
        for (i, z) in raw.zone.iter().enumerate() {
            let arrival = z
                .arrival
                .iter()
                .map(|s| parse_arrival(s).ok_or_else(|| bad(msg::zone_arrival_not_rule(z.zone, s))))
                .collect::<Result<Vec<_>, _>>()?;
            if arrival.len() != 3 {
                return Err(bad(msg::zone_arrival_count(z.zone)));
            }
            match z.max_km {
                Some(max) if max <= last_max => {
                    return Err(bad(msg::zone_bound_not_growing(z.zone)))
                }
                Some(max) => last_max = max,
                None if i + 1 != raw.zone.len() => {
                    return Err(bad(msg::zone_open_not_last(z.zone)))
                }
                None => {}
            }
            zones.push(ZonePolicy {
                zone: Zone(z.zone),
                max_km: z.max_km,
                arrival,
            });
        }
        if zones.last().is_none_or(|z| z.max_km.is_some()) {
            return Err(bad(msg::last_zone_bounded()));
        }
        let zone_limits = zones.iter().map(|z| (z.zone.0, z.max_km)).collect();
        Ok(Policy {
            name: raw.name,
            tz,
            local: LocalZone::new(tz),
            working_day_end,
            calendar: raw.calendar,
            levels: [l1, l2, l3, l4],
            zones,
            zone_limits,
            followup_working_days: raw.followup_working_days,
            plan_horizon_days: raw.plan_horizon_days,
        })
    }

    /// `2026-11-27 10:00` in the policy's time zone: how messages name a time.
    pub fn local_minute(&self, t: super::Ts) -> String {
        t.with_timezone(&self.tz)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    pub fn level(&self, level: Level) -> &LevelPolicy {
        &self.levels[level.index()]
    }

    pub fn zone_for(&self, km: f64) -> Option<Zone> {
        Zone::from_distance_km(km, &self.zone_limits)
    }

    pub fn zone(&self, zone: Zone) -> Option<&ZonePolicy> {
        self.zones.iter().find(|z| z.zone == zone)
    }

    /// The arrival rule for a level at a distance, `None` for levels without
    /// an on-site milestone.
    pub fn arrival_rule(&self, level: Level, zone: Zone) -> Option<ArrivalRule> {
        if !self.level(level).onsite_arrival {
            return None;
        }
        self.zone(zone)
            .and_then(|z| z.arrival.get(level.index()).copied())
    }

    /// Whether a level has a milestone at all (a "—" in section 2's table).
    pub fn has(&self, level: Level, m: Milestone, onsite: bool) -> bool {
        let lp = self.level(level);
        match m {
            Milestone::OnsiteArrival => onsite && lp.onsite_arrival,
            Milestone::Callback | Milestone::Followup => false,
            _ => lp.windows.get(m.index()).is_some_and(Option::is_some),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn standard() -> Policy {
        Policy::from_toml(
            "standard.toml",
            include_str!("../../assets/policy/standard.toml"),
        )
        .unwrap()
    }

    pub fn dc_storage() -> Contract {
        Contract::from_toml(
            "dc-storage-expansion.toml",
            include_str!("../../assets/contracts/dc-storage-expansion.toml"),
        )
        .unwrap()
    }

    #[test]
    fn durations_parse_in_minutes_and_hours() {
        assert_eq!(parse_duration("30m"), Some(TimeDelta::minutes(30)));
        assert_eq!(parse_duration("2h30m"), Some(TimeDelta::minutes(150)));
        assert_eq!(parse_duration("2"), None);
        assert_eq!(parse_duration("0h"), None);
        assert_eq!(parse_duration("h"), None);
    }

    #[test]
    fn zone_boundaries_belong_to_the_lower_zone() {
        let p = standard();
        let cases = [
            (0.0, 1),
            (40.0, 1),
            (40.1, 2),
            (80.0, 2),
            (80.1, 3),
            (160.0, 3),
            (160.1, 4),
            (240.0, 4),
            (240.1, 5),
            (320.0, 5),
            (320.1, 6),
            (480.0, 6),
            (480.1, 7),
            (750.0, 7),
            (750.1, 8),
            (1500.0, 8),
            (1500.1, 9),
            (4000.0, 9),
        ];
        for (km, zone) in cases {
            assert_eq!(p.zone_for(km), Some(Zone(zone)), "{km} km");
        }
        assert_eq!(p.zone_for(-1.0), None);
        assert_eq!(p.zone_for(f64::NAN), None);
    }

    #[test]
    fn every_cell_of_the_zone_table_matches_section_three() {
        use ArrivalRule::*;
        let h = |n| Elapsed(TimeDelta::hours(n));
        let expect = [
            [h(2), h(3), h(4)],
            [h(4), h(5), h(5)],
            [h(6), h(6), h(6)],
            [h(10), h(10), h(10)],
            [h(12), h(12), h(12)],
            [WorkingDay(2), WorkingDay(2), WorkingDay(2)],
            [WorkingDay(3), WorkingDay(3), WorkingDay(3)],
            [WorkingDay(3), WorkingDay(3), WorkingDay(3)],
            [Negotiated, Negotiated, Negotiated],
        ];
        let p = standard();
        for (zi, row) in expect.iter().enumerate() {
            for (li, rule) in row.iter().enumerate() {
                let level = Level::new(li as i64 + 1).unwrap();
                assert_eq!(
                    p.arrival_rule(level, Zone(zi as u8 + 1)),
                    Some(*rule),
                    "zone {} level {}",
                    zi + 1,
                    li + 1
                );
            }
            assert_eq!(
                p.arrival_rule(Level::new(4).unwrap(), Zone(zi as u8 + 1)),
                None
            );
        }
    }

    #[test]
    fn level_milestones_follow_section_two() {
        let p = standard();
        let names = |l: i64| -> Vec<&str> {
            Milestone::ALL
                .into_iter()
                .filter(|m| p.has(Level::new(l).unwrap(), *m, true))
                .map(Milestone::name)
                .collect()
        };
        assert_eq!(
            names(1),
            [
                "remote_response",
                "expert_response",
                "process_start",
                "onsite_arrival",
                "restoration"
            ]
        );
        assert_eq!(
            names(2),
            [
                "remote_response",
                "expert_response",
                "process_start",
                "onsite_arrival",
                "restoration"
            ]
        );
        assert_eq!(
            names(3),
            [
                "remote_response",
                "expert_response",
                "director_response",
                "onsite_arrival",
                "restoration"
            ]
        );
        assert_eq!(names(4), ["remote_response", "expert_response"]);
        assert_eq!(
            p.level(Level::new(4).unwrap()).windows[0],
            Some(TimeDelta::minutes(15))
        );
    }

    /// Each file in `tests/fixtures/broken/{policy,contract}` is a shipped
    /// rules file with one mistake, and its first line says what the error
    /// must mention: `# expect: …`. The error also names the file.
    #[test]
    fn every_broken_rules_fixture_is_refused_naming_its_file_and_its_mistake() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken");
        let mut seen = 0;
        for kind in ["policy", "contract"] {
            let mut files: Vec<_> = std::fs::read_dir(root.join(kind))
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            for path in files {
                let text = std::fs::read_to_string(&path).unwrap();
                let expect = text
                    .lines()
                    .next()
                    .and_then(|l| l.strip_prefix("# expect: "))
                    .unwrap_or_else(|| panic!("{}: no `# expect:` line", path.display()));
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                let err = match kind {
                    "policy" => Policy::from_toml(&name, &text).map(|_| ()),
                    _ => Contract::from_toml(&name, &text).map(|_| ()),
                }
                .expect_err(&name)
                .to_string();
                assert!(err.starts_with(&format!("{name}: ")), "{err}");
                assert!(err.contains(expect), "{name}: {err}");
                seen += 1;
            }
        }
        assert!(seen >= 10, "fixtures missing: {seen}");
    }

    #[test]
    fn the_contract_warranty_runs_three_years_from_acceptance() {
        assert_eq!(
            dc_storage().warranty_end(),
            chrono::NaiveDate::from_ymd_opt(2028, 6, 30)
        );
    }
}
