//! What the desk's rules refuse: tickets, assignments, corrections.

use crate::i18n::speaks;
use crate::sla::Level;
use crate::store::TicketId;

pub fn needs_title() -> String {
    said!("工单需要标题", "a ticket needs a title")
}

pub fn reported_in_future(at: &str) -> String {
    said!(
        "报障时间 {at} 在未来",
        "reported time {at} is in the future"
    )
}

pub fn reported_too_long_ago(at: &str, days: i64) -> String {
    said!(
        "报障时间 {at} 早于 {days} 天前",
        "reported time {at} is more than {days} days ago"
    )
}

pub fn unknown_contract(site: &str, contract: &str) -> String {
    said!(
        "站点 {site:?} 的合同 {contract:?} 不在 assets/ 或配置文件夹中",
        "site {site:?} names contract {contract:?}, which is not in assets/ or the config folder"
    )
}

pub fn followup_not_theirs(site: &str, pm: &str, who: &str) -> String {
    said!(
        "{site} 的回访由其项目经理（{pm}）做，不是 {who:?}（--by {pm}）",
        "the follow-up at {site} is its project manager's ({pm}), not {who:?}'s (--by {pm})"
    )
}

pub fn no_pm_to_follow_up(site: &str) -> String {
    said!(
        "站点 {site} 没有项目经理做回访（site set {site} --pm 姓名）",
        "site {site} has no project manager to follow up (site set {site} --pm NAME)"
    )
}

pub fn only_pm_approves(who: &str) -> String {
    said!(
        "只有项目经理（pm）可以批准保外服务，{who:?} 不是",
        "only a project manager (role pm) may approve service out of warranty, not {who:?}"
    )
}

pub fn void_needs_reason() -> String {
    said!("作废需要理由（--reason）", "void needs a reason (--reason)")
}

pub fn no_entry(ticket: TicketId, entry: i64) -> String {
    said!(
        "工单 #{ticket} 没有第 #{entry} 条记录",
        "ticket #{ticket} has no entry #{entry}"
    )
}

pub fn void_of_void(entry: i64) -> String {
    said!(
        "记录 #{entry} 本身就是更正",
        "entry #{entry} is itself a correction"
    )
}

pub fn void_of_derived(entry: i64) -> String {
    said!(
        "记录 #{entry} 由系统推导：请更正引起它的那条记录",
        "entry #{entry} is derived by faultline; correct the entry that caused it"
    )
}

pub fn already_voided(entry: i64, by: i64) -> String {
    said!(
        "记录 #{entry} 已被 #{by} 作废",
        "entry #{entry} was already voided by #{by}"
    )
}

pub fn ticket_without_site(id: TicketId) -> String {
    said!("工单 #{id} 没有站点", "ticket #{id} has no site")
}

pub fn ticket_closed(id: TicketId) -> String {
    said!("工单 #{id} 已关闭", "ticket #{id} is closed")
}

pub fn already_assigned(engineer: &str, id: TicketId) -> String {
    said!(
        "{engineer} 已指派到 #{id}",
        "{engineer} is already assigned to #{id}"
    )
}

pub fn not_assigned(engineer: &str, id: TicketId) -> String {
    said!(
        "{engineer} 没有指派到 #{id}",
        "{engineer} is not assigned to #{id}"
    )
}

pub fn ticket_held(id: TicketId) -> String {
    said!(
        "工单 #{id} 已过保、暂挂：须项目经理先批准（ticket log {id} approved --by 项目经理）",
        "ticket #{id} is held: out of warranty, a project manager must approve it first (ticket log {id} approved --by PM)"
    )
}

pub fn unfit_not_assigned(why: &str) -> String {
    said!(
        "{why}：未指派（仍要派，请给出理由：ticket assign --force --reason 理由，或在调度台用 :force 工单 姓名 理由）",
        "{why}: not assigned (to send anyway, give the reason: ticket assign --force --reason TEXT, or :force ID NAME REASON in the console)"
    )
}

/// The note a forced assignment carries in the log (both languages: the
/// log is read by either).
pub fn forced_note(reason: &str) -> String {
    format!("强制指派 (forced): {reason}")
}

pub fn pm_not_dispatched(engineer: &str) -> String {
    said!(
        "{engineer} 是项目经理，不派工",
        "{engineer} is a project manager and is not dispatched"
    )
}

pub fn off_duty(name: &str) -> String {
    said!("{name} 不在岗", "{name} is off duty")
}

pub fn off_shift(name: &str, shift: &str) -> String {
    said!(
        "{name} 不在班（班次 {shift}）",
        "{name} is off shift (works {shift})"
    )
}

pub fn too_junior(level: Level, name: &str, role: crate::store::Role) -> String {
    let lang = speaks();
    let (level, role) = (lang.level(level), lang.role(role));
    said!(
        "{level}现场工单需要高级工程师及以上，{name} 的角色是{role}",
        "an {level} on-site ticket needs a senior engineer or above, and {name} is {role}"
    )
}

pub fn remote_only(name: &str) -> String {
    said!(
        "{name} 是远程工程师，不去现场",
        "{name} is a remote engineer and does not go on site"
    )
}
