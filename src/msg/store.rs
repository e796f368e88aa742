//! What the store refuses: names it does not know or already has, files
//! that are not desks.

use crate::store::TicketId;
pub fn unknown_site(name: &str) -> String {
    said!(
        "没有站点 {name:?}（用 `faultline site add` 添加）",
        "unknown site {name:?} (add it with `faultline site add`)"
    )
}

pub fn unknown_office(name: &str) -> String {
    said!(
        "没有分公司 {name:?}（用 `faultline office add` 添加）",
        "unknown office {name:?} (add it with `faultline office add`)"
    )
}

pub fn unknown_engineer(name: &str) -> String {
    said!(
        "没有工程师 {name:?}（用 `faultline engineer add` 添加）",
        "unknown engineer {name:?} (add with `faultline engineer add`)"
    )
}

pub fn unknown_pm(name: &str) -> String {
    said!(
        "没有工程师 {name:?}（用 `faultline engineer add 姓名 --role pm` 添加项目经理）",
        "unknown engineer {name:?} (add the project manager with `faultline engineer add NAME --role pm`)"
    )
}

pub fn not_a_pm(name: &str, role: &str) -> String {
    let role = crate::store::Role::parse(role).map_or(role, |r| crate::i18n::speaks().role(r));
    said!(
        "{name} 的角色是 {role}，不是项目经理（pm）",
        "{name} is a {role} engineer, not a project manager (role pm)"
    )
}

pub fn unknown_equipment(serial: &str) -> String {
    said!(
        "没有序列号为 {serial:?} 的设备（用 `faultline equipment add` 添加）",
        "unknown equipment {serial:?} (add it with `faultline equipment add`)"
    )
}

pub fn equipment_elsewhere(serial: &str, site: &str) -> String {
    said!(
        "设备 {serial} 不在站点 {site}",
        "equipment {serial} is not at site {site}"
    )
}

pub fn office_exists(name: &str) -> String {
    said!(
        "已有名为 {name:?} 的分公司",
        "an office named {name:?} already exists"
    )
}

pub fn site_exists(name: &str) -> String {
    said!(
        "已有名为 {name:?} 的站点",
        "a site named {name:?} already exists"
    )
}

pub fn engineer_exists(name: &str) -> String {
    said!(
        "已有名为 {name:?} 的工程师",
        "an engineer named {name:?} already exists"
    )
}

pub fn equipment_exists(serial: &str) -> String {
    said!(
        "已有序列号为 {serial:?} 的设备",
        "equipment with serial {serial:?} already exists"
    )
}

pub fn no_ticket(id: TicketId) -> String {
    said!("没有工单 #{id}", "no ticket #{id}")
}

pub fn damaged_ticket(id: TicketId, damage: &str) -> String {
    said!(
        "工单 #{id} 有一行已损坏（{damage}）：修复前不能追加记录",
        "ticket #{id} has a damaged row ({damage}); nothing can be added until it is repaired"
    )
}

pub fn no_plan(id: i64) -> String {
    said!("没有计划 #{id}", "no plan #{id}")
}

pub fn plan_ended(id: i64) -> String {
    said!("计划 #{id} 已结束", "plan #{id} has already ended")
}

pub fn no_job(id: i64) -> String {
    said!("没有巡检任务 #{id}", "no job #{id}")
}

pub fn job_done(id: i64) -> String {
    said!("巡检任务 #{id} 已完成", "job #{id} is already done")
}

/// A file import's refusal names the line.
pub fn at_line(line: usize, what: &str) -> String {
    said!("第 {line} 行：{what}", "line {line}: {what}")
}

pub fn import_offices_first(name: &str) -> String {
    said!(
        "没有分公司 {name:?}（先导入分公司）",
        "unknown office {name:?} (import offices first)"
    )
}

pub fn import_sites_first(name: &str) -> String {
    said!(
        "没有站点 {name:?}（先导入站点）",
        "unknown site {name:?} (import sites first)"
    )
}

pub fn import_engineers_first(name: &str) -> String {
    said!(
        "没有工程师 {name:?}（先导入工程师）",
        "unknown engineer {name:?} (import engineers first)"
    )
}

