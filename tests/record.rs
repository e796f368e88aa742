//! Section 7, the record: one truth after any back-dating, every entry with
//! its actor, corrections by `void`, honest clocks, desks that are what they
//! say, damage that stays on its ticket. Real processes on real files.

mod common;

use common::{refused, Desk};

fn events(desk: &Desk, id: &str) -> Vec<serde_json::Value> {
    desk.json(&["ticket", "show", id, "--json"])["events"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The number of the ticket's first entry of this kind.
fn entry_of(desk: &Desk, id: &str, kind: &str) -> i64 {
    events(desk, id)
        .iter()
        .find(|e| e["kind"] == kind)
        .and_then(|e| e["id"].as_i64())
        .unwrap_or_else(|| panic!("#{id} has no {kind} entry"))
}

fn kinds(desk: &Desk, id: &str) -> Vec<String> {
    events(desk, id)
        .iter()
        .map(|e| e["kind"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_second_restoration_is_refused_whatever_its_time() {
    let desk = Desk::new().seeded();
    let id = desk.open("张江机房", 2, "复制链路中断", &["--at", "2026-11-27 13:45"]);
    desk.log_at(&id, "responded", "2026-11-27 13:50");
    desk.log_at(&id, "restored", "2026-11-27 14:00");
    // Earlier than the first one: still a second restoration.
    refused(
        &desk,
        &["ticket", "log", &id, "restored", "--at", "2026-11-27 13:55"],
        "“已恢复”已在",
    );
    refused(
        &desk,
        &[
            "ticket",
            "log",
            &id,
            "responded",
            "--at",
            "2026-11-27 13:46",
        ],
        "“已响应”已在",
    );
}

#[test]
fn a_back_dated_restoration_before_a_later_entry_is_refused() {
    let desk = Desk::new().seeded();
    let id = desk.open(
        "张江机房",
        2,
        "x",
        &["--at", "2026-11-27 13:00", "--onsite"],
    );
    desk.log_at(&id, "responded", "2026-11-27 13:05");
    desk.log_at(&id, "arrived", "2026-11-27 13:40");
    refused(
        &desk,
        &["ticket", "log", &id, "restored", "--at", "2026-11-27 13:30"],
        "已到场",
    );
}

#[test]
fn hardware_waits_and_readies_must_alternate_in_time() {
    let desk = Desk::new().seeded();
    let id = desk.open("张江机房", 3, "x", &["--at", "2026-11-27 12:00"]);
    desk.log_at(&id, "responded", "2026-11-27 12:05");
    desk.log_at(&id, "hardware_wait", "2026-11-27 12:30");
    desk.log_at(&id, "hardware_ready", "2026-11-27 13:00");
    // A ready before the wait, and a second ready for the same wait.
    refused(
        &desk,
        &[
            "ticket",
            "log",
            &id,
            "hardware_ready",
            "--at",
            "2026-11-27 12:20",
        ],
        "并未等待硬件",
    );
    refused(
        &desk,
        &[
            "ticket",
            "log",
            &id,
            "hardware_ready",
            "--at",
            "2026-11-27 12:45",
        ],
        "并未等待硬件",
    );
}

#[test]
fn an_event_before_the_report_or_after_the_clock_is_refused() {
    let desk = Desk::new().seeded();
    let id = desk.open("张江机房", 2, "x", &["--at", "2026-11-27 13:00"]);
    refused(
        &desk,
        &[
            "ticket",
            "log",
            &id,
            "responded",
            "--at",
            "2026-11-27 12:59",
        ],
        "早于报障时间",
    );
    refused(
        &desk,
        &[
            "ticket",
            "log",
            &id,
            "responded",
            "--at",
            "2026-11-27 14:30",
        ],
        "在未来",
    );
    for at in ["1899-01-01 10:00", "9999-01-01 10:00"] {
        let r = desk.run(&[
            "ticket",
            "open",
            "--site",
            "张江机房",
            "--level",
            "2",
            "--title",
            "x",
            "--at",
            at,
        ]);
        assert_eq!(r.code, 2, "{at}: {}", r.stderr);
    }
}

#[test]
fn a_waiver_recorded_after_the_deadline_is_refused_even_when_back_dated() {
    let desk = Desk::new().seeded();
    // L3 taken 11:00 → restoration due 13:00; now is 14:05.
    let id = desk.open("张江机房", 3, "x", &["--at", "2026-11-27 10:55"]);
    desk.log_at(&id, "responded", "2026-11-27 11:00");
    refused(
        &desk,
        &[
            "ticket",
            "log",
            &id,
            "waive",
            "--agreed-by",
            "客户张总",
            "--reason",
            "割接",
            "--at",
            "2026-11-27 12:00",
        ],
        "set_level",
    );
}

#[test]
fn a_back_dated_hardware_wait_retracts_the_recorded_raise_and_records_the_real_one() {
    let desk = Desk::new().seeded();
    // L3 remote, responded 10:00 → restoration due 12:00.
    let id = desk.open("张江机房", 3, "快照失败", &["--at", "2026-11-27 09:55"]);
    // Logged at 14:05, after the fact: the same write records the raise
    // 3→2 at 12:00 that the log now implies (2→1 is due 15:00).
    desk.log_at(&id, "responded", "2026-11-27 10:00");
    assert_eq!(desk.ok(&["sweep"]), "0", "nothing left for the sweep");
    let raised: Vec<_> = events(&desk, &id)
        .into_iter()
        .filter(|e| e["kind"] == "raised")
        .collect();
    assert_eq!(raised.len(), 1, "{raised:?}");
    assert_eq!(raised[0]["at"], "2026-11-27T12:00:00+08:00");
    // Hardware was in fact awaited 11:00–13:00: the fresh window runs from
    // 13:00 (2 h → 15:00), so the 12:00 raise never happened.
    desk.log_at(&id, "hardware_wait", "2026-11-27 11:00");
    let wait_id = events(&desk, &id)
        .iter()
        .find(|e| e["kind"] == "hardware_wait")
        .map(|e| e["id"].clone())
        .unwrap();
    let show = desk.json(&["ticket", "show", &id, "--json"]);
    assert_eq!(show["level"], 3, "paused since 11:00: no raise");
    let retracted = events(&desk, &id)
        .into_iter()
        .find(|e| e["kind"] == "raise_retracted")
        .expect("the 12:00 raise is retracted, appended");
    assert_eq!(retracted["due"], "2026-11-27T12:00:00+08:00");
    assert_eq!(retracted["cause"], wait_id, "with the entry that caused it");
    assert!(
        kinds(&desk, &id).contains(&"raised".to_string()),
        "the old record stays"
    );
    desk.log_at(&id, "hardware_ready", "2026-11-27 13:00");
    // Restoration 13:00 + 2 h = 15:00, still ahead at 14:05: level 3, and
    // the recorded raises agree (none standing).
    let show = desk.json(&["ticket", "show", &id, "--json"]);
    assert_eq!(show["level"], 3);
    assert_eq!(desk.ok(&["sweep"]), "0");
}

#[test]
fn void_corrects_an_entry_and_the_timeline_keeps_both() {
    let desk = Desk::new().seeded();
    let id = desk.open("张江机房", 2, "x", &["--at", "2026-11-27 13:00"]);
    desk.log_at(&id, "responded", "2026-11-27 13:05");
    let wrong = desk.log_at(&id, "restored", "2026-11-27 13:30");
    assert_eq!(
        desk.json(&["ticket", "show", &id, "--json"])["state"],
        "restored"
    );
    let void = desk.ok(&[
        "ticket",
        "log",
        &id,
        "void",
        &wrong,
        "--reason",
        "误操作, 未恢复",
        "--by",
        "周婷",
    ]);
    let show = desk.json(&["ticket", "show", &id, "--json"]);
    assert_eq!(
        show["state"], "open",
        "the engine no longer sees the voided entry"
    );
    let evs = events(&desk, &id);
    let restored = evs.iter().find(|e| e["kind"] == "restored").unwrap();
    assert_eq!(restored["voided_by"].to_string(), void);
    let v = evs.iter().find(|e| e["kind"] == "void").unwrap();
    assert_eq!(v["by"], "周婷");
    assert_eq!(v["reason"], "误操作, 未恢复");
    let text = desk.ok(&["ticket", "show", &id]);
    assert!(text.contains("已作废") && text.contains("误操作"), "{text}");
    // Refusals: twice, a correction of a correction, no reason, unknown entry.
    refused(
        &desk,
        &["ticket", "log", &id, "void", &wrong, "--reason", "again"],
        "已被 #3 作废",
    );
    refused(
        &desk,
        &["ticket", "log", &id, "void", &void, "--reason", "x"],
        "本身就是更正",
    );
    refused(&desk, &["ticket", "log", &id, "void", &wrong], "--reason");
    refused(
        &desk,
        &["ticket", "log", &id, "void", "99999", "--reason", "x"],
        "99999",
    );
    // Restoring again after the correction is allowed.
    desk.log_at(&id, "restored", "2026-11-27 14:00");
}

#[test]
fn a_derived_raise_cannot_be_voided() {
    let desk = Desk::new().seeded();
    let id = desk.open("张江机房", 3, "x", &["--at", "2026-11-27 09:55"]);
    desk.log_at(&id, "responded", "2026-11-27 10:00");
    let raised = events(&desk, &id)
        .into_iter()
        .find(|e| e["kind"] == "raised")
        .expect("recorded with the back-dated response");
    refused(
        &desk,
        &[
            "ticket",
            "log",
            &id,
            "void",
            &raised["id"].to_string(),
            "--reason",
            "x",
        ],
        "由系统推导",
    );
}

#[test]
fn every_entry_says_who_recorded_it_and_who_performed_it() {
    let desk = Desk::new().seeded();
    let id = desk.open("张江机房", 2, "x", &["--at", "2026-11-27 13:00"]);
    let mut c = desk.cmd();
    c.env("FAULTLINE_USER", "周婷")
        .args(["ticket", "assign", &id, "王磊"]);
    assert!(c.output().unwrap().status.success());
    let mut c = desk.cmd();
    c.env("FAULTLINE_USER", "周婷").args([
        "ticket",
        "log",
        &id,
        "responded",
        "--at",
        "2026-11-27 13:10",
    ]);
    assert!(c.output().unwrap().status.success());
    desk.ok(&[
        "ticket",
        "log",
        &id,
        "expert_engaged",
        "--by",
        "李娜",
        "--performed-by",
        "刘洋",
    ]);
    let evs = events(&desk, &id);
    let find = |k: &str| evs.iter().find(|e| e["kind"] == k).unwrap().clone();
    assert_eq!(find("assigned")["by"], "周婷");
    assert_eq!(find("assigned")["engineer"], "王磊");
    assert_eq!(find("responded")["by"], "周婷");
    assert_eq!(
        find("responded")["performed_by"],
        "王磊",
        "default: the assignee"
    );
    assert_eq!(find("expert_engaged")["by"], "李娜");
    assert_eq!(find("expert_engaged")["performed_by"], "刘洋");
    // Recorded 14:05 for 13:10: more than 15 minutes late.
    assert_eq!(find("responded")["late"], true);
    assert_eq!(
        find("responded")["recorded_at"],
        "2026-11-27T14:05:00+08:00"
    );
    let text = desk.ok(&["ticket", "show", &id]);
    assert!(
        text.contains("补录") && text.contains("执行 王磊"),
        "{text}"
    );
}

#[test]
fn a_look_alike_name_is_the_same_engineer() {
    let desk = Desk::new().seeded();
    refused(
        &desk,
        &[
            "engineer",
            "add",
            "王\u{2060}磊",
            "--role",
            "senior",
            "--office",
            "上海分公司",
        ],
        "已有名为",
    );
    refused(
        &desk,
        &[
            "engineer",
            "add",
            "王磊\u{00ad}",
            "--role",
            "senior",
            "--office",
            "上海分公司",
        ],
        "已有名为",
    );
}

#[test]
fn a_missing_desk_is_refused_and_nothing_is_created() {
    let desk = Desk::bare();
    let db = desk.dir.path().join("typo/x.db");
    let r = desk.run(&["--db", db.to_str().unwrap(), "sla"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("init") && r.stderr.contains("typo/x.db"),
        "{}",
        r.stderr
    );
    assert!(!desk.dir.path().join("typo").exists(), "no folder created");
    let r = desk.run(&["--db", db.to_str().unwrap(), "init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("simulated"),
        "created under --now: {}",
        r.stdout
    );
    let again = desk.run(&["--db", db.to_str().unwrap(), "init"]);
    assert_eq!(again.code, 2, "{}", again.stderr);
}

#[test]
fn a_foreign_sqlite_file_is_refused_untouched() {
    let desk = Desk::bare();
    let db = desk.db();
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('mine');")
            .unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    for args in [
        &["sla"][..],
        &[
            "ticket", "open", "--site", "x", "--level", "1", "--title", "t",
        ],
        &["wall"],
    ] {
        let r = desk.run(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("不是调度台数据库"), "{}", r.stderr);
    }
    assert_eq!(std::fs::read(&db).unwrap(), before, "not a byte changed");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tables, 1);
}

#[test]
fn one_damaged_ticket_shows_as_an_error_row_and_the_rest_works() {
    let desk = Desk::new().seeded();
    let good = desk.open("张江机房", 2, "好的工单", &[]);
    let bad_kind = desk.open("张江机房", 1, "坏事件", &[]);
    let bad_json = desk.open("张江机房", 3, "坏载荷", &[]);
    let bad_title = desk.open("张江机房", 4, "坏标题", &[]);
    {
        let conn = rusqlite::Connection::open(desk.db()).unwrap();
        conn.execute(
            "INSERT INTO events (ticket_id, at, recorded_at, kind, payload) VALUES (?1, 0, 0, 'teleported', '{\"kind\":\"teleported\"}')",
            [&bad_kind],
        ).unwrap();
        conn.execute(
            "INSERT INTO events (ticket_id, at, recorded_at, kind, payload) VALUES (?1, 0, 0, 'note', 'not json')",
            [&bad_json],
        ).unwrap();
        conn.execute(
            "UPDATE tickets SET title = CAST(X'E59D8FFF' AS TEXT) WHERE id = ?1",
            [&bad_title],
        )
        .unwrap();
    }
    let r = desk.run(&["sla", "--json"]);
    assert_eq!(
        r.code, 1,
        "a damaged ticket is a runtime failure: {}",
        r.stderr
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let by_id = |id: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"].as_i64().map(|n| n.to_string()).as_deref() == Some(id))
            .cloned()
            .unwrap()
    };
    assert!(by_id(&good)["error"].is_null());
    assert!(by_id(&good)["next_deadline"].is_string());
    let e = by_id(&bad_kind)["error"].as_str().unwrap().to_string();
    assert!(
        e.contains(&format!("#{bad_kind}")) && e.contains("event #") && e.contains("teleported"),
        "{e}"
    );
    let e = by_id(&bad_json)["error"].as_str().unwrap().to_string();
    assert!(e.contains("not JSON"), "{e}");
    let e = by_id(&bad_title)["error"].as_str().unwrap().to_string();
    assert!(e.contains("UTF-8"), "{e}");
    // Writing to a damaged ticket is refused; to a good one it works.
    refused(&desk, &["ticket", "log", &bad_kind, "responded"], "已损坏");
    desk.ok(&["ticket", "log", &good, "responded"]);
}

#[test]
fn out_of_range_numbers_are_one_line_errors() {
    let desk = Desk::new().seeded();
    for km in ["1e308", "-5", "20001", "NaN"] {
        refused(
            &desk,
            &["site", "add", "远方", "--distance-km", km],
            "distance",
        );
    }
    let r = desk
        .cmd()
        .env("FAULTLINE_SPEED", "1e300")
        .arg("sla")
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("FAULTLINE_SPEED"));
    let r = desk.run(&["demo", "--seed-only", "--extra-tickets", "99999999999"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    std::fs::create_dir_all(desk.config().join("policy")).unwrap();
    let policy = include_str!("../assets/policy/standard.toml").replacen(
        "restoration = \"3h\"",
        "restoration = \"3000000000h\"",
        1,
    );
    std::fs::write(desk.config().join("policy/standard.toml"), policy).unwrap();
    let r = desk.run(&["sla"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("standard.toml") && r.stderr.contains("restoration"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let desk = Desk::new().seeded();
    for i in 0..30 {
        desk.open("张江机房", 2, &format!("工单 {i}"), &[]);
    }
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "FAULTLINE_DB='{}' FAULTLINE_CONFIG='{}' FAULTLINE_NOW='2026-11-27 14:05' '{}' sla --json | head -1",
            desk.db().display(),
            desk.config().display(),
            env!("CARGO_BIN_EXE_faultline")
        ))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn what_reaches_stderr_is_inert() {
    let desk = Desk::new().seeded();
    let r = desk.run(&["ticket", "assign", "1", "王\u{1b}]0;pwned\u{7}磊\u{1b}[31m"]);
    assert_eq!(r.code, 2);
    assert!(
        !r.stderr.contains('\u{1b}') && !r.stderr.contains('\u{7}'),
        "{:?}",
        r.stderr
    );
}

#[test]
fn a_raise_derived_again_after_a_void_stands_and_later_writes_add_nothing_more() {
    let desk = Desk::new().seeded();
    let id = desk.open("张江机房", 2, "复制链路中断", &["--at", "2026-11-27 09:00"]);
    let at = |now: &str, args: &[&str]| {
        let r = desk.at(now, args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        r.stdout.trim().to_string()
    };
    at(
        "2026-11-27 09:01",
        &[
            "ticket",
            "log",
            &id,
            "responded",
            "--at",
            "2026-11-27 09:00",
        ],
    );
    // Restoration was due at 12:00: the sweep records the raise to level 1.
    assert_eq!(at("2026-11-27 12:01", &["sweep"]), "1");
    // Restored at 12:00 after all (on time): the raise is retracted.
    at(
        "2026-11-27 12:01",
        &["ticket", "log", &id, "restored", "--at", "2026-11-27 12:00"],
    );
    at(
        "2026-11-27 12:02",
        &[
            "ticket",
            "log",
            &id,
            "opinion",
            "--customer",
            "周主任",
            "--pm",
            "何军",
        ],
    );
    at("2026-11-27 12:02", &["ticket", "log", &id, "closed"]);
    let restored = entry_of(&desk, &id, "restored");
    // That restoration was entered on the wrong ticket: voided, the breach
    // stands again, and its raise (timed at 12:00, before the retraction)
    // is recorded once.
    at(
        "2026-11-27 12:05",
        &[
            "ticket",
            "log",
            &id,
            "void",
            &restored.to_string(),
            "--reason",
            "录错工单",
        ],
    );
    // Every later write reconciles the raises again, and finds the one
    // standing: reopening and sweeping add nothing.
    let closed = entry_of(&desk, &id, "closed");
    at(
        "2026-11-27 12:06",
        &[
            "ticket",
            "log",
            &id,
            "void",
            &closed.to_string(),
            "--reason",
            "未恢复",
        ],
    );
    assert_eq!(at("2026-11-27 12:07", &["sweep"]), "0");
    let k = kinds(&desk, &id);
    assert_eq!(k.iter().filter(|k| *k == "raised").count(), 2, "{k:?}");
    assert_eq!(
        k.iter().filter(|k| *k == "raise_retracted").count(),
        1,
        "{k:?}"
    );
}
