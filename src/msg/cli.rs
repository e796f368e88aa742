//! What the command line says about how it was called.

pub fn demo_as_of() -> String {
    said!(
        "--as-of 显示当时的调度台；演示会新建一个（去掉 --as-of）",
        "--as-of shows a desk as it stood; the demo seeds a new one (drop --as-of)"
    )
}

pub fn takes_no_flag(event: &str, flag: &str) -> String {
    said!("{event} 不接受 {flag}", "{event} takes no {flag}")
}

pub fn takes_other_flags(event: &str, flag: &str, takes: &str) -> String {
    said!(
        "{event} 不接受 {flag}（它接受 {takes}）",
        "{event} takes no {flag} (it takes {takes})"
    )
}

pub fn needs_flag(event: &str, flag: &str, what: &str) -> String {
    said!("{event} 需要 {flag} {what}", "{event} needs {flag} {what}")
}

pub fn not_a_log_command() -> String {
    said!("不是记录命令", "not a log command")
}

pub fn void_takes_entry(got: &str) -> String {
    said!(
        "void 需要记录编号，不是 {got:?}",
        "void takes an entry number, not {got:?}"
    )
}

pub fn void_needs_entry() -> String {
    said!(
        "void 需要记录编号（见 `ticket show`）和 --reason 理由",
        "void needs the entry number (see `ticket show`) and --reason TEXT"
    )
}

pub fn takes_no_entry(event: &str, got: &str) -> String {
    said!(
        "{event} 不接受记录编号（{got:?}）",
        "{event} takes no entry number ({got:?})"
    )
}

pub fn bad_outcome(outcome: &str) -> String {
    said!(
        "--outcome {outcome:?} 不是 resolved 或 unresolved",
        "--outcome {outcome:?} is not resolved or unresolved"
    )
}

pub fn bad_rating(rating: &str) -> String {
    said!(
        "--rating {rating:?} 不是 1 到 5 的整数",
        "--rating {rating:?} is not a whole number from 1 to 5"
    )
}

pub fn not_a_duration(flag: &str, w: &str) -> String {
    said!(
        "{flag} {w:?} 不是 30m、2h 这样的时长",
        "{flag} {w:?} is not a duration like 30m or 2h"
    )
}

pub fn due_or_in_not_both() -> String {
    said!(
        "callback_promised 接受 --due 或 --in，不能两个都给",
        "callback_promised takes --due or --in, not both"
    )
}

pub fn due_or_in() -> String {
    said!(
        "callback_promised 需要 --due 时间 或 --in 时长",
        "callback_promised needs --due TIME or --in DURATION"
    )
}

/// An action nobody knows, on the command line (`action_done --action`)
/// or in a policy or contract file: worded once for both.
pub fn unknown_action(name: &str, known: &str) -> String {
    said!(
        "没有措施 {name:?}（可选：{known}）",
        "unknown action {name:?} (one of: {known})"
    )
}

pub fn unknown_event(name: &str, known: &str) -> String {
    said!(
        "没有事件 {name:?}（可选：{known}）",
        "unknown event {name:?} (one of: {known})"
    )
}

pub fn by_needs_caller() -> String {
    said!(
        "--by 指接电话的人：请同时给出 --caller 或 --phone",
        "--by names who took the call: give --caller or --phone too"
    )
}

pub fn needs_note(event: &str) -> String {
    said!("{event} 需要 --note 内容", "{event} needs --note TEXT")
}

pub fn void_is_now() -> String {
    said!(
        "作废按当前时间记录：不接受 --at",
        "void is recorded now: it takes no --at"
    )
}

pub fn reason_goes_with_force() -> String {
    said!(
        "--reason 与 --force 一起用（派合同规定不该派的人）",
        "--reason goes with --force (sending someone the contract says not to)"
    )
}

pub fn force_needs_reason() -> String {
    said!(
        "--force 需要 --reason 理由：为什么仍要派",
        "--force needs --reason TEXT: why they are sent anyway"
    )
}

pub fn bad_lat_lon() -> String {
    said!(
        "--lat 须在 ±90 以内，--lon 须在 ±180 以内",
        "--lat must be within ±90 and --lon within ±180"
    )
}

pub fn lat_lon_together() -> String {
    said!("--lat 和 --lon 要一起给", "--lat and --lon go together")
}

