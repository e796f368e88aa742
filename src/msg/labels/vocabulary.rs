//! The desk's vocabulary: levels, milestones, roles, weekdays, log entries
//! and the rules behind a deadline, as every face shows them.

use crate::i18n::Lang;
use crate::report::GroupBy;
use crate::sla::plan::PlanKind;
use crate::sla::{Action, EventKind, Level, Milestone, RuleRef};
use crate::store::Role;

impl Lang {
    pub fn level(self, l: Level) -> &'static str {
        let i = l.index();
        if self.zh() {
            ["一级", "二级", "三级", "四级"][i]
        } else {
            ["L1", "L2", "L3", "L4"][i]
        }
    }

    /// A preventive plan's kind in words.
    pub fn plan_kind(self, k: PlanKind) -> &'static str {
        let (zh, en) = match k {
            PlanKind::Inspection => ("巡检", "inspection"),
            PlanKind::Patch => ("补丁", "patch"),
            PlanKind::Upgrade => ("升级", "upgrade"),
            PlanKind::Training => ("培训", "training"),
            PlanKind::HealthCheck => ("健康检查", "health check"),
        };
        self.pick_str(zh, en)
    }

    pub fn level_long(self, l: Level) -> &'static str {
        let i = l.index();
        if self.zh() {
            ["一级故障", "二级故障", "三级故障", "四级故障"][i]
        } else {
            [
                "Level 1 critical",
                "Level 2 severe",
                "Level 3 major",
                "Level 4 routine",
            ][i]
        }
    }

    pub fn milestone(self, m: Milestone) -> &'static str {
        let (zh, en) = match m {
            Milestone::RemoteResponse => ("远程响应", "remote response"),
            Milestone::ExpertResponse => ("专家响应", "expert response"),
            Milestone::ProcessStart => ("启动流程", "process start"),
            Milestone::DirectorResponse => ("总监响应", "director response"),
            Milestone::OnsiteArrival => ("到达现场", "on-site arrival"),
            Milestone::Restoration => ("恢复系统", "restoration"),
            Milestone::Callback => ("主动回电", "call-back"),
            Milestone::Followup => ("项目经理回访", "PM follow-up"),
        };
        self.pick_str(zh, en)
    }

    /// Two-character form for narrow queue columns.
    pub fn milestone_short(self, m: Milestone) -> &'static str {
        match (self, m) {
            (Lang::Zh, Milestone::RemoteResponse) => "响应",
            (Lang::Zh, Milestone::ExpertResponse) => "专家",
            (Lang::Zh, Milestone::ProcessStart) => "流程",
            (Lang::Zh, Milestone::DirectorResponse) => "总监",
            (Lang::Zh, Milestone::OnsiteArrival) => "到场",
            (Lang::Zh, Milestone::Restoration) => "恢复",
            (Lang::Zh, Milestone::Callback) => "回电",
            (Lang::Zh, Milestone::Followup) => "回访",
            (Lang::En, Milestone::RemoteResponse) => "resp",
            (Lang::En, Milestone::ExpertResponse) => "expert",
            (Lang::En, Milestone::ProcessStart) => "process",
            (Lang::En, Milestone::DirectorResponse) => "director",
            (Lang::En, Milestone::OnsiteArrival) => "arrive",
            (Lang::En, Milestone::Restoration) => "restore",
            (Lang::En, Milestone::Callback) => "call",
            (Lang::En, Milestone::Followup) => "follow",
        }
    }

    /// What the contract requires when a deadline passes (sections 4 and 5).
    pub fn action(self, a: Action) -> &'static str {
        let (zh, en) = match a {
            Action::StandbyEnvironment => ("启用备用环境", "standby environment"),
            Action::HigherTierEngineer => ("派更高级工程师", "higher-tier engineer"),
            Action::VendorExperts => ("原厂专家介入", "vendor experts"),
            Action::WholeUnitReplacement => ("整机更换", "whole-unit replacement"),
            Action::VendorTopTeam => ("原厂最高级团队", "vendor top team"),
            Action::FurtherAction => ("进一步措施", "further action"),
        };
        self.pick_str(zh, en)
    }

    /// A report's grouping; English shows its name as `--by` takes it.
    pub fn group_by(self, b: GroupBy) -> &'static str {
        let zh = match b {
            GroupBy::Level => "等级",
            GroupBy::Zone => "区域",
            GroupBy::Milestone => "节点",
            GroupBy::Engineer => "工程师",
            GroupBy::Customer => "客户",
            GroupBy::Contract => "合同",
        };
        self.pick_str(zh, b.name())
    }

    /// English shows the role's name as `--role` takes it.
    pub fn role(self, r: Role) -> &'static str {
        let zh = match r {
            Role::Remote => "远程",
            Role::Onsite => "现场",
            Role::Senior => "高级",
            Role::Expert => "专家",
            Role::Director => "总监",
            Role::Vendor => "原厂",
            Role::Pm => "项目经理",
        };
        self.pick_str(zh, r.name())
    }

    pub fn overdue(self) -> &'static str {
        self.pick_str("超时", "OVERDUE")
    }

    pub fn left(self) -> &'static str {
        self.pick_str("剩", "left")
    }

    /// Section 3: a deadline computed Monday–Friday for a missing calendar year.
    pub fn provisional(self) -> &'static str {
        self.pick_str("暂定", "provisional")
    }

    pub fn cannot_compute(self) -> &'static str {
        self.pick_str("无法计算", "cannot compute")
    }

    /// The banner both screens show while a calendar year is missing or
    /// about to be: what is wrong and the one command that fixes it.
    pub fn calendar_banner(self, year: i32, calendar: &str, provisional: bool) -> String {
        let file = format!("calendar/{calendar}/{year}.json");
        match (self.zh(), provisional) {
            (true, true) => format!("{year} 节假日历缺失，工作日时限暂定 — 加入 {file}"),
            (true, false) => format!("{year} 节假日历缺失 — 加入 {file}"),
            (false, true) => format!("{year} calendar missing, deadlines provisional — add {file}"),
            (false, false) => format!("{year} holiday calendar missing — add {file}"),
        }
    }

    pub fn negotiate(self) -> &'static str {
        self.pick_str("待协商", "negotiate")
    }

    pub fn weekday(self, wd: chrono::Weekday) -> &'static str {
        let i = wd.num_days_from_monday() as usize;
        if self.zh() {
            ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][i]
        } else {
            ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i]
        }
    }

    /// A log entry in words, for timelines: `响应`, `指派 王磊`, `三级→二级`.
    pub fn event_words(self, kind: &EventKind) -> String {
        use EventKind as K;
        let zh = self.zh();
        let plain = |z: &str, e: &str| if zh { z.to_string() } else { e.to_string() };
        match kind {
            K::OnsiteRequired => plain("需要到场", "on-site required"),
            K::Responded => plain("已响应", "responded"),
            K::ExpertEngaged => super::expert_engaged(self).to_string(),
            K::ProcessStarted => plain("已启动流程", "process started"),
            K::DirectorEngaged => super::director_engaged(self).to_string(),
            K::Negotiated { .. } => plain("协商到场时限", "arrival negotiated"),
            K::Assigned { engineer } => format!("{} {engineer}", self.pick_str("指派", "assigned")),
            K::Unassigned { engineer } => {
                format!("{} {engineer}", self.pick_str("取消指派", "unassigned"))
            }
            K::Arrived => plain("已到场", "arrived"),
            K::HardwareWait => plain("等待硬件", "waiting for hardware"),
            K::HardwareReady => plain("硬件就绪", "hardware ready"),
            K::SetLevel { level, reason } => format!(
                "{} {} · {reason}",
                self.pick_str("调整为", "set to"),
                self.level(*level)
            ),
            K::Waived { agreed_by, reason } => format!(
                "{} {agreed_by} · {reason} ({})",
                self.pick_str("不升级 同意人", "raise waived, agreed by"),
                self.pick_str("一级措施仍须执行", "level-1 actions still required")
            ),
            K::Restored => plain("已恢复", "restored"),
            K::Closed => plain("已关闭", "closed"),
            K::Raised { from, to, cause } => format!(
                "{} {}→{}{}",
                self.pick_str("自动升级", "automatic raise"),
                self.level(*from),
                self.level(*to),
                cause.map(|c| format!(" (#{c})")).unwrap_or_default()
            ),
            K::RaiseRetracted {
                from, to, cause, ..
            } => format!(
                "{} {}→{}{}",
                self.pick_str("撤销升级", "raise retracted"),
                self.level(*from),
                self.level(*to),
                cause
                    .map(|c| format!(" ({} #{c})", self.pick_str("因", "by")))
                    .unwrap_or_default()
            ),
            K::Note => plain("备注", "note"),
            K::Void { event, reason } => {
                format!("{} #{event} · {reason}", self.pick_str("作废", "voided"))
            }
            K::Call { caller, phone } => {
                format!("{} {caller} {phone}", self.pick_str("来电", "call from"))
            }
            // Its deadline shows as the call-back milestone.
            K::CallbackPromised { .. } => plain("承诺回电", "call-back promised"),
            K::CallbackDone => plain("已回电", "called back"),
            K::WorkOrder(w) => format!(
                "{} {} · {} · {}",
                self.pick_str("工作任务单", "work order"),
                w.environment,
                w.problem,
                w.request
            ),
            K::Decision { solution, experts } => {
                let experts = if experts.is_empty() {
                    String::new()
                } else {
                    format!(" · {}", experts.join("、"))
                };
                format!(
                    "{} {solution}{experts}",
                    self.pick_str("技术决定", "decision")
                )
            }
            K::Investigation { findings } => {
                format!(
                    "{} {findings}",
                    self.pick_str("故障调查报告", "investigation")
                )
            }
            K::FixProposed => plain("提出解决方案", "fix proposed"),
            K::CannotFix => plain("无法排除 须更高级工程师", "cannot fix: higher tier needed"),
            K::Opinion(o) => format!(
                "{} {} {} · {} {}{}",
                self.pick_str("服务意见", "service opinion"),
                self.pick_str("客户", "customer"),
                o.customer,
                self.pick_str("项目经理", "PM"),
                o.pm,
                o.remarks
                    .as_deref()
                    .map(|r| format!(" · {r}"))
                    .unwrap_or_default()
            ),
            K::ActionDone { action } => format!(
                "{} {}",
                self.pick_str("措施已执行", "action done:"),
                self.action(*action)
            ),
            K::Followup(f) => format!(
                "{} {} · {} · {}{}",
                self.pick_str("项目经理回访", "PM follow-up"),
                f.contact,
                match (f.outcome, zh) {
                    (crate::sla::FollowupOutcome::Resolved, true) => "已解决",
                    (crate::sla::FollowupOutcome::Resolved, false) => "resolved",
                    (crate::sla::FollowupOutcome::Unresolved, true) => "未解决 重新恢复",
                    (crate::sla::FollowupOutcome::Unresolved, false) =>
                        "unresolved: restoring again",
                },
                self.pick_str("评分 ", "rating "),
                f.rating
            ),
            K::Approved => plain(
                "项目经理已批准保修外服务",
                "out-of-warranty service approved",
            ),
        }
    }

    /// Marks after a timeline entry: who performed it where that differs
    /// from who recorded it, recorded late (补录), voided.
    pub fn entry_marks(self, m: &crate::store::EventMeta, at: crate::sla::Ts) -> String {
        let mut out = String::new();
        if let Some(p) = &m.performed_by {
            out.push_str(&format!(" · {} {p}", self.pick_str("执行", "by")));
        }
        if m.is_late(at) {
            out.push_str(&format!(
                " · {} {}",
                self.pick_str("补录", "late"),
                m.recorded_at.format("%m-%d %H:%M")
            ));
        }
        if let Some(v) = m.voided_by {
            out.push_str(&format!(" · {} #{v}", self.pick_str("已作废", "voided by")));
        }
        out
    }

    /// Which rule set a deadline, in words.
    pub fn rule(
        self,
        rule: Option<RuleRef>,
        rules: &crate::config::Rules,
        contract: Option<&str>,
    ) -> String {
        match rule {
            None => String::new(),
            Some(RuleRef::Standard { zone: Some(z) }) => {
                if self.zh() {
                    format!("标准表 {z}区")
                } else {
                    format!("standard zone {z}")
                }
            }
            Some(RuleRef::Standard { zone: None }) => {
                self.pick_str("标准表", "standard").to_string()
            }
            Some(RuleRef::Negotiated) => self.pick_str("协商时限", "negotiated").to_string(),
            Some(RuleRef::Contract { term }) => {
                let term = rules
                    .contract(contract)
                    .and_then(|c| c.deadlines.get(usize::from(term)));
                match term {
                    Some(t) if self.zh() => t.label_zh.clone(),
                    Some(t) => t.label_en.clone(),
                    None => self.pick_str("合同", "contract").to_string(),
                }
            }
        }
    }
}
