//! Labels more than one face (console, wall, CLI) shows. An event is named
//! with the same words in the `e` menu that logs it and in the timelines
//! that show it (the contract's 技术专家响应, 技术总监响应).

use crate::i18n::Lang;

labels! {
    actions_short: "措", "a";
    automatic_raise: "自动升级", "automatic raise";
    day_unit: "天", "d";
    director_engaged: "技术总监已响应", "director engaged";
    due: "时限", "due";
    expert_engaged: "专家已响应", "expert engaged";
    not_started: "未开始", "not started";
    paused: "暂停", "paused";
    required: "需执行", "required";
    restored: "已恢复", "restored";
    set_by_hand: "人工调整", "set by hand";
}
