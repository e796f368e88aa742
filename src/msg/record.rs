//! What the log refuses: entries that make no sense for the ticket (section
//! 7: nonsense never enters the record). Event names in backticks-free
//! form (`hardware_ready`) are what `ticket log` takes, in both languages.

use crate::i18n::speaks;
use crate::sla::{Action, EventKind, Level, Milestone};

fn event(kind: &EventKind) -> String {
    speaks().event_words(kind)
}

pub fn empty_field(flag: &str) -> String {
    said!("{flag} 不能为空", "{flag} must not be empty")
}

pub fn before_report(at: &str, reported: &str) -> String {
    said!(
        "记录时间 {at} 早于报障时间（{reported}）",
        "event time {at} is before the ticket was reported ({reported})"
    )
}

pub fn in_future(at: &str) -> String {
    said!("记录时间 {at} 在未来", "event time {at} is in the future")
}

pub fn already(kind: &EventKind, at: &str) -> String {
    let what = event(kind);
    said!("“{what}”已在 {at} 记录", "{what} already at {at}")
}

pub fn logged_after_restoration(kind: &EventKind, at: &str) -> String {
    let what = event(kind);
    said!(
        "“{what}”记录在 {at}，晚于这个时间：在它之前恢复说不通",
        "{what} at {at} is logged after that time: a restoration before it makes no sense"
    )
}

pub fn logged_after_close(kind: &EventKind, at: &str) -> String {
    let what = event(kind);
    said!(
        "“{what}”记录在 {at}，晚于这个时间：工单不能在它之前关闭",
        "{what} at {at} is logged after that time: the ticket cannot be closed before it"
    )
}

pub fn waiting_at(at: &str) -> String {
    said!(
        "{at} 时已在等待硬件（先记录 hardware_ready）",
        "already waiting for hardware at {at} (log hardware_ready first)"
    )
}

pub fn not_waiting_at(at: &str) -> String {
    said!(
        "{at} 时并未等待硬件（先记录 hardware_wait）",
        "not waiting for hardware at {at} (log hardware_wait first)"
    )
}

pub fn archived(at: &str) -> String {
    said!(
        "工单已于 {at} 关闭并归档（只能添加备注）",
        "the ticket was closed at {at} and is archived (only notes may be added)"
    )
}

pub fn no_milestone(level: Level, m: Milestone) -> String {
    let lang = speaks();
    let (level, m) = (lang.level(level), lang.milestone(m));
    said!(
        "{level}工单没有“{m}”时限",
        "an {level} ticket has no {m} milestone"
    )
}

pub fn already_onsite() -> String {
    said!(
        "工单已标记为需要到场",
        "the ticket is already marked for on-site service"
    )
}

pub fn level_without_onsite(level: Level) -> String {
    let level = speaks().level(level);
    said!(
        "{level}没有到场服务（先提升级别）",
        "{level} has no on-site service (raise the level first)"
    )
}

pub fn not_onsite() -> String {
    said!(
        "工单未标记为需要到场（先记录 onsite_required）",
        "the ticket is not marked for on-site service (log onsite_required first)"
    )
}

pub fn already_waiting() -> String {
    said!("已在等待硬件", "already waiting for hardware")
}

pub fn not_waiting() -> String {
    said!(
        "并未等待硬件（先记录 hardware_wait）",
        "not waiting for hardware (log hardware_wait first)"
    )
}

pub fn not_restored() -> String {
    said!(
        "工单尚未恢复（先记录 restored）",
        "the ticket is not restored yet (log restored first)"
    )
}

pub fn no_opinion() -> String {
    said!(
        "还没有服务意见：关闭前先记录 opinion --customer 姓名 --pm 姓名",
        "no service opinion yet: log opinion --customer NAME --pm NAME before closing"
    )
}

pub fn followup_due() -> String {
    said!(
        "项目经理的回访还没做（log followup --contact 姓名 --outcome resolved|unresolved --rating 1-5）",
        "the project manager's follow-up is still due (log followup --contact NAME --outcome resolved|unresolved --rating 1-5)"
    )
}

pub fn rating_range(rating: impl std::fmt::Display) -> String {
    said!(
        "--rating {rating} 不在 1 到 5 之间",
        "--rating {rating} is not between 1 and 5"
    )
}

