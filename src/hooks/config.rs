//! `[[hook]]` entries of `config.toml`, checked once when the config is
//! read: a hook that could never send is an error naming it, not a silent
//! dead letter at 3 a.m.
//!
//! ```toml
//! [[hook]]
//! name = "值班群"
//! on = ["new_l1", "breach", "raise", "due_soon:15m", "action_due"]
//! levels = [1, 2]                 # only tickets at these levels (default: all)
//! customers = ["华东银行"]         # only these sites' customers (default: all)
//! wecom = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"
//! mention = ["13800000000"]       # mobiles to @ (wecom, dingtalk)
//! ```
//!
//! One target per hook: `exec = ["prog", "arg"]`, `wecom = "URL"`,
//! `dingtalk = "URL"` (with `secret` it is signed) or `webhook = "URL"`
//! (with `secret`, Standard Webhooks signature headers).

use std::time::Duration;

use serde::Deserialize;

use crate::msg::rules::hook as msg;

/// What a hook is subscribed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Trigger {
    /// A ticket opened at level 1.
    NewL1,
    /// A deadline passed unmet.
    Breach,
    /// The level went up (automatically or by hand).
    Raise,
    /// A deadline falls due within this many minutes.
    DueSoon(u32),
    /// A contract action (section 4's reports to the customer) fell due.
    ActionDue,
}

impl Trigger {
    pub fn parse(s: &str) -> Option<Trigger> {
        Some(match s.trim() {
            "new_l1" => Trigger::NewL1,
            "breach" => Trigger::Breach,
            "raise" => Trigger::Raise,
            "action_due" => Trigger::ActionDue,
            other => {
                let lead = other.strip_prefix("due_soon:")?;
                let d = crate::sla::policy::parse_duration(lead)?;
                let minutes = u32::try_from(d.num_minutes()).ok()?;
                if minutes == 0 || minutes > 24 * 60 || d.num_seconds() % 60 != 0 {
                    return None;
                }
                Trigger::DueSoon(minutes)
            }
        })
    }

    /// The notice kind as stored: `due_soon:15m` keeps its lead, so two hooks
    /// with different leads are two notices.
    pub fn kind(self) -> String {
        match self {
            Trigger::NewL1 => "new_l1".into(),
            Trigger::Breach => "breach".into(),
            Trigger::Raise => "raise".into(),
            Trigger::DueSoon(m) => format!("due_soon:{m}m"),
            Trigger::ActionDue => "action_due".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Exec(Vec<String>),
    Wecom(String),
    Dingtalk(String),
    Webhook(String),
}

impl Target {
    /// What the rate limit is counted by: one robot, one program.
    pub fn key(&self) -> String {
        match self {
            Target::Exec(argv) => format!("exec:{}", argv.join(" ")),
            Target::Wecom(u) | Target::Dingtalk(u) | Target::Webhook(u) => u.clone(),
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Target::Exec(_) => "exec",
            Target::Wecom(_) => "wecom",
            Target::Dingtalk(_) => "dingtalk",
            Target::Webhook(_) => "webhook",
        }
    }
}

/// A checked hook.
#[derive(Debug, Clone, PartialEq)]
pub struct Hook {
    pub name: String,
    pub on: Vec<Trigger>,
    pub levels: Vec<u8>,
    pub customers: Vec<String>,
    pub target: Target,
    pub secret: Option<String>,
    pub mention: Vec<String>,
    /// wecom: `markdown` (default) or `text` (the only one that mentions).
    pub markdown: bool,
    pub timeout: Duration,
    /// The first retry's delay; each further one doubles (with jitter).
    pub retry: Duration,
    /// Attempts before the notice becomes a dead letter.
    pub attempts: u32,
    /// Requests a minute to this target, shared by every sending process.
    pub rate: Option<u32>,
}

impl Hook {
    pub fn wants(&self, kind: &str) -> bool {
        self.on.iter().any(|t| t.kind() == kind)
    }

    /// Whether a notice of this level at this customer passes the filters.
    pub fn accepts(&self, level: u8, customer: Option<&str>) -> bool {
        (self.levels.is_empty() || self.levels.contains(&level))
            && (self.customers.is_empty()
                || customer.is_some_and(|c| self.customers.iter().any(|x| x == c)))
    }
}

/// Robots refuse more than 20 messages a minute (both document it).
pub const ROBOT_RATE: u32 = 20;
/// A send may not outlast the sender's lease.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(60);

/// As written in `config.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHook {
    pub name: String,
    pub on: Vec<String>,
    #[serde(default)]
    pub levels: Vec<u8>,
    #[serde(default)]
    pub customers: Vec<String>,
    pub exec: Option<Vec<String>>,
    pub wecom: Option<String>,
    pub dingtalk: Option<String>,
    pub webhook: Option<String>,
    pub secret: Option<String>,
    #[serde(default)]
    pub mention: Vec<String>,
    pub format: Option<String>,
    pub timeout: Option<String>,
    pub retry: Option<String>,
    pub attempts: Option<u32>,
    pub rate: Option<u32>,
}

/// "500ms", or what a policy window accepts ("10s", "2m", "1h30m").
pub fn parse_std_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    if let Some(ms) = s.strip_suffix("ms") {
        return ms.parse().ok().map(Duration::from_millis);
    }
    crate::sla::policy::parse_duration(s).and_then(|d| d.to_std().ok())
}

fn duration(
    hook: &str,
    field: &str,
    s: Option<&str>,
    default: Duration,
) -> Result<Duration, String> {
    let Some(s) = s else { return Ok(default) };
    let d = parse_std_duration(s).ok_or_else(|| msg::not_duration(hook, field, s))?;
    if d.is_zero() {
        return Err(msg::zero(hook, field));
    }
    Ok(d)
}

