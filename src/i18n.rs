//! Which language a user reads, and how a thread says it. The words
//! themselves are in [`crate::msg`]: sentences in its modules, labels in
//! [`crate::msg::labels`].

use crate::error::BadInput;
use crate::sla::RuleRef;

/// Messages (errors above all) are written in the user's language where
/// they arise, deep in the store or the engine, without a language passed
/// down every call: each thread that talks to a user says which language it
/// speaks (`speak`: the CLI and the screens at start, the console again on
/// `:lang`), and [`said!`] picks it. Per thread, not per process: the
/// console's pager thread and parallel tests each keep their own. A thread
/// that never said speaks English (logs, library callers).
mod speaking {
    use super::Lang;
    use std::cell::Cell;

    thread_local! {
        static SPEAKS: Cell<Lang> = const { Cell::new(Lang::En) };
    }

    pub fn speak(lang: Lang) {
        SPEAKS.with(|s| s.set(lang));
    }

    pub fn speaks() -> Lang {
        SPEAKS.with(Cell::get)
    }
}

pub use speaking::{speak, speaks};

/// A message in the language this thread speaks (see [`speak`]): Chinese
/// first, English second, each a `format!` string capturing the same names.
///
/// ```
/// use faultline::{i18n::{speak, Lang}, said};
/// let id = 1002;
/// speak(Lang::Zh);
/// assert_eq!(said!("找不到工单 #{id}", "no ticket #{id}"), "找不到工单 #1002");
/// speak(Lang::En);
/// assert_eq!(said!("找不到工单 #{id}", "no ticket #{id}"), "no ticket #1002");
/// ```
#[macro_export]
macro_rules! said {
    ($zh:literal, $en:literal $(,)?) => {
        if $crate::i18n::speaks() == $crate::i18n::Lang::Zh {
            format!($zh)
        } else {
            format!($en)
        }
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// `--lang`/config first, then the locale. Users are Chinese, so only an
    /// English locale switches to English; an unset or `C` locale stays zh.
    pub fn pick(explicit: Option<&str>) -> Result<Lang, BadInput> {
        match explicit {
            Some("zh") => Ok(Lang::Zh),
            Some("en") => Ok(Lang::En),
            Some(other) => Err(BadInput(crate::msg::input::bad_language(other))),
            None => {
                let loc = ["LC_ALL", "LC_MESSAGES", "LANG"]
                    .iter()
                    .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
                    .unwrap_or_default();
                Ok(if loc.starts_with("en") {
                    Lang::En
                } else {
                    Lang::Zh
                })
            }
        }
    }

    pub fn zh(self) -> bool {
        self == Lang::Zh
    }

    pub fn pick_str(self, zh: &'static str, en: &'static str) -> &'static str {
        if self.zh() {
            zh
        } else {
            en
        }
    }

    /// Rule id for JSON: `standard`, `standard/zone-3`, `negotiated`, `contract/<name>`.
    pub fn rule_id(rule: Option<RuleRef>, contract: Option<&str>) -> Option<String> {
        Some(match rule? {
            RuleRef::Standard { zone: Some(z) } => format!("standard/zone-{z}"),
            RuleRef::Standard { zone: None } => "standard".into(),
            RuleRef::Negotiated => "negotiated".into(),
            RuleRef::Contract { .. } => format!("contract/{}", contract.unwrap_or("?")),
        })
    }
}
