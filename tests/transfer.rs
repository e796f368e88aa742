//! A ticket's timeline, the export, backup and restore through the real binary.

mod common;

use common::{refused, Desk};

/// A level-3 remote ticket: responded, restored late by a back-dated entry
/// recorded at 14:05, one entry voided.
fn ticket_with_a_story(desk: &Desk) -> String {
    let id = desk.open(
        "张江机房",
        3,
        "快照失败 | 夜间",
        &["--at", "2026-11-27 09:00"],
    );
    desk.ok(&["ticket", "assign", &id, "王磊", "--by", "林晓"]);
    desk.ok(&[
        "ticket",
        "log",
        &id,
        "responded",
        "--at",
        "2026-11-27 09:10",
        "--by",
        "林晓",
    ]);
    desk.ok(&[
        "ticket",
        "log",
        &id,
        "note",
        "--note",
        "客户说, \"今晚\"必须恢复",
        "--by",
        "林晓",
    ]);
    desk.ok(&[
        "ticket",
        "log",
        &id,
        "restored",
        "--at",
        "2026-11-27 12:00",
        "--by",
        "林晓",
        "--performed-by",
        "王磊",
    ]);
    id
}

#[test]
fn a_timeline_holds_deadlines_entries_actors_and_late_records_in_three_formats() {
    let desk = Desk::new().seeded();
    let id = ticket_with_a_story(&desk);
    let json = desk.json(&["ticket", "timeline", &id, "--format", "json"]);
    let lines = json.as_array().unwrap();
    let find = |what: &str, name: &str| {
        lines
            .iter()
            .find(|l| l["what"] == what && l["name"] == name)
            .unwrap_or_else(|| panic!("no {what} {name} in {json:#}"))
    };
    // Level 3 remote: response due 30 min after 09:00… per the standard table.
    assert_eq!(find("due", "remote_response")["rule"], "标准表");
    assert_eq!(
        find("met", "restoration")["at"],
        "2026-11-27T12:00:00+08:00"
    );
    let restored = find("entry", "restored");
    assert_eq!(restored["performed_by"], "王磊");
    assert_eq!(restored["by"], "林晓");
    // Back-dated by two hours: recorded late, and says when.
    assert_eq!(restored["recorded_late"], "2026-11-27T14:05:00+08:00");
    assert_eq!(find("entry", "assigned")["by"], "林晓");
    // In time order.
    let ats: Vec<&str> = lines.iter().map(|l| l["at"].as_str().unwrap()).collect();
    assert!(ats.windows(2).all(|w| w[0] <= w[1]), "{ats:?}");

    // CSV: opened back with the csv crate, quotes and commas intact.
    let csv_text = desk.ok(&["ticket", "timeline", &id, "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "at");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), lines.len());
    let note = rows.iter().find(|r| &r[2] == "note").unwrap();
    assert_eq!(&note[8], "客户说, \"今晚\"必须恢复");

    // Markdown: a table to paste, the title's `|` escaped.
    let md = desk.ok(&["ticket", "timeline", &id]);
    assert!(md.contains("快照失败 \\| 夜间"), "{md}");
    assert!(md.contains("| 时间 | 记录 |"), "{md}");
    assert!(md.contains("补录于"), "{md}");
    refused(
        &desk,
        &["ticket", "timeline", &id, "--format", "pdf"],
        "不是 md、csv 或 json",
    );
}

#[test]
fn export_writes_one_ticket_per_line_with_its_whole_log() {
    let desk = Desk::new().seeded();
    let a = ticket_with_a_story(&desk);
    let b = desk.open("武汉机房", 4, "日志满", &[]);
    let out = desk.ok(&["export", "--json"]);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"].to_string(), a);
    assert_eq!(lines[1]["id"].to_string(), b);
    let kinds: Vec<&str> = lines[0]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    for kind in ["assigned", "responded", "note", "restored"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
}

#[test]
fn a_backup_taken_while_another_process_writes_is_whole_and_consistent() {
    let desk = Desk::new().seeded();
    let id = desk.open("张江机房", 3, "慢", &[]);
    // A writer appending notes as fast as it can, in its own processes.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (stop, db, config, id) = (stop.clone(), desk.db(), desk.config(), id.clone());
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let s = std::process::Command::new(env!("CARGO_BIN_EXE_faultline"))
                    .env("FAULTLINE_DB", &db)
                    .env("FAULTLINE_CONFIG", &config)
                    .env("FAULTLINE_NOW", common::NOW)
                    .args(["ticket", "log", &id, "note", "--note", &format!("写入 {n}")])
                    .output()
                    .unwrap();
                assert!(s.status.success(), "{}", String::from_utf8_lossy(&s.stderr));
                n += 1;
            }
            n
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(300));
    let before: i64 = rusqlite::Connection::open(desk.db())
        .unwrap()
        .query_row("SELECT MAX(id) FROM events", [], |r| r.get(0))
        .unwrap();
    let copy = desk.config().join("copy.db");
    let r = desk.run(&["backup", copy.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::thread::sleep(std::time::Duration::from_millis(500));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.join().unwrap();
    assert!(written >= 2, "the writer kept writing ({written})");
    let conn = rusqlite::Connection::open(&copy).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let c = rusqlite::Connection::open(desk.db()).unwrap();
    c.execute("ATTACH ?1 AS copy", [copy.to_str().unwrap()])
        .unwrap();
    let missing: i64 = c
        .query_row(
            "SELECT COUNT(*) FROM events WHERE id <= ?1 AND id NOT IN (SELECT id FROM copy.events)",
            [before],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        missing, 0,
        "every entry committed before the backup is in it"
    );
    // The copy is a desk: the CLI reads it.
    let r = desk.run(&["--db", copy.to_str().unwrap(), "ticket", "show", &id]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    refused(&desk, &["backup", copy.to_str().unwrap()], "已存在");
}

#[test]
fn restore_checks_the_file_first_and_keeps_the_replaced_desk() {
    let desk = Desk::new().seeded();
    let first = desk.open("张江机房", 3, "第一张", &[]);
    let copy = desk.config().join("copy.db");
    desk.ok(&["backup", copy.to_str().unwrap()]);
    let second = desk.open("武汉机房", 4, "第二张", &[]);
    // Not a desk, and a damaged copy: refused, nothing replaced.
    let text = desk.config().join("notes.txt");
    std::fs::write(&text, "not a database").unwrap();
    refused(&desk, &["restore", text.to_str().unwrap()], "notes.txt");
    let foreign = desk.config().join("other.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    refused(
        &desk,
        &["restore", foreign.to_str().unwrap()],
        "不是调度台数据库",
    );
    let r = desk.run(&["restore", copy.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let kept = r.stdout.trim().to_string();
    assert!(std::path::Path::new(&kept).exists(), "{kept}");
    assert_eq!(desk.run(&["ticket", "show", &first]).code, 0);
    assert_eq!(
        desk.run(&["ticket", "show", &second]).code,
        2,
        "restored to before #2"
    );
    // The replaced desk is whole, with the second ticket.
    let r = desk.run(&["--db", &kept, "ticket", "show", &second]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}