fn url(hook: &str, u: &str) -> Result<String, String> {
    let u = u.trim();
    if u.starts_with("https://") || u.starts_with("http://") {
        Ok(u.to_string())
    } else {
        Err(msg::not_url(hook, u))
    }
}

impl RawHook {
    pub fn check(&self) -> Result<Hook, String> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(msg::needs_name());
        }
        let mut on = Vec::new();
        for t in &self.on {
            on.push(Trigger::parse(t).ok_or_else(|| msg::unknown_trigger(name, t))?);
        }
        if on.is_empty() {
            return Err(msg::nothing_on(name));
        }
        if let Some(l) = self.levels.iter().find(|l| !(1..=4).contains(*l)) {
            return Err(msg::bad_level(name, *l));
        }
        let targets = [
            self.exec.is_some(),
            self.wecom.is_some(),
            self.dingtalk.is_some(),
            self.webhook.is_some(),
        ];
        if targets.iter().filter(|t| **t).count() != 1 {
            return Err(msg::one_target(name));
        }
        let target = if let Some(argv) = &self.exec {
            if argv.first().is_none_or(|p| p.trim().is_empty()) {
                return Err(msg::exec_needs_program(name));
            }
            Target::Exec(argv.clone())
        } else if let Some(u) = &self.wecom {
            Target::Wecom(url(name, u)?)
        } else if let Some(u) = &self.dingtalk {
            Target::Dingtalk(url(name, u)?)
        } else {
            Target::Webhook(url(name, self.webhook.as_deref().unwrap_or_default())?)
        };
        let markdown = match self.format.as_deref() {
            None | Some("markdown") => true,
            Some("text") => false,
            Some(f) => return Err(msg::bad_format(name, f)),
        };
        let timeout = duration(
            name,
            "timeout",
            self.timeout.as_deref(),
            Duration::from_secs(10),
        )?;
        if timeout > MAX_TIMEOUT {
            return Err(msg::timeout_too_long(name));
        }
        let robot = matches!(target, Target::Wecom(_) | Target::Dingtalk(_));
        let rate = match self.rate {
            Some(0) => return Err(msg::rate_zero(name)),
            Some(r) => Some(r),
            None => robot.then_some(ROBOT_RATE),
        };
        Ok(Hook {
            name: name.to_string(),
            on,
            levels: self.levels.clone(),
            customers: self.customers.clone(),
            target,
            secret: self.secret.clone().filter(|s| !s.is_empty()),
            mention: self.mention.clone(),
            markdown,
            timeout,
            retry: duration(
                name,
                "retry",
                self.retry.as_deref(),
                Duration::from_secs(30),
            )?,
            attempts: match self.attempts {
                Some(0) => return Err(msg::attempts_zero(name)),
                Some(n) => n,
                None => 8,
            },
            rate,
        })
    }
}

/// Checks every hook; names must be unique (deliveries are kept by name).
pub fn check_all(raw: &[RawHook]) -> Result<Vec<Hook>, String> {
    let mut out: Vec<Hook> = Vec::new();
    for r in raw {
        let h = r.check()?;
        if out.iter().any(|o| o.name == h.name) {
            return Err(msg::named_twice(&h.name));
        }
        out.push(h);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(toml_text: &str) -> RawHook {
        toml::from_str(toml_text).unwrap()
    }

    #[test]
    fn a_robot_hook_is_limited_to_twenty_a_minute_by_default() {
        let h = raw(
            "name = \"群\"\non = [\"new_l1\", \"due_soon:15m\"]\nwecom = \"https://example.com/x\"",
        )
        .check()
        .unwrap();
        assert_eq!(h.rate, Some(20));
        assert_eq!(h.on, vec![Trigger::NewL1, Trigger::DueSoon(15)]);
        assert!(h.wants("due_soon:15m") && !h.wants("due_soon:30m"));
    }

    #[test]
    fn a_hook_with_two_targets_or_an_unknown_trigger_is_refused_by_name() {
        let e = raw("name = \"x\"\non = [\"breach\"]\nexec = [\"true\"]\nwebhook = \"http://a\"")
            .check()
            .unwrap_err();
        assert!(e.contains("\"x\"") && e.contains("exactly one"), "{e}");
        let e = raw("name = \"y\"\non = [\"soon\"]\nexec = [\"true\"]")
            .check()
            .unwrap_err();
        assert!(e.contains("unknown trigger \"soon\""), "{e}");
        let e = raw("name = \"z\"\non = [\"breach\"]\nwebhook = \"ftp://a\"")
            .check()
            .unwrap_err();
        assert!(e.contains("not an http(s) URL"), "{e}");
        crate::i18n::speak(crate::i18n::Lang::Zh);
        let e = raw("name = \"y\"\non = [\"soon\"]\nexec = [\"true\"]")
            .check()
            .unwrap_err();
        crate::i18n::speak(crate::i18n::Lang::En);
        assert!(e.contains("通知 \"y\"：未知触发 \"soon\""), "{e}");
    }

    #[test]
    fn filters_pass_only_the_named_levels_and_customers() {
        let h = raw("name = \"x\"\non = [\"breach\"]\nexec = [\"true\"]\nlevels = [1]\ncustomers = [\"银行\"]")
            .check()
            .unwrap();
        assert!(h.accepts(1, Some("银行")));
        assert!(!h.accepts(2, Some("银行")));
        assert!(!h.accepts(1, None));
    }
}
