//! Rules and settings: the assets embedded in the binary, overridden file by
//! file from the config folder, so a new customer contract or next year's
//! holiday calendar is a dropped-in file, not a release.
//!
//! Config folder layout (default: the platform config dir, e.g.
//! `~/.config/faultline`; `--config` or `FAULTLINE_CONFIG` to change):
//!
//! ```text
//! config.toml                  user, lang, road_speed_kmh, bell, [[hook]]
//! policy/standard.toml         replaces the built-in standard policy
//! contracts/<name>.toml        adds or replaces a customer contract
//! calendar/<cal>/<year>.json   adds or replaces a year (holiday-cn layout)
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::sla::{Calendar, Contract, Policy, SlaError};

const STANDARD_POLICY: &str = include_str!("../assets/policy/standard.toml");
const CONTRACTS: &[(&str, &str)] = &[(
    "dc-storage-expansion.toml",
    include_str!("../assets/contracts/dc-storage-expansion.toml"),
)];
// Every file under assets/calendar/, found by build.rs.
include!(concat!(env!("OUT_DIR"), "/calendars.rs"));

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(transparent)]
    Rules(#[from] SlaError),
    #[error("{path}: {detail}")]
    Read { path: String, detail: String },
}

/// Everything the engine needs besides a ticket.
#[derive(Debug, Clone)]
pub struct Rules {
    pub policy: Policy,
    pub contracts: BTreeMap<String, Contract>,
    pub calendar: Calendar,
}

impl Rules {
    /// Only the embedded assets (tests, benches, and a missing config folder).
    pub fn builtin() -> Result<Rules, ConfigError> {
        load_rules(None)
    }

    pub fn contract(&self, name: Option<&str>) -> Option<&Contract> {
        name.and_then(|n| self.contracts.get(n))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// The on-call engineer's own name, for `faultline sla --mine`.
    pub user: Option<String>,
    /// `zh` or `en`.
    pub lang: Option<String>,
    /// Average road speed for ETAs in the assignment pane.
    pub road_speed_kmh: f64,
    /// Ring the terminal bell on a new level-1 ticket or breach (wall board).
    pub bell: bool,
    /// `[[hook]]` entries: who is paged, for what (see [`crate::hooks`]).
    pub hook: Vec<crate::hooks::config::RawHook>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            user: None,
            lang: None,
            road_speed_kmh: 60.0,
            bell: true,
            hook: Vec::new(),
        }
    }
}

impl Settings {
    /// The `[[hook]]` entries, checked when the file was read.
    pub fn hooks(&self) -> Vec<crate::hooks::Hook> {
        crate::hooks::config::check_all(&self.hook).unwrap_or_default()
    }
}

fn read(path: &Path) -> Result<Option<String>, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ConfigError::Read {
            path: path.display().to_string(),
            detail: e.to_string(),
        }),
    }
}

fn files_with(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, ConfigError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(ConfigError::Read {
                path: dir.display().to_string(),
                detail: e.to_string(),
            })
        }
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    out.sort();
    Ok(out)
}

/// Embedded defaults, then the config folder's files on top.
pub fn load_rules(config_dir: Option<&Path>) -> Result<Rules, ConfigError> {
    let policy_override = match config_dir {
        Some(dir) => {
            let path = dir.join("policy").join("standard.toml");
            read(&path)?.map(|text| (path.display().to_string(), text))
        }
        None => None,
    };
    let policy = match &policy_override {
        Some((file, text)) => Policy::from_toml(file, text)?,
        None => Policy::from_toml("assets/policy/standard.toml", STANDARD_POLICY)?,
    };
    let mut contracts = BTreeMap::new();
    for (file, text) in CONTRACTS {
        let c = Contract::from_toml(&format!("assets/contracts/{file}"), text)?;
        contracts.insert(c.name.clone(), c);
    }
    let mut calendar = Calendar::new(&policy.calendar);
    for (cal, file, text) in CALENDARS {
        if *cal == policy.calendar {
            calendar.add_year_json(&format!("assets/calendar/{cal}/{file}"), text)?;
        }
    }
    if let Some(dir) = config_dir {
        for path in files_with(&dir.join("contracts"), "toml")? {
            let text = read(&path)?.unwrap_or_default();
            let c = Contract::from_toml(&path.display().to_string(), &text)?;
            contracts.insert(c.name.clone(), c);
        }
        for path in files_with(&dir.join("calendar").join(&policy.calendar), "json")? {
            let text = read(&path)?.unwrap_or_default();
            let file = path.display().to_string();
            let year = calendar.add_year_json(&file, &text)?;
            if path.file_stem().and_then(|s| s.to_str()) != Some(year.to_string().as_str()) {
                return Err(SlaError::BadRules {
                    file,
                    message: crate::msg::rules::misnamed_year(year),
                }
                .into());
            }
        }
    }
    Ok(Rules {
        policy,
        contracts,
        calendar,
    })
}

