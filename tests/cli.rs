//! The scripting CLI, run as a real process on a temporary database.

mod common;

use common::{refused, Desk, NOW};

#[test]
fn ticket_open_prints_the_new_id_alone() {
    let desk = Desk::new().seeded();
    assert_eq!(desk.open("苏州数据中心", 1, "阵列控制器离线", &[]), "1001");
    assert_eq!(desk.open("张江机房", 4, "日志满", &[]), "1002");
}

#[test]
fn sla_json_carries_the_promised_fields() {
    let desk = Desk::new().seeded();
    let id = desk.open(
        "苏州数据中心",
        1,
        "阵列控制器离线",
        &["--at", "2026-11-27 13:50", "--onsite"],
    );
    desk.ok(&[
        "ticket",
        "log",
        &id,
        "responded",
        "--at",
        "2026-11-27 13:55",
        "--by",
        "赵敏",
    ]);
    desk.ok(&["ticket", "assign", &id, "王磊"]);
    let v = desk.json(&["sla", "--json"]);
    let t = &v[0];
    assert_eq!(t["id"], 1001);
    assert_eq!(t["title"], "阵列控制器离线");
    assert_eq!(t["site"], "苏州数据中心");
    assert_eq!(t["level"], 1);
    assert_eq!(t["assignees"][0], "王磊");
    let names: Vec<&str> = t["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "remote_response",
            "expert_response",
            "process_start",
            "onsite_arrival",
            "restoration"
        ]
    );
    let m = &t["milestones"][0];
    assert_eq!(m["due"], "2026-11-27T14:20:00+08:00");
    assert_eq!(m["met_at"], "2026-11-27T13:55:00+08:00");
    assert_eq!(m["breached"], false);
    assert_eq!(m["rule"], "standard");
    assert_eq!(
        t["milestones"][3]["due"], "2026-11-27T19:50:00+08:00",
        "zone 3, 6 h"
    );
    assert_eq!(t["milestones"][3]["rule"], "standard/zone-3");
    assert_eq!(
        t["milestones"][4]["due"],
        serde_json::Value::Null,
        "restoration waits for arrival"
    );
    assert_eq!(t["next_deadline"], "2026-11-27T14:20:00+08:00");
    assert_eq!(t["remaining_seconds"], 15 * 60);
    assert!(t["escalations"].as_array().unwrap().is_empty());
    assert!(t["actions"].as_array().unwrap().is_empty());
}