pub fn import_not_a_pm(name: &str) -> String {
    said!(
        "{name} 不是项目经理（pm）",
        "{name} is not a project manager (role pm)"
    )
}

pub fn desk_exists(path: &str) -> String {
    said!(
        "{path} 已存在：打开它，或换一个路径",
        "{path} already exists; open it, or choose another path"
    )
}

pub fn file_exists(path: &str) -> String {
    said!(
        "{path} 已存在：请换一个新文件",
        "{path} already exists; choose a new file"
    )
}

pub fn cannot_create_folder(dir: &str, e: &dyn std::fmt::Display) -> String {
    said!(
        "无法创建文件夹 {dir}：{e}",
        "cannot create folder {dir}: {e}"
    )
}

pub fn no_desk(path: &str) -> String {
    said!(
        "{path} 没有调度台数据库（用 `faultline init --db {path}` 创建）",
        "no desk at {path} (create one with `faultline init --db {path}`)"
    )
}

pub fn empty_file(path: &str) -> String {
    said!(
        "{path} 是空文件，不是调度台数据库；未作改动（用 `faultline init` 创建）",
        "{path} is an empty file, not a faultline desk; left untouched (create a desk with `faultline init`)"
    )
}

pub fn foreign_sqlite(path: &str, app: i64, tables: i64) -> String {
    said!(
        "{path} 是别的程序的 SQLite 文件（application_id {app}，{tables} 张表），不是调度台数据库；未作改动（用 `faultline init` 创建）",
        "{path} is another program's SQLite file (application_id {app}, {tables} tables), not a faultline desk; left untouched (create a desk with `faultline init`)"
    )
}

pub fn schema_newer(v: i64, known: i64) -> String {
    said!(
        "结构版本 {v} 比本程序认识的（{known}）更新",
        "schema version {v} is newer than this faultline knows ({known})"
    )
}

pub fn schema_older(v: i64, known: i64) -> String {
    said!(
        "结构版本 {v} 低于 {known}，且无法在此升级：请由有写权限的用户用任一命令打开一次",
        "schema version {v} is older than {known} and cannot be upgraded here: open it once with any command as a user who may write the file"
    )
}

pub fn no_backup(path: &str) -> String {
    said!("{path} 没有备份", "no backup at {path}")
}

pub fn not_whole_desk(path: &str, detail: &str) -> String {
    said!(
        "{path} 不是完整的调度台数据库（{detail}）；未替换任何内容",
        "{path} is not a whole faultline desk ({detail}); nothing was replaced"
    )
}

pub fn foreign_backup(path: &str, app: i64) -> String {
    said!(
        "{path} 不是调度台数据库（application_id {app}）；未替换任何内容",
        "{path} is not a faultline desk (application_id {app}); nothing was replaced"
    )
}

pub fn schema_range(v: i64, known: i64) -> String {
    said!(
        "结构版本 {v}，本程序认识 1 到 {known}",
        "schema version {v}, this faultline knows 1 to {known}"
    )
}

pub fn integrity_failed(what: &str) -> String {
    said!("完整性检查未通过：{what}", "integrity check failed: {what}")
}

pub fn locked(path: &str, secs: f64) -> String {
    said!(
        "数据库 {path} 被另一个进程锁定（等了 {secs} 秒后放弃）",
        "database {path} is locked by another process (gave up after {secs} s)"
    )
}

pub fn disk_full(path: &str) -> String {
    said!("数据库 {path}：磁盘已满", "database {path}: disk full")
}

pub fn read_only(path: &str) -> String {
    said!("数据库 {path} 是只读的", "database {path} is read-only")
}

pub fn corrupt(path: &str, detail: &str) -> String {
    said!(
        "数据库 {path} 不是 faultline 数据库或已损坏：{detail}",
        "database {path} is not a faultline database or is damaged: {detail}"
    )
}

/// Any other failure of the database, with SQLite's own words.
pub fn database(path: &str, detail: &dyn std::fmt::Display) -> String {
    said!("数据库 {path}：{detail}", "database {path}: {detail}")
}