pub fn load_settings(config_dir: Option<&Path>) -> Result<Settings, ConfigError> {
    let Some(dir) = config_dir else {
        return Ok(Settings::default());
    };
    let path = dir.join("config.toml");
    match read(&path)? {
        None => Ok(Settings::default()),
        Some(text) => {
            let settings: Settings = toml::from_str(&text).map_err(|e| ConfigError::Read {
                path: path.display().to_string(),
                detail: e.message().to_string(),
            })?;
            crate::hooks::config::check_all(&settings.hook).map_err(|detail| {
                ConfigError::Read {
                    path: path.display().to_string(),
                    detail,
                }
            })?;
            Ok(settings)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_rules_load() {
        let r = Rules::builtin().unwrap();
        assert_eq!(r.policy.name, "standard");
        assert!(r.contracts.contains_key("dc-storage-expansion"));
        assert!(r.calendar.years().any(|y| y == 2026));
    }

    #[test]
    fn every_shipped_calendar_year_is_embedded_and_loads() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/calendar/cn");
        let mut shipped: Vec<i32> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok()?.path().file_stem()?.to_str()?.parse().ok())
            .collect();
        shipped.sort();
        let r = Rules::builtin().unwrap();
        assert_eq!(r.calendar.years().collect::<Vec<_>>(), shipped);
    }

    #[test]
    fn a_calendar_file_in_the_config_folder_adds_a_year() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("calendar/cn")).unwrap();
        std::fs::write(dir.path().join("calendar/cn/2027.json"), r#"{"year": 2027, "papers": [], "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}"#).unwrap();
        let r = load_rules(Some(dir.path())).unwrap();
        assert!(r.calendar.years().any(|y| y == 2027));
    }

    #[test]
    fn a_broken_calendar_file_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("calendar/cn")).unwrap();
        std::fs::write(dir.path().join("calendar/cn/2027.json"), "{ not json").unwrap();
        let err = load_rules(Some(dir.path())).unwrap_err().to_string();
        assert!(err.contains("2027.json"), "{err}");
    }

    #[test]
    fn a_second_customer_is_a_new_contract_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("contracts")).unwrap();
        std::fs::write(
            dir.path().join("contracts/bank.toml"),
            "name = \"bank\"\ntitle_zh = \"银行\"\ntitle_en = \"Bank\"\n[[deadline]]\nmilestone = \"restoration\"\nwindow = \"1h\"\nlabel_zh = \"合同 1h恢复\"\nlabel_en = \"contract: 1h\"\n",
        )
        .unwrap();
        let r = load_rules(Some(dir.path())).unwrap();
        assert_eq!(r.contracts["bank"].deadlines.len(), 1);
    }

    /// Whoever encodes a new customer's terms reads the refusal in the
    /// desk's language, with the file and the zone named.
    #[test]
    fn a_broken_policy_or_contract_is_refused_in_the_users_language() {
        use crate::i18n::{speak, Lang};
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("policy")).unwrap();
        let policy =
            include_str!("../assets/policy/standard.toml").replace("max_km = 80", "max_km = 30");
        std::fs::write(dir.path().join("policy/standard.toml"), policy).unwrap();
        speak(Lang::Zh);
        let zh = load_rules(Some(dir.path())).unwrap_err().to_string();
        speak(Lang::En);
        let en = load_rules(Some(dir.path())).unwrap_err().to_string();
        assert!(
            zh.contains("standard.toml") && zh.contains("2区：max_km 必须逐区增大"),
            "{zh}"
        );
        assert!(
            en.contains("zone 2: max_km must grow from zone to zone"),
            "{en}"
        );

        std::fs::remove_dir_all(dir.path().join("policy")).unwrap();
        std::fs::create_dir_all(dir.path().join("contracts")).unwrap();
        std::fs::write(
            dir.path().join("contracts/bank.toml"),
            "name = \"bank\"\ntitle_zh = \"银行\"\ntitle_en = \"Bank\"\n[[trigger]]\naction = \"whole_unit_replacement\"\nafter = \"soon\"\nlevels = [1]\nlabel_zh = \"x\"\nlabel_en = \"x\"\n",
        )
        .unwrap();
        speak(Lang::Zh);
        let zh = load_rules(Some(dir.path())).unwrap_err().to_string();
        speak(Lang::En);
        assert!(
            zh.contains("bank.toml") && zh.contains("after \"soon\" 不是时长"),
            "{zh}"
        );
    }
}