#[test]
fn a_missed_restoration_shows_the_raise_and_exits_three() {
    let desk = Desk::new().seeded();
    let id = desk.open("张江机房", 3, "快照失败", &["--at", "2026-11-27 09:00"]);
    desk.log_at(&id, "responded", "2026-11-27 09:10");
    let r = desk.run(&["sla", "--json"]);
    assert_eq!(r.code, 3, "a breached ticket is shown");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let esc = &v[0]["escalations"];
    assert_eq!(esc[0]["at"], "2026-11-27T11:10:00+08:00");
    assert_eq!(
        (esc[0]["from"].as_i64(), esc[0]["to"].as_i64()),
        (Some(3), Some(2))
    );
    assert_eq!(
        esc.as_array().unwrap().len(),
        1,
        "the level-2 window runs to 14:10: {esc}"
    );
    let restoration = v[0]["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "restoration")
        .unwrap()
        .clone();
    assert_eq!(restoration["due"], "2026-11-27T14:10:00+08:00");
    let later: serde_json::Value =
        serde_json::from_str(&desk.at("2026-11-27 14:11", &["sla", "--json"]).stdout).unwrap();
    assert_eq!(
        later[0]["level"], 1,
        "the chain goes on to level 1 at 14:10"
    );
    // Restoration at L3 and L2, expert response at L3 and L2 (never logged),
    // the L3 director response and the L2 process start: all stay on record.
    assert_eq!(later[0]["breaches"].as_array().unwrap().len(), 6);
}

#[test]
fn the_table_shows_overdue_time_with_a_minus_sign() {
    let desk = Desk::new().seeded();
    desk.open(
        "张江机房",
        2,
        "复制链路中断",
        &["--at", "2026-11-27 13:22:30"],
    );
    let r = desk.run(&["sla"]);
    assert_eq!(r.code, 3);
    assert!(r.stdout.contains("-0:12:30"), "{}", r.stdout);
    assert!(r.stdout.contains("超时"), "{}", r.stdout);
}

#[test]
fn on_call_staff_see_only_their_tickets() {
    let desk = Desk::new().seeded();
    let a = desk.open("张江机房", 2, "甲", &[]);
    desk.open("张江机房", 3, "乙", &[]);
    desk.ok(&["ticket", "assign", &a, "王磊"]);
    let out = desk.ok(&["sla", "--engineer", "王磊"]);
    assert!(out.contains("甲") && !out.contains("乙"), "{out}");
    let mine = desk
        .cmd()
        .env("FAULTLINE_USER", "王磊")
        .args(["sla", "--mine"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&mine.stdout).contains("甲"));
}

#[test]
fn waive_negotiate_and_set_level_are_logged_with_their_options() {
    let desk = Desk::new().seeded();
    let id = desk.open(
        "乌鲁木齐机房",
        2,
        "远程复制延迟",
        &["--at", "2026-11-27 10:00", "--onsite"],
    );
    let v = desk.json(&["sla", "--json"]);
    assert_eq!(v[0]["milestones"][3]["name"], "onsite_arrival");
    assert_eq!(v[0]["milestones"][3]["due"], serde_json::Value::Null);
    assert_eq!(v[0]["negotiation_pending"], true);
    desk.ok(&[
        "ticket",
        "log",
        &id,
        "negotiated",
        "--deadline",
        "2026-11-28T18:00:00+08:00",
        "--at",
        "2026-11-27 10:30",
    ]);
    desk.log_at(&id, "responded", "2026-11-27 10:05");
    desk.ok(&[
        "ticket",
        "log",
        &id,
        "set_level",
        "--level",
        "3",
        "--reason",
        "已有替代方案",
        "--at",
        "2026-11-27 11:00",
    ]);
    desk.log_at(&id, "arrived", "2026-11-27 13:00");
    desk.ok(&[
        "ticket",
        "log",
        &id,
        "waive",
        "--agreed-by",
        "客户张总",
        "--reason",
        "等待割接窗口",
    ]);
    let v = desk.json(&["sla", "--json"]);
    let due = |name: &str| {
        v[0]["milestones"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == name)
            .unwrap()["due"]
            .clone()
    };
    assert_eq!(due("onsite_arrival"), "2026-11-28T18:00:00+08:00");
    assert_eq!(due("restoration"), "2026-11-27T15:00:00+08:00");
    assert_eq!(v[0]["level"], 3);
    assert_eq!(v[0]["waivers"][0]["agreed_by"], "客户张总");
    assert_eq!(v[0]["escalations"][0]["reason"], "已有替代方案");
}

#[test]
fn sla_all_includes_closed_tickets() {
    let desk = Desk::new().seeded();
    let id = desk.open("张江机房", 4, "日志满", &["--at", "2026-11-27 13:00"]);
    desk.log_at(&id, "restored", "2026-11-27 13:30");
    desk.sign_opinion(&id);
    desk.ok(&["ticket", "log", &id, "closed"]);
    assert_eq!(desk.json(&["sla", "--json"]).as_array().unwrap().len(), 0);
    assert_eq!(desk.json(&["sla", "--json", "--all"])[0]["state"], "closed");
}

#[test]
fn customer_text_reaches_the_terminal_inert() {
    let desk = Desk::new().seeded();
    desk.open(
        "张江机房",
        4,
        "坏\u{1b}[2J\u{1b}]0;pwn\u{7}标题\u{202e}",
        &[],
    );
    let out = desk.run(&["sla"]).stdout;
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{202e}') && !out.contains('\u{7}'),
        "{out:?}"
    );
    assert!(out.contains("坏标题"));
}

// ---- bad input: one line on stderr, exit 2, nothing written --------------

#[test]
fn an_unknown_site_is_refused() {
    let desk = Desk::new().seeded();
    refused(
        &desk,
        &[
            "ticket",
            "open",
            "--site",
            "火星机房",
            "--level",
            "1",
            "--title",
            "x",
        ],
        "火星机房",
    );
}