pub fn unknown_city(c: &str) -> String {
    said!(
        "不认识城市 {c:?}（不在内置城市表中；请给 --lat/--lon）",
        "unknown city {c:?} (not in the bundled city table; give --lat/--lon)"
    )
}

pub fn not_km(d: &str) -> String {
    said!(
        "距离 {d:?} 不是公里数",
        "distance {d:?} is not a number of km"
    )
}

pub fn no_office_place() -> String {
    said!(
        "没有分公司有城市或坐标：请给 --distance-km",
        "no office has a city or coordinates: give --distance-km"
    )
}

pub fn give_distance() -> String {
    said!(
        "请给 --distance-km，或用 --city / --lat --lon 来计算",
        "give --distance-km, or --city / --lat --lon to compute it"
    )
}

pub fn distance_range(km: f64, max: f64) -> String {
    said!(
        "--distance-km {km} 必须在 0 到 {max} 公里之间",
        "--distance-km {km} must be from 0 to {max} km"
    )
}

pub fn unknown_contract(c: &str, known: &str) -> String {
    said!(
        "没有合同 {c:?}（已有：{known}）",
        "unknown contract {c:?} (known: {known})"
    )
}

pub fn needs_name(what_zh: &str, what_en: &str) -> String {
    said!("{what_zh}需要名称", "{what_en} needs a name")
}

pub fn unknown_role(role: &str, known: &str) -> String {
    said!(
        "没有角色 {role:?}（可选：{known}）",
        "unknown role {role:?} (one of: {known})"
    )
}

pub fn bad_shift(s: &str) -> String {
    said!(
        "班次 {s:?} 不是 HH:MM-HH:MM",
        "shift {s:?} is not HH:MM-HH:MM"
    )
}

pub fn equipment_needs_model() -> String {
    said!(
        "设备需要 --model 和 --serial",
        "equipment needs --model and --serial"
    )
}

pub fn not_a_date(flag: &str, s: &str, example: &str) -> String {
    said!(
        "{flag} {s:?} 不是 {example} 这样的日期",
        "{flag} {s:?} is not a date like {example}"
    )
}

pub fn bad_warranty_years(y: &str) -> String {
    said!(
        "--warranty-years {y:?} 不是 0 到 30 的整数",
        "--warranty-years {y:?} is not a whole number from 0 to 30"
    )
}

pub fn level_not_number(s: &str) -> String {
    said!(
        "级别 {s:?} 不是 1–4 的数字",
        "level {s:?} is not a number 1–4"
    )
}

pub fn no_completions(shell: &str) -> String {
    said!(
        "没有 {shell:?} 的补全（bash、zsh、fish、elvish 或 powershell）",
        "no completions for {shell:?} (bash, zsh, fish, elvish or powershell)"
    )
}

pub fn opens_a_screen() -> String {
    said!(
        "这个命令会打开界面；请从主程序运行",
        "this command opens a screen; run it from main"
    )
}

pub fn unknown_plan_kind(kind: &str) -> String {
    said!(
        "没有计划类型 {kind:?}（可选：inspection patch upgrade training health_check）",
        "unknown plan kind {kind:?} (one of: inspection patch upgrade training health_check)"
    )
}

pub fn bad_interval(every: &str) -> String {
    said!(
        "--every {every:?} 不是 10d、2w、3mo、1y 这样的间隔",
        "--every {every:?} is not an interval like 10d, 2w, 3mo or 1y"
    )
}

pub fn first_before_today(first: &str, today: &str) -> String {
    said!(
        "--first {first} 早于今天（{today}）",
        "--first {first} is before today ({today})"
    )
}

pub fn to_before_from(to: &str, from: &str) -> String {
    said!(
        "--to {to} 早于 --from {from}",
        "--to {to} is before --from {from}"
    )
}

pub fn report_too_long() -> String {
    said!("报表最多覆盖三年", "a report covers at most three years")
}

pub fn bad_report_by(b: &str) -> String {
    said!(
        "--by {b:?} 不是 level、zone、milestone、engineer、customer 或 contract",
        "--by {b:?} is not level, zone, milestone, engineer, customer or contract"
    )
}

pub fn bad_format(format: &str) -> String {
    said!(
        "--format {format:?} 不是 md、csv 或 json",
        "--format {format:?} is not md, csv or json"
    )
}

