//! What each key does (hint bars, help) and what each prompt field asks.

use crate::i18n::Lang;

labels! {
    agreed_by: "同意人", "agreed by";
    approving_project_manager: "批准的项目经理", "approving project manager";
    assign_job: "指派作业", "assign job";
    back: "返回", "back";
    back_clear_filter: "返回/清除筛选", "back / clear filter";
    cancel: "取消", "cancel";
    cancel_write_nothing: "取消, 不写入", "cancel, write nothing";
    clear_the_filter: "清除筛选", "clear the filter";
    command: "命令", "command";
    complete: "补全", "complete";
    customer_contact: "客户联系人", "customer contact";
    customer_signatory: "客户签字人", "customer signatory";
    cut: "删光标前 / 光标后 / 前一词", "cut before / after / word";
    engineer: "工程师", "engineer";
    first: "最前", "first";
    help: "帮助", "help";
    history_search: "历史 (已结单, / 按单号、现场、日期查找)", "history (closed; / searches number, site, date)";
    job_done: "作业完成", "job done";
    keep_the_filter: "保留筛选", "keep the filter";
    last: "最后", "last";
    letter_logs_it: "按方括号中的字母直接记录", "the letter in brackets logs it";
    line_ends: "到行首 / 行尾", "to start / end";
    log_it: "记录", "log it";
    move_the_caret: "移动光标", "move the caret";
    negotiated_deadline: "到场时限 (如 +2h, 11-28 10:00)", "deadline (e.g. +2h, 11-28 10:00)";
    new_level_1_4: "新等级 1-4", "new level 1-4";
    new_ticket: "新工单", "new ticket";
    next: "下一个", "next";
    next_field: "下一项", "next";
    note_optional: "备注 (可空)", "note (optional)";
    on_site_or_not: "是否到场", "on site or not";
    open: "开单", "open";
    outcome: "结果 (已解决/未解决)", "outcome (resolved/unresolved)";
    page_down: "下一页", "page down";
    page_up: "上一页", "page up";
    pick_site: "选站点", "site";
    pm_work: "项目经理: 回访、待批准、待签字", "PM: follow-ups, approvals, opinions";
    preventive_jobs: "预防性作业 (巡检等)", "preventive jobs";
    previous_field: "上一项", "previous";
    rating_1_5: "评分 1-5", "rating 1-5";
    reason: "原因", "reason";
    reassign: "改派", "reassign";
    remarks_optional: "客户意见 (可空)", "remarks (optional)";
    run: "执行", "run";
    screens: "队列/项目经理/作业/历史", "queues/PM/jobs/history";
    select: "选择", "select";
    submit: "提交", "submit";
    switch_pane: "切换", "pane";
    switch_pane_back: "反向切换", "pane back";
    void_entry: "作废所选记录", "void entry";
    void_reason: "作废原因", "reason";
    who_performed_it: "换执行人", "who performed it";
    write_it: "写入", "write it";
}
