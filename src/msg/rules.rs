//! What is wrong in a rules file or in `config.toml`: the holiday
//! calendar (a desk adds one every year), the policy and contract files (a
//! new customer's terms) and the paging hooks. The file's own keys
//! (`max_km`, `on`, `exec` …) are quoted as written; a TOML syntax error
//! keeps the parser's own English detail after the file's name.

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

pub fn unknown_time_zone(tz: &str) -> String {
    said!("未知时区 {tz:?}", "unknown time zone {tz:?}")
}

pub fn not_hh_mm(field: &str, value: &str) -> String {
    said!(
        "{field} {value:?} 不是 HH:MM",
        "{field} {value:?} is not HH:MM"
    )
}

pub fn not_between(field: &str, value: u32, low: u32, high: u32) -> String {
    said!(
        "{field} {value} 不在 {low} 到 {high} 之间",
        "{field} {value} is not between {low} and {high}"
    )
}

pub fn level_window_not_duration(level: &dyn std::fmt::Display, name: &str, s: &str) -> String {
    said!(
        "{level}级 {name}：{s:?} 不是 30m、2h 这样的时长",
        "level {level} {name}: {s:?} is not a duration like 30m or 2h"
    )
}

pub fn every_level_needed() -> String {
    said!(
        "一至四级每级都需要一个 [[level]] 表",
        "every level 1–4 needs a [[level]] table"
    )
}

pub fn zone_arrival_not_rule(zone: u8, s: &str) -> String {
    said!(
        "{zone}区：arrival {s:?} 不是时长、\"working day N\" 或 \"negotiated\"",
        "zone {zone}: arrival {s:?} is not a duration, \"working day N\" or \"negotiated\""
    )
}

pub fn zone_arrival_count(zone: u8) -> String {
    said!(
        "{zone}区：arrival 需要 3 项（一至三级）",
        "zone {zone}: arrival needs 3 entries (levels 1–3)"
    )
}

pub fn zone_bound_not_growing(zone: u8) -> String {
    said!(
        "{zone}区：max_km 必须逐区增大",
        "zone {zone}: max_km must grow from zone to zone"
    )
}

pub fn zone_open_not_last(zone: u8) -> String {
    said!(
        "{zone}区：只有最后一区可以不设 max_km",
        "zone {zone}: only the last zone may be open-ended"
    )
}

pub fn last_zone_bounded() -> String {
    said!(
        "最后一区不能设 max_km（它覆盖更远的所有距离）",
        "the last zone must have no max_km (it covers every longer distance)"
    )
}

pub fn acceptance_not_date(s: &str) -> String {
    said!(
        "acceptance {s:?} 不是 YYYY-MM-DD",
        "acceptance {s:?} is not YYYY-MM-DD"
    )
}

pub fn unknown_milestone(name: &str) -> String {
    said!("未知节点 {name:?}", "unknown milestone {name:?}")
}

pub fn window_not_duration(s: &str) -> String {
    said!("window {s:?} 不是时长", "window {s:?} is not a duration")
}

pub fn after_not_rule(s: &str) -> String {
    said!(
        "after {s:?} 不是时长或 \"working days N\"",
        "after {s:?} is not a duration or \"working days N\""
    )
}

pub fn too_many_terms() -> String {
    said!("期限条款过多", "too many deadline terms")
}

/// `config.toml`'s `[[hook]]` tables.
pub mod hook {
    pub fn not_duration(hook: &str, field: &str, s: &str) -> String {
        said!(
            "通知 {hook:?}：{field} {s:?} 不是 500ms、10s、2m 这样的时长",
            "hook {hook:?}: {field} {s:?} is not a duration like 500ms, 10s or 2m"
        )
    }

    pub fn zero(hook: &str, field: &str) -> String {
        said!(
            "通知 {hook:?}：{field} 必须大于 0",
            "hook {hook:?}: {field} must be more than 0"
        )
    }

    pub fn not_url(hook: &str, url: &str) -> String {
        said!(
            "通知 {hook:?}：{url:?} 不是 http(s) 地址",
            "hook {hook:?}: {url:?} is not an http(s) URL"
        )
    }

    pub fn needs_name() -> String {
        said!("[[hook]] 需要 name", "a [[hook]] needs a name")
    }

    pub fn unknown_trigger(hook: &str, t: &str) -> String {
        said!(
            "通知 {hook:?}：未知触发 {t:?}（new_l1、breach、raise、due_soon:15m、action_due）",
            "hook {hook:?}: unknown trigger {t:?} (new_l1, breach, raise, due_soon:15m, action_due)"
        )
    }

    pub fn nothing_on(hook: &str) -> String {
        said!(
            "通知 {hook:?}：`on` 没有列出要发送的事",
            "hook {hook:?}: `on` names nothing to send"
        )
    }

    pub fn bad_level(hook: &str, level: u8) -> String {
        said!(
            "通知 {hook:?}：等级 {level} 不在 1–4",
            "hook {hook:?}: level {level} is not 1–4"
        )
    }

    pub fn one_target(hook: &str) -> String {
        said!(
            "通知 {hook:?}：exec、wecom、dingtalk、webhook 须恰好给一个",
            "hook {hook:?}: give exactly one of exec, wecom, dingtalk, webhook"
        )
    }

    pub fn exec_needs_program(hook: &str) -> String {
        said!(
            "通知 {hook:?}：exec 需要程序",
            "hook {hook:?}: exec needs a program"
        )
    }

    pub fn bad_format(hook: &str, format: &str) -> String {
        said!(
            "通知 {hook:?}：format {format:?} 不是 text 或 markdown",
            "hook {hook:?}: format {format:?} is not text or markdown"
        )
    }

    pub fn timeout_too_long(hook: &str) -> String {
        said!(
            "通知 {hook:?}：timeout 最多 60s",
            "hook {hook:?}: timeout may be at most 60s"
        )
    }

    pub fn rate_zero(hook: &str) -> String {
        said!(
            "通知 {hook:?}：rate 至少每分钟 1 次",
            "hook {hook:?}: rate must be at least 1 a minute"
        )
    }

    pub fn attempts_zero(hook: &str) -> String {
        said!(
            "通知 {hook:?}：attempts 至少为 1",
            "hook {hook:?}: attempts must be at least 1"
        )
    }

    pub fn named_twice(hook: &str) -> String {
        said!("通知 {hook:?} 重名", "hook {hook:?} is named twice")
    }
}
