//! What is wrong in a rules file. The holiday calendar is the file a desk
//! edits every year (`faultline calendar add`), so its refusals speak the
//! user's language; the policy and contract files are edited by whoever
//! writes the contract into `assets/`, and their messages stay English.

pub fn year_out_of_range(year: i32) -> String {
    said!("年份 {year} 超出范围", "year {year} is out of range")
}

pub fn bad_date(date: &str, e: &dyn std::fmt::Display) -> String {
    said!("日期 {date:?}：{e}", "date {date:?}: {e}")
}

pub fn date_not_in_year(date: &str, year: i32) -> String {
    said!(
        "日期 {date} 不在 {year} 年",
        "date {date} is not in year {year}"
    )
}

pub fn date_twice(date: &dyn std::fmt::Display) -> String {
    said!("日期 {date} 列了两次", "date {date} is listed twice")
}

pub fn makeup_not_weekend(date: &dyn std::fmt::Display) -> String {
    said!(
        "日期 {date} 是调休上班日，却不是周六或周日",
        "date {date} is a make-up working day but not a Saturday or Sunday"
    )
}

pub fn misnamed_year(year: i32) -> String {
    said!(
        "文件里是 {year} 年：请命名为 {year}.json",
        "holds year {year}; name it {year}.json"
    )
}