pub fn followup_before_restoration() -> String {
    said!(
        "回访在恢复之后（先记录 restored）",
        "the follow-up comes after the restoration (log restored first)"
    )
}

pub fn no_followup() -> String {
    said!(
        "此工单没有回访：其站点没有项目经理（site set 站点 --pm 姓名）",
        "this ticket has no follow-up: its site has no project manager (site set NAME --pm NAME)"
    )
}

pub fn not_held() -> String {
    said!(
        "工单没有暂挂：在保修期内，或开单时已批准",
        "the ticket is not held: it is under warranty or was approved when opened"
    )
}

pub fn opinion_before_restoration() -> String {
    said!(
        "服务意见在系统恢复后签署（先记录 restored）",
        "the service opinion is signed once the system is restored (log restored first)"
    )
}

pub fn call_needs_caller() -> String {
    said!(
        "来电需要 --caller 姓名 或 --phone 号码",
        "a call needs --caller NAME or --phone NUMBER"
    )
}

pub fn callback_before_promise(due: &str, at: &str) -> String {
    said!(
        "回电时间 {due} 必须晚于承诺时间（{at}）",
        "the call-back time {due} must be after the promise ({at})"
    )
}

pub fn no_callback_promised() -> String {
    said!(
        "没有承诺过回电（先记录 callback_promised）",
        "no call-back was promised (log callback_promised first)"
    )
}

pub fn action_already(action: Action, at: &str) -> String {
    let what = speaks().action(action);
    said!(
        "措施“{what}”已在 {at} 记录",
        "action {what} already done at {at}"
    )
}

pub fn action_not_required(action: Action, at: &str, required: &[Action]) -> String {
    let lang = speaks();
    let what = lang.action(action);
    let required = if required.is_empty() {
        said!("无", "none")
    } else {
        let names: Vec<&str> = required.iter().map(|a| lang.action(*a)).collect();
        names.join(lang.pick_str("、", ", "))
    };
    said!(
        "{at} 时此工单不需要“{what}”（需要的措施：{required}）",
        "{what} is not required on this ticket at {at} (required: {required})"
    )
}

pub fn waiver_needs_who_and_why() -> String {
    said!(
        "不升级需要同意人（--agreed-by）和理由（--reason）",
        "a waiver needs who agreed (--agreed-by) and why (--reason)"
    )
}

pub fn waiver_too_late(due: &str) -> String {
    said!(
        "恢复时限 {due} 已过：不升级须在时限前商定（请用 set_level 并给出理由）",
        "the restoration deadline {due} has passed: a waiver must be agreed before it (use set_level with a reason)"
    )
}

pub fn waiver_logged_late(due: &str) -> String {
    said!(
        "恢复时限 {due} 已过：不升级须记录在时限之前",
        "the restoration deadline {due} has passed; a waiver must be logged before it"
    )
}

pub fn waiver_paused() -> String {
    said!(
        "恢复计时因等待硬件暂停：没有可豁免的时限",
        "restoration is paused for hardware: there is no deadline to waive"
    )
}

pub fn waiver_not_running() -> String {
    said!(
        "恢复计时还没开始：没有可豁免的时限",
        "no restoration window is running yet: there is nothing to waive"
    )
}

pub fn not_zone_nine(zone: &str) -> String {
    said!(
        "只有九区站点才协商到场时限（此站点是 {zone} 区）",
        "only zone-9 sites have a negotiated arrival deadline (this site is zone {zone})"
    )
}

pub fn negotiated_before_report() -> String {
    said!(
        "协商的时限必须晚于报障时间",
        "the negotiated deadline must be after the ticket was reported"
    )
}

pub fn negotiated_past(at: &str) -> String {
    said!(
        "协商的时限 {at} 已经过去",
        "the negotiated deadline {at} is already past"
    )
}

pub fn set_level_needs_reason() -> String {
    said!(
        "调整级别需要理由（--reason）",
        "set_level needs a reason (--reason)"
    )
}

pub fn already_level(level: Level) -> String {
    let level = speaks().level(level);
    said!("工单已经是{level}", "the ticket is already {level}")
}
