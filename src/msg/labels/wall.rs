//! What the wall calls things.

use crate::i18n::Lang;

labels! {
    arrived: "已到场", "arrived";
    auto_raise: "自动升级", "auto raise";
    by_time_left: "按剩余时间", "by time left";
    compliance: " 时限达成 ", " compliance ";
    engineers: " 工程师 ", " engineers ";
    hours_short: "时", "h";
    last_30_days: " 近30天趋势", " last 30 days";
    month: "本月", "month";
    new_count: "新", "new ";
    on_time_today: "今日时限达成", "on time today";
    on_time_today_short: "今日达成", "on time today";
    page: "第", "page";
    run_rebuild_for_history: " 运行 faultline rebuild 汇总历史", " run faultline rebuild for history";
    set_short: "调整", "set";
    seven_days: "近7天", "7 d";
    thirty_days: "近30天", "30 d";
    unassigned: "未指派", "unassigned";
    wall_name: "值班大屏", "wall";
    wall_title: "faultline 值班大屏", "faultline wall";
}
