//! The `:` line's commands as the help lists them, usage first.

use crate::i18n::Lang;

labels! {
    assign: "assign ID 姓名  指派工程师", "assign ID NAME  assign an engineer";
    force: "force ID 姓名 原因  强制指派 (合同不建议时, 记录原因)", "force ID NAME REASON  assign against the rules, reason recorded";
    help: "help  帮助", "help  this screen";
    lang: "lang zh|en  切换语言", "lang zh|en  switch language";
    log: "log ID 事件  记录事件", "log ID EVENT  log an event";
    note: "note ID 内容  添加备注", "note ID TEXT  add a note";
    open: "open ID  选中工单", "open ID  select a ticket";
    quit: "q  退出", "q  quit";
    unassign: "unassign ID 姓名  取消指派", "unassign ID NAME  remove an engineer";
    void: "void ID 条目 原因  作废一条记录 (条目号见详情 #)", "void ID ENTRY REASON  correct entry # (see detail)";
}
