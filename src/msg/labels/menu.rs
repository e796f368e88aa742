//! The `e` menu's entries, named for the event each logs.

use crate::i18n::Lang;

labels! {
    approved: "批准保修外服务…", "approve out-of-warranty service…";
    arrived: "已到达现场", "arrived on site";
    closed: "结单", "close";
    followup: "项目经理回访…", "PM follow-up…";
    hardware_ready: "硬件就绪", "hardware ready";
    hardware_wait: "等待硬件 (暂停恢复计时)", "waiting for hardware";
    negotiated: "协商到场时限…", "negotiated deadline…";
    note: "备注…", "note…";
    onsite_required: "需要到场", "on-site required";
    opinion: "服务意见 (签字)…", "service opinion (signed)…";
    process_started: "已启动服务流程", "process started";
    responded: "已响应 (接单)", "responded (took it)";
    set_level: "调整故障等级…", "set level…";
    waive: "协商不升级…", "waive the raise…";
}
