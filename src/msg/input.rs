//! What a user typed or set that cannot be read.

pub fn time_does_not_exist(s: &str, tz: &dyn std::fmt::Display) -> String {
    said!(
        "时间 {s:?} 在 {tz} 不存在（夏令时跳过）",
        "time {s:?} does not exist in {tz}"
    )
}

pub fn not_a_time(s: &str) -> String {
    said!(
        "时间 {s:?} 不是 RFC 3339（2026-11-27T10:00:00+08:00）或本地时间 \"2026-11-27 10:00\"",
        "time {s:?} is not RFC 3339 (2026-11-27T10:00:00+08:00) or local \"2026-11-27 10:00\""
    )
}

/// The forms a desk may type a time in, for the refusal and the console's hint.
pub fn time_forms() -> String {
    said!(
        "13:50、昨天 13:50、11-26 13:50、-20m、+2h、2026-11-27 13:50、RFC 3339",
        "13:50, yesterday 13:50, 11-26 13:50, -20m, +2h, 2026-11-27 13:50, RFC 3339"
    )
}

pub fn not_a_near_time(s: &str) -> String {
    let forms = time_forms();
    said!(
        "时间 {s:?} 不是以下格式之一：{forms}",
        "time {s:?} is not one of: {forms}"
    )
}

pub fn no_such_level(n: i64) -> String {
    said!(
        "没有 {n} 级（级别为 1 到 4）",
        "level {n} does not exist (levels are 1 to 4)"
    )
}

pub fn missing_calendar_year(calendar: &str, year: i32) -> String {
    said!(
        "没有 {year} 年的节假日历（{calendar}）：把 calendar/{calendar}/{year}.json 加入配置文件夹",
        "no holiday calendar for {year} ({calendar}): add calendar/{calendar}/{year}.json to the config folder"
    )
}

pub fn bad_language(l: &str) -> String {
    said!("语言 {l:?} 不是 zh 或 en", "language {l:?} is not zh or en")
}

pub fn no_home_folder() -> String {
    said!(
        "没有主文件夹可放数据库：请用 --db 路径",
        "no home folder to keep the database in: pass --db PATH"
    )
}

pub fn bad_speed(s: &str, max: f64) -> String {
    said!(
        "FAULTLINE_SPEED {s:?} 必须是 1 到 {max} 之间的数",
        "FAULTLINE_SPEED {s:?} must be a number from 1 to {max}"
    )
}

pub fn as_of_reads_only(at: &str) -> String {
    said!(
        "--as-of {at} 只显示当时的调度台，不记录任何内容（去掉 --as-of、FAULTLINE_AS_OF）",
        "--as-of {at} shows the desk as it stood; it records nothing (drop --as-of, FAULTLINE_AS_OF)"
    )
}

pub fn now_reads_only(db: &str) -> String {
    said!(
        "{db} 是正式调度台：--now（FAULTLINE_NOW）在这里只能查看；要记录请去掉它",
        "{db} is a live desk: --now (FAULTLINE_NOW) only reads there; drop it to record"
    )
}
