//! What a hook's notice says in a group chat: a head, then what happened.
//! Milestone and action names arrive already in the reader's words.

use crate::i18n::Lang;

pub type Words = (String, String);

pub fn new_l1(lang: Lang, at: &str) -> Words {
    (
        lang.pick_str("一级故障", "Level-1 fault").to_string(),
        in_lang!(lang, "报障 {at}", "reported {at}"),
    )
}

pub fn breach(lang: Lang, milestone: &str, at: &str) -> Words {
    (
        lang.pick_str("超时", "Deadline missed").to_string(),
        in_lang!(
            lang,
            "{milestone} 时限 {at} 已过",
            "{milestone} was due {at}"
        ),
    )
}

pub fn raise(lang: Lang, from: u64, to: u64, at: &str) -> Words {
    (
        lang.pick_str("升级", "Raised").to_string(),
        in_lang!(lang, "L{from} → L{to} ({at})", "L{from} → L{to} at {at}"),
    )
}

pub fn action_due(lang: Lang, action: &str, at: &str) -> Words {
    (
        lang.pick_str("合同措施到期", "Contract action due")
            .to_string(),
        in_lang!(lang, "{action} ({at})", "{action} since {at}"),
    )
}

pub fn due_soon(lang: Lang, milestone: &str, at: &str, lead: &str) -> Words {
    (
        lang.pick_str("即将超时", "Due soon").to_string(),
        in_lang!(
            lang,
            "{milestone} {at} 到期 (提前 {lead})",
            "{milestone} due {at} (within {lead})"
        ),
    )
}

pub fn removed_hook(lang: Lang) -> &'static str {
    lang.pick_str("(已删除)", "(removed)")
}
