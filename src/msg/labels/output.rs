//! What the CLI's printed tables and reports call things.

use crate::i18n::Lang;

labels! {
    all: "合计", "all";
    another_process_sends: "另一进程正在发送通知, 余下的由它或下次清扫发送", "another process is sending; it or the next sweep sends the rest";
    as_recorded_by: "截至此时已记录的工单:", "as recorded by";
    breached: "超时", "breached";
    cannot_compute: "无法计算:", "cannot compute:";
    covered_through: "覆盖至", "covered through";
    day_unit_spaced: "天", "d ";
    days: "天", "days";
    en_route: "在途", "en route";
    free: "空闲", "free";
    grouped_by: "按", "by";
    level_set: "调整等级", "level set";
    met: "完成", "met";
    no_hooks_configured: "没有配置通知 (config.toml 中的 [[hook]])", "no hooks configured ([[hook]] in config.toml)";
    no_open_tickets_line: "没有未结工单\n", "no open tickets\n";
    no_tickets: "没有工单\n", "no tickets\n";
    off: "休", "off";
    on_site: "现场", "on site";
    paused_for_hardware: "等待硬件", "paused: hardware";
    raise_waived_agreed_by: "协商不升级, 同意人", "raise waived, agreed by";
    recorded_late_at: "补录于", "recorded late at";
    report: "报告", "report";
    report_on_time_legend: "按时率 = 期内到期的时限中按时完成的比例 (豁免的另计); 时长自报障起算。\n", "on time = deadlines due in the period met on time ÷ all of them (waived ones apart); durations from the report.\n";
    sample_sent_to: "已发送测试消息到", "sample sent to";
    sending_now: "正在发送:", "sending now:";
    this_year_is_not_covered: "未覆盖今年:", "this year is not covered:";
    voided_by: "已作废", "voided by";
    waiting_for_hardware_paused: "等待硬件 (恢复暂停)", "waiting for hardware (paused)";
    waived: " (已协商不升级)", " (waived)";
    warning: "警告", "warning";
}
