//! What every command and screen needs: where the desk is, the rules, the
//! language, and what time it is. The only place besides the screens' clock
//! that reads the system clock.

use crate::msg::input as msg;
use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::Utc;

use crate::config::{self, Rules, Settings};
use crate::error::bad;
use crate::i18n::Lang;
use crate::sla::Ts;
use crate::store::{Access, DeskClock, Store};
use crate::time;

/// The global options, as the command line (or a test) gives them.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub db: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub now: Option<String>,
    pub as_of: Option<String>,
    pub lang: Option<String>,
}

/// `FAULTLINE_SPEED` at most: a year in under an hour is all a soak test needs.
pub const MAX_SPEED: f64 = 100_000.0;

/// [`Context::live_now`], detached from the context.
#[derive(Debug, Clone, Copy)]
pub struct LiveClock {
    /// `--as-of`: the board stands still at that moment.
    frozen: bool,
    fixed_now: Option<Ts>,
    speed: f64,
    started: std::time::Instant,
    started_at: Ts,
}

impl LiveClock {
    pub fn now(&self) -> Ts {
        if let (true, Some(t)) = (self.frozen, self.fixed_now) {
            return t;
        }
        if self.fixed_now.is_none() && self.speed == 1.0 {
            return Utc::now();
        }
        let elapsed = self.started.elapsed().as_secs_f64() * self.speed;
        self.fixed_now.unwrap_or(self.started_at)
            + chrono::TimeDelta::milliseconds((elapsed * 1000.0) as i64)
    }
}

/// What every command needs: where things are, the rules, and what time it is.
pub struct Context {
    pub db: PathBuf,
    /// Where overrides live (`--config`, else the platform config folder).
    pub config_dir: Option<PathBuf>,
    pub rules: Rules,
    pub settings: Settings,
    pub lang: Lang,
    /// `Some` when `--now` fixed the time: nothing derived is then persisted.
    pub fixed_now: Option<Ts>,
    /// `--as-of`: reads see only what had been recorded by then (and are
    /// evaluated then); nothing is written.
    pub as_of: Option<Ts>,
    /// `FAULTLINE_SPEED`: live screens' clock runs this many times faster
    /// (soak tests: a simulated week in a minute). 1 by default.
    pub speed: f64,
    started: std::time::Instant,
    started_at: Ts,
}

impl Context {
    pub fn new(cli: &Options) -> Result<Context> {
        // Speak the user's language before anything can fail: `--lang` or
        // the locale now, the config file's choice once it is read.
        crate::i18n::speak(Lang::pick(cli.lang.as_deref())?);
        let dirs = directories::ProjectDirs::from("", "", "faultline");
        let config_dir = cli
            .config
            .clone()
            .or_else(|| dirs.as_ref().map(|d| d.config_dir().to_path_buf()));
        let rules = config::load_rules(config_dir.as_deref())?;
        let settings = config::load_settings(config_dir.as_deref())?;
        let db = match &cli.db {
            Some(p) => p.clone(),
            None => match &dirs {
                Some(d) => d.data_dir().join("faultline.db"),
                None => return bad(msg::no_home_folder()),
            },
        };
        let lang = Lang::pick(cli.lang.as_deref().or(settings.lang.as_deref()))?;
        crate::i18n::speak(lang);
        let fixed_now = cli
            .now
            .as_deref()
            .map(|s| time::parse(s, rules.policy.tz))
            .transpose()?;
        let as_of = cli
            .as_of
            .as_deref()
            .map(|s| time::parse(s, rules.policy.tz))
            .transpose()?;
        // As of a moment, the desk is evaluated at that moment (a --now,
        // often set for a whole session, gives way to it).
        let fixed_now = as_of.or(fixed_now);
        let speed = match std::env::var("FAULTLINE_SPEED") {
            Ok(s) => match s.trim().parse::<f64>() {
                Ok(x) if (1.0..=MAX_SPEED).contains(&x) => x,
                _ => return bad(msg::bad_speed(&s, MAX_SPEED)),
            },
            Err(_) => 1.0,
        };
        Ok(Context {
            db,
            config_dir,
            rules,
            settings,
            lang,
            fixed_now,
            as_of,
            speed,
            started: std::time::Instant::now(),
            started_at: Utc::now(),
        })
    }

    /// The moment a one-shot command evaluates at: `--now` exactly, or the
    /// clock. The engine never reads the clock; this and [`Context::live_now`]
    /// are the only places that do.
    pub fn now(&self) -> Ts {
        self.fixed_now.unwrap_or(self.started_at)
    }

    /// For live screens: a fixed `--now` advances with real elapsed time so
    /// countdowns still tick, reproducibly from the same start.
    pub fn live_now(&self) -> Ts {
        self.clock().now()
    }

    /// The live clock on its own, for a thread that outlives a borrow of
    /// the context (the paging sender).
    pub fn clock(&self) -> LiveClock {
        LiveClock {
            frozen: self.as_of.is_some(),
            fixed_now: self.fixed_now,
            speed: self.speed,
            started: self.started,
            started_at: self.started_at,
        }
    }

    /// Opens the desk to read (migrating an older schema).
    pub fn reader(&self) -> Result<Store> {
        let mut store = Store::open(&self.db, Access::ReadWrite)?;
        store.set_as_of(self.as_of);
        Ok(store)
    }

    /// Opens the desk to write, with the clock writes are stamped with.
    /// Section 7: on a live desk `--now` only reads (what-if, replay); a
    /// write under it is refused. On a simulated desk it drives writes.
    pub fn writer(&self) -> Result<(Store, Ts)> {
        if let Some(t) = self.as_of {
            return bad(msg::as_of_reads_only(&self.rules.policy.local_minute(t)));
        }
        let store = Store::open(&self.db, Access::ReadWrite)?;
        if store.clock() == DeskClock::Live && self.fixed_now.is_some() {
            return bad(msg::now_reads_only(&self.db.display().to_string()));
        }
        Ok((store, self.now()))
    }

    /// Who the person at this terminal says they are: `FAULTLINE_USER`
    /// (an empty value counts as unset), else `user` in config.toml.
    pub fn user(&self) -> Option<String> {
        std::env::var("FAULTLINE_USER")
            .ok()
            .filter(|s| !s.trim().is_empty())
            .or_else(|| self.settings.user.clone())
    }

    /// Section 7: who records an entry. `--by`, else `FAULTLINE_USER`, else
    /// `user` in config.toml, else the login name; made inert and compared
    /// in one normal form.
    pub fn operator(&self, by: Option<&str>) -> String {
        let env = |k: &str| std::env::var(k).ok();
        [
            by.map(str::to_string),
            self.user(),
            env("USER"),
            env("LOGNAME"),
        ]
        .into_iter()
        .flatten()
        .map(|s| crate::text::name(&s))
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".into())
    }

    pub fn data_dir(&self) -> PathBuf {
        self.db.parent().map(Path::to_path_buf).unwrap_or_default()
    }
}