#[test]
fn level_five_is_refused() {
    let desk = Desk::new().seeded();
    refused(
        &desk,
        &[
            "ticket",
            "open",
            "--site",
            "张江机房",
            "--level",
            "5",
            "--title",
            "x",
        ],
        "没有 5 级",
    );
    refused(
        &desk,
        &[
            "ticket",
            "open",
            "--site",
            "张江机房",
            "--level",
            "一",
            "--title",
            "x",
        ],
        "级别",
    );
}

#[test]
fn a_malformed_time_is_refused() {
    let desk = Desk::new().seeded();
    refused(
        &desk,
        &[
            "ticket",
            "open",
            "--site",
            "张江机房",
            "--level",
            "2",
            "--title",
            "x",
            "--at",
            "27/11/2026 10:00",
        ],
        "27/11/2026",
    );
    let r = desk
        .cmd()
        .env("FAULTLINE_NOW", "yesterday")
        .args(["sla"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
}

/// Issue 11: every refusal in the user's language, from the argument
/// parser, the store (an unknown ticket), the engine (a second response) and
/// the CLI itself (an unknown event), and English only when asked for.
#[test]
fn a_refusal_is_worded_in_the_users_language() {
    let desk = Desk::new().seeded();
    let id = desk.open("张江机房", 2, "x", &["--at", "2026-11-27 13:00"]);
    desk.log_at(&id, "responded", "2026-11-27 13:10");
    let cases: [(&[&str], &str, &str); 4] = [
        (
            &["sla", "--bogus"],
            "不认识的参数 --bogus",
            "unexpected argument --bogus",
        ),
        (
            &["ticket", "show", "9999"],
            "没有工单 #9999",
            "no ticket #9999",
        ),
        (
            &["ticket", "log", &id, "responded"],
            "“已响应”已在 2026-11-27 13:10 记录",
            "responded already at 2026-11-27 13:10",
        ),
        (
            &["ticket", "log", &id, "teleported"],
            "没有事件",
            "unknown event",
        ),
    ];
    for (args, zh, en) in cases {
        let r = desk.run_in("zh", args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(zh), "{args:?}: {}", r.stderr);
        assert!(!r.stderr.contains(en), "{args:?}: {}", r.stderr);
        let r = desk.run_in("en", args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(en), "{args:?}: {}", r.stderr);
        assert!(
            !r.stderr
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "no Chinese in English: {}",
            r.stderr
        );
    }
}

#[test]
fn an_event_that_makes_no_sense_is_refused() {
    let desk = Desk::new().seeded();
    let id = desk.open("张江机房", 2, "x", &["--at", "2026-11-27 13:00"]);
    refused(&desk, &["ticket", "log", &id, "arrived"], "需要到场");
    refused(&desk, &["ticket", "log", &id, "closed"], "尚未恢复");
    refused(&desk, &["ticket", "log", &id, "hardware_ready"], "硬件");
    refused(&desk, &["ticket", "log", &id, "teleported"], "没有事件");
    refused(&desk, &["ticket", "log", &id, "waive"], "--agreed-by");
    refused(&desk, &["ticket", "log", "4242", "responded"], "4242");
    refused(
        &desk,
        &["ticket", "log", "abc", "responded"],
        "<ID> 的值 \"abc\" 无效",
    );
    desk.log_at(&id, "responded", "2026-11-27 13:10");
    refused(&desk, &["ticket", "log", &id, "responded"], "已在");
    refused(&desk, &["ticket", "assign", &id, "何军"], "项目经理");
    refused(&desk, &["ticket", "assign", &id, "无名氏"], "无名氏");
}

/// Zone 6 on Thu 31 Dec 2026: the 2nd working day falls in 2027.
const ZONE_SIX_ON_NEW_YEARS_EVE: &[&str] = &[
    "ticket",
    "open",
    "--site",
    "武汉机房",
    "--level",
    "2",
    "--title",
    "x",
    "--at",
    "2026-12-31 10:00",
    "--onsite",
];

#[test]
fn a_fault_in_a_year_without_a_calendar_opens_with_a_provisional_arrival() {
    let desk = Desk::new().seeded();
    // Zone 6 on Thu 31 Dec 2026: the 2nd working day falls in 2027, which has
    // no file; the call is recorded and the arrival is provisional (Mon–Fri).
    let r = desk.at("2026-12-31 10:10", ZONE_SIX_ON_NEW_YEARS_EVE);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let id = r.stdout.trim().to_string();
    let v = desk.at("2026-12-31 10:10", &["sla", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&v.stdout).unwrap();
    let arrival = v[0]["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "onsite_arrival")
        .unwrap()
        .clone();
    assert_eq!(arrival["due"], "2027-01-01T18:00:00+08:00");
    assert_eq!(arrival["provisional"], true);
    assert_eq!(arrival["calendar_missing"], 2027);
    let response = &v[0]["milestones"][0];
    assert_eq!(response["name"], "remote_response");
    assert_eq!(response["provisional"], false);
    assert_eq!(v[0]["calendar_missing"], 2027);
    // Events log too, and the ticket's detail marks the deadline.
    let r = desk.at("2026-12-31 10:20", &["ticket", "log", &id, "responded"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let show = desk.at("2026-12-31 10:20", &["ticket", "show", &id]);
    let arrival = show
        .stdout
        .lines()
        .find(|l| l.contains("到达现场"))
        .unwrap_or_default();
    assert!(arrival.contains("暂定 (2027)"), "{}", show.stdout);
}

#[test]
fn next_years_calendar_is_a_dropped_in_file() {
    let desk = Desk::new().seeded();
    std::fs::create_dir_all(desk.config().join("calendar/cn")).unwrap();
    std::fs::write(
        desk.config().join("calendar/cn/2027.json"),
        r#"{"year": 2027, "papers": [], "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}"#,
    )
    .unwrap();
    let r = desk.at("2026-12-31 10:10", ZONE_SIX_ON_NEW_YEARS_EVE);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = desk.at("2026-12-31 10:10", &["sla", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&v.stdout).unwrap();
    // Thu 31 Dec → Fri 1 Jan 2027 is off → Mon 4 Jan.
    assert_eq!(v[0]["milestones"][3]["due"], "2027-01-04T18:00:00+08:00");
}

#[test]
fn a_broken_calendar_file_is_a_one_line_error_naming_it() {
    let desk = Desk::new().seeded();
    std::fs::create_dir_all(desk.config().join("calendar/cn")).unwrap();
    std::fs::write(desk.config().join("calendar/cn/2027.json"), "{ broken").unwrap();
    refused(
        &desk,
        &[
            "ticket",
            "open",
            "--site",
            "张江机房",
            "--level",
            "2",
            "--title",
            "x",
        ],
        "2027.json",
    );
}

#[test]
fn an_unknown_contract_or_role_is_refused() {
    let desk = Desk::new().seeded();
    refused(
        &desk,
        &[
            "site",
            "add",
            "新站点",
            "--distance-km",
            "10",
            "--contract",
            "nope",
        ],
        "nope",
    );
    refused(
        &desk,
        &["site", "add", "新站点", "--distance-km", "-3"],
        "-3",
    );
    refused(
        &desk,
        &[
            "engineer",
            "add",
            "新人",
            "--role",
            "wizard",
            "--office",
            "上海分公司",
        ],
        "wizard",
    );
    refused(
        &desk,
        &[
            "engineer",
            "add",
            "新人",
            "--role",
            "senior",
            "--office",
            "火星分公司",
        ],
        "火星分公司",
    );
    refused(
        &desk,
        &["site", "add", "张江机房", "--distance-km", "10"],
        "已有名为",
    );
}

#[test]
fn after_the_warranty_a_ticket_opens_held_unless_a_project_manager_approved_it() {
    let desk = Desk::new().seeded();
    // The demo contract's warranty runs to 2028-06-30.
    let later = "2028-07-02 10:00";
    let r = desk.at(
        later,
        &[
            "ticket",
            "open",
            "--site",
            "苏州数据中心",
            "--level",
            "3",
            "--title",
            "x",
        ],
    );
    // Recorded (section 6: a fault is never refused), but held.
    assert_eq!(r.code, 0, "{}", r.stderr);
    let held = r.stdout.trim().to_string();
    let shown = desk.at(later, &["ticket", "show", &held, "--json"]);
    assert!(shown.stdout.contains("\"held\": true"), "{}", shown.stdout);
    let r = desk.at(
        later,
        &[
            "ticket",
            "open",
            "--site",
            "苏州数据中心",
            "--level",
            "3",
            "--title",
            "x",
            "--approved-by",
            "何军",
        ],
    );
    // Approved, it opens (its working-day deadlines provisional: no 2028
    // calendar ships), and the ticket says who approved it.
    assert_eq!(r.code, 0, "{}", r.stderr);
    let id = r.stdout.trim().to_string();
    assert!(id.parse::<i64>().is_ok(), "{id}");
    let shown = desk.at(later, &["ticket", "show", &id, "--json"]);
    assert!(shown.stdout.contains("何军"), "{}", shown.stdout);
    assert!(shown.stdout.contains("\"held\": false"), "{}", shown.stdout);
}

#[test]
fn a_corrupt_database_is_a_one_line_runtime_error() {
    let desk = Desk::new();
    std::fs::write(desk.db(), vec![b'#'; 4096]).unwrap();
    let r = desk.run(&["sla"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stderr.trim().lines().count(), 1);
    assert!(r.stderr.contains("不是 faultline 数据库"), "{}", r.stderr);
}

#[test]
fn a_locked_database_is_reported_not_waited_on_forever() {
    let desk = Desk::new().seeded();
    let conn = rusqlite::Connection::open(desk.db()).unwrap();
    conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let before = std::time::Instant::now();
    let r = desk.run(&[
        "ticket",
        "open",
        "--site",
        "张江机房",
        "--level",
        "2",
        "--title",
        "x",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("锁定"), "{}", r.stderr);
    assert!(before.elapsed().as_secs() < 30);
    conn.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn on_a_live_desk_a_fixed_now_only_reads() {
    let desk = Desk::live();
    let before = desk.dump();
    for args in [
        &["sweep"][..],
        &["office", "add", "上海分公司", "--city", "上海"],
    ] {
        let r = desk.run(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("正式调度台") && r.stderr.contains("--now"),
            "{}",
            r.stderr
        );
        assert_eq!(r.stderr.trim().lines().count(), 1);
    }
    assert_eq!(desk.dump(), before);
    // Reads under --now still work (what-if, replay).
    assert_eq!(desk.run(&["sla", "--json"]).code, 0);
    let _ = NOW;
}

#[test]
fn a_site_given_a_city_gets_its_distance_from_the_nearest_office() {
    let desk = Desk::new().seeded();
    desk.ok(&["office", "add", "南京办事处", "--city", "南京"]);
    desk.ok(&["site", "add", "无锡灾备中心", "--city", "无锡"]);
    let sites: serde_json::Value =
        serde_json::from_str(&desk.ok(&["site", "list", "--json"])).unwrap();
    let wuxi = sites
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "无锡灾备中心")
        .unwrap();
    let km = wuxi["distance_km"].as_f64().unwrap();
    // Shanghai is nearer than Nanjing: ~110 km straight × 1.3.
    assert!((120.0..170.0).contains(&km), "{km}");
    assert_eq!(wuxi["city"], "无锡");
    // An explicit distance wins over the computed one.
    desk.ok(&[
        "site",
        "add",
        "无锡二号机房",
        "--city",
        "无锡",
        "--distance-km",
        "30",
    ]);
    let sites: serde_json::Value =
        serde_json::from_str(&desk.ok(&["site", "list", "--json"])).unwrap();
    assert!(sites
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["name"] == "无锡二号机房" && s["distance_km"] == 30.0));
    refused(&desk, &["site", "add", "火星站", "--city", "火星"], "火星");
    refused(&desk, &["site", "add", "无位置站"], "--distance-km");
    refused(
        &desk,
        &["site", "add", "半坐标站", "--lat", "31.2"],
        "--lon",
    );
}

const CALENDAR_2027: &str = r#"{"year": 2027, "papers": [], "days": [
    {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
    {"name": "春节", "date": "2027-02-08", "isOffDay": true},
    {"name": "春节", "date": "2027-02-20", "isOffDay": false}
]}"#;

#[test]
fn calendar_status_lists_years_sources_and_warns_before_coverage_ends() {
    let desk = Desk::new();
    let r = desk.run(&["calendar", "status"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("2025\tcn\tassets/calendar/cn/2025.json"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("2026-12-31"), "{}", r.stdout);
    // 27 Nov → 31 Dec is within 45 days: the warning names the missing year.
    assert!(
        r.stdout.contains("2027") && r.stdout.contains("calendar import"),
        "{}",
        r.stdout
    );
    let early = desk.at("2026-06-01 10:00", &["calendar", "status"]);
    assert!(!early.stdout.contains("警告"), "{}", early.stdout);
}

#[test]
fn calendar_import_validates_and_copies_into_the_config_folder() {
    let desk = Desk::new().seeded();
    let file = desk.dir.path().join("next.json");
    std::fs::write(&file, CALENDAR_2027).unwrap();
    let r = desk.run(&["calendar", "import", file.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(desk.config().join("calendar/cn/2027.json").exists());
    let status = desk.ok(&["calendar", "status"]);
    assert!(status.contains("2027-12-31"), "{status}");
    assert!(desk.ok(&["calendar", "check"]).contains("2025 2026 2027"));
    // With the year's file, nothing is provisional: Fri 1 Jan is a holiday,
    // so the 2nd working day after Thu 31 Dec is Mon 4 Jan.
    desk.at("2026-12-31 10:10", ZONE_SIX_ON_NEW_YEARS_EVE);
    let v = desk.at("2026-12-31 10:10", &["sla", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&v.stdout).unwrap();
    assert_eq!(v[0]["calendar_missing"], serde_json::Value::Null);
    assert_eq!(v[0]["milestones"][3]["due"], "2027-01-04T18:00:00+08:00");
    assert_eq!(v[0]["milestones"][3]["provisional"], false);
}

#[test]
fn calendar_import_refuses_a_broken_file_naming_it_and_the_date() {
    let desk = Desk::new();
    let cases = [
        (
            r#"{"year": 2027, "days": [{"date": "2027-01-05", "isOffDay": false}]}"#,
            "2027-01-05",
        ),
        (
            r#"{"year": 2027, "days": [{"date": "2028-01-01", "isOffDay": true}]}"#,
            "2028-01-01",
        ),
        (
            r#"{"year": 2027, "days": [{"date": "2027-02-30", "isOffDay": true}]}"#,
            "2027-02-30",
        ),
        (
            r#"{"year": 2027, "days": [{"date": "2027-05-01", "isOffDay": true}, {"date": "2027-05-01", "isOffDay": false}]}"#,
            "2027-05-01",
        ),
        ("{ not json", "bad.json"),
    ];
    for (text, says) in cases {
        let file = desk.dir.path().join("bad.json");
        std::fs::write(&file, text).unwrap();
        let r = desk.run(&["calendar", "import", file.to_str().unwrap()]);
        assert_eq!(r.code, 2, "{text}: {}", r.stderr);
        assert!(
            r.stderr.contains(says) && r.stderr.contains("bad.json"),
            "{text}: {}",
            r.stderr
        );
        assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
        assert!(!desk.config().join("calendar/cn/2027.json").exists());
    }
}

#[test]
fn calendar_check_names_a_broken_file_in_the_config_folder() {
    let desk = Desk::new();
    std::fs::create_dir_all(desk.config().join("calendar/cn")).unwrap();
    std::fs::write(
        desk.config().join("calendar/cn/2027.json"),
        r#"{"year": 2027, "days": [{"date": "2027-03-03", "isOffDay": false}]}"#,
    )
    .unwrap();
    let r = desk.run(&["calendar", "check"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("2027.json") && r.stderr.contains("2027-03-03"),
        "{}",
        r.stderr
    );
    // A file named for another year is refused too.
    std::fs::write(
        desk.config().join("calendar/cn/2027.json"),
        CALENDAR_2027.replace("2027", "2028"),
    )
    .unwrap();
    let r = desk.run(&["calendar", "check"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("2028.json"), "{}", r.stderr);
}

#[test]
fn sla_all_streams_every_ticket_in_number_order() {
    let desk = Desk::bare();
    let r = desk.run(&["demo", "--seed-only", "--extra-tickets", "1200"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // More than two 500-ticket batches, one valid JSON array.
    let v = desk.json(&["sla", "--all", "--json"]);
    let ids: Vec<i64> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    assert!(ids.len() > 1200, "{}", ids.len());
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "ticket order");
    let table = desk.run(&["sla", "--all"]);
    assert_eq!(table.stdout.lines().count(), ids.len());
}

#[test]
fn rebuild_on_a_desk_whose_summaries_are_current_appends_nothing() {
    let desk = Desk::new().seeded();
    let id = desk.open("张江机房", 4, "日志满", &["--at", "2026-11-27 09:00"]);
    for kind in ["responded", "restored"] {
        desk.ok(&["ticket", "log", &id, kind, "--at", "2026-11-27 10:00"]);
    }
    desk.sign_opinion(&id);
    desk.ok(&["ticket", "log", &id, "closed"]);
    let before = desk.dump();
    assert!(before.contains("outcomes: "), "the close wrote its summary");
    assert_eq!(desk.ok(&["rebuild"]), "已核对 1 张工单，追加 0 行结果");
    assert_eq!(desk.dump(), before);
}

#[test]
fn sla_watch_piped_prints_plain_snapshots_with_no_cursor_codes() {
    use std::io::Read;
    let desk = Desk::new().seeded();
    desk.open("张江机房", 3, "慢", &[]);
    let mut child = desk
        .cmd()
        .args(["sla", "--watch"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read until two pictures have come (a busy machine may be slow to
    // start), at most ten seconds.
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let mut buf = [0u8; 4096];
        let started = std::time::Instant::now();
        while started.elapsed() < std::time::Duration::from_secs(10) {
            match stdout.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => text.extend_from_slice(&buf[..n]),
            }
            if String::from_utf8_lossy(&text).matches("慢").count() >= 2 {
                break;
            }
        }
        String::from_utf8_lossy(&text).into_owned()
    });
    let text = reader.join().unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!text.contains('\x1b'), "{text:?}");
    assert!(
        text.matches("慢").count() >= 2,
        "two snapshots at least: {text}"
    );
    assert!(
        text.contains("2026-11-27"),
        "each headed by the clock: {text}"
    );
}

#[test]
fn completions_and_the_man_page_come_from_the_command_definitions() {
    let desk = Desk::new();
    let bash = desk.ok(&["completions", "bash"]);
    assert!(
        bash.contains("timeline") && bash.contains("--as-of"),
        "{bash}"
    );
    assert!(desk
        .ok(&["completions", "fish"])
        .contains("complete -c faultline"));
    let man = desk.ok(&["man"]);
    assert!(man.contains(".TH faultline 1"), "{man}");
    common::refused(&desk, &["completions", "tcsh"], "的补全");
}

#[test]
fn the_contract_decides_who_may_be_sent_unless_forced_with_a_reason() {
    let desk = Desk::new().seeded();
    let id = desk.open("张江机房", 2, "控制器离线", &["--onsite"]);
    // A remote engineer on a level-2 on-site ticket: refused, nothing written.
    common::refused(&desk, &["ticket", "assign", &id, "赵敏"], "需要高级工程师");
    // Off duty: refused too.
    desk.ok(&["engineer", "off", "王磊"]);
    common::refused(&desk, &["ticket", "assign", &id, "王磊"], "不在岗");
    common::refused(
        &desk,
        &["ticket", "assign", &id, "王磊", "--reason", "就近"],
        "--reason 与 --force 一起用",
    );
    // Forced with a reason: assigned, and the log says why.
    desk.ok(&[
        "ticket",
        "assign",
        &id,
        "王磊",
        "--force",
        "--reason",
        "唯一在附近的高级工程师",
        "--by",
        "林晓",
    ]);
    let v = desk.json(&["ticket", "show", &id, "--json"]);
    let e = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "assigned")
        .cloned()
        .unwrap();
    assert_eq!(e["engineer"], "王磊");
    assert!(
        e["note"]
            .as_str()
            .unwrap()
            .contains("唯一在附近的高级工程师"),
        "{e:#}"
    );
    assert_eq!(e["by"], "林晓");
}