pub fn mine_needs_name() -> String {
    said!(
        "--mine 需要你的名字：设置 FAULTLINE_USER 或 config.toml 里的 `user`",
        "--mine needs your name: set FAULTLINE_USER or `user` in config.toml"
    )
}

pub fn no_config_folder() -> String {
    said!(
        "没有配置文件夹：请用 --config 文件夹",
        "no config folder: pass --config DIR"
    )
}

pub fn no_hook(name: &str, have: &str) -> String {
    said!(
        "config.toml 里没有名为 {name:?} 的通知（已有：{have}）",
        "no hook named {name:?} in config.toml (have: {have})"
    )
}

/// Import: what is wrong with one cell of a file, the cell named before.
pub mod import {
    pub fn empty() -> String {
        said!("不能为空", "must not be empty")
    }

    pub fn cannot_import(kind: &str) -> String {
        said!(
            "不能导入 {kind:?}（可选：offices sites engineers equipment）",
            "cannot import {kind:?} (one of: offices sites engineers equipment)"
        )
    }

    pub fn cannot_read(file: &str, e: &dyn std::fmt::Display) -> String {
        said!("无法读取 {file}：{e}", "cannot read {file}: {e}")
    }

    pub fn unknown_column(h: &str, known: &str) -> String {
        said!(
            "列 {h:?} 不是 {known} 之一",
            "column {h:?} is not one of {known}"
        )
    }

    pub fn missing_column(col: &str, kind: &str) -> String {
        said!(
            "缺少列 {col:?}（见 assets/import/{kind}.csv）",
            "the column {col:?} is missing (see assets/import/{kind}.csv)"
        )
    }

    pub fn unknown_city(c: &str) -> String {
        said!(
            "不认识城市 {c:?}（留空，或用 assets/geo/cn-cities.csv 中的城市）",
            "unknown city {c:?} (leave it empty, or use a city in assets/geo/cn-cities.csv)"
        )
    }

    pub fn bad_distance(d: &str, max: f64) -> String {
        said!(
            "{d:?} 不是 0 到 {max} 公里的距离",
            "{d:?} is not a distance from 0 to {max} km"
        )
    }

    pub fn no_place_to_measure() -> String {
        said!(
            "为空，且没有分公司有位置可量距离",
            "empty, and no office has a place to measure from"
        )
    }

    pub fn give_distance() -> String {
        said!("请给距离，或已知的城市", "give a distance, or a known city")
    }

    pub fn bad_yes_no(v: &str) -> String {
        said!(
            "{v:?} 不是 是/否（yes/no、1/0）",
            "{v:?} is not yes/no (是/否, 1/0)"
        )
    }

    pub fn unknown_contract(c: &str) -> String {
        said!("没有合同 {c:?}", "unknown contract {c:?}")
    }

    pub fn bad_shift(s: &str) -> String {
        said!(
            "{s:?} 不是 08:00-20:00 这样的班次",
            "{s:?} is not like 08:00-20:00"
        )
    }

    pub fn bad_date(s: &str) -> String {
        said!(
            "{s:?} 不是 2025-06-30 这样的日期",
            "{s:?} is not a date like 2025-06-30"
        )
    }

    pub fn bad_years(y: &str) -> String {
        said!(
            "{y:?} 不是 0 到 30 的整数",
            "{y:?} is not a whole number from 0 to 30"
        )
    }
}

/// The command line could not be parsed (clap's own words, translated for
/// the kinds a person meets; others stay clap's).
pub mod args {
    pub fn unknown_argument(arg: &str) -> String {
        said!(
            "不认识的参数 {arg}（见 faultline --help）",
            "unexpected argument {arg} (see faultline --help)"
        )
    }

    pub fn unknown_command(cmd: &str) -> String {
        said!(
            "不认识的命令 {cmd}（见 faultline --help）",
            "unrecognized command {cmd} (see faultline --help)"
        )
    }

    pub fn missing(args: &str) -> String {
        said!(
            "缺少必需的参数：{args}",
            "required arguments missing: {args}"
        )
    }

    pub fn invalid_value(arg: &str, value: &str) -> String {
        said!(
            "{arg} 的值 {value:?} 无效",
            "invalid value {value:?} for {arg}"
        )
    }

    pub fn needs_value(arg: &str) -> String {
        said!("{arg} 需要一个值", "{arg} needs a value")
    }
}
