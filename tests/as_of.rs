//! `--as-of`: the desk as it stood — only what had been recorded by then.

mod common;

use common::{refused, Desk};

#[test]
fn as_of_a_moment_shows_only_what_had_been_recorded_by_then() {
    let desk = Desk::new().seeded();
    // 10:00 a ticket is reported and recorded; 10:30 it is responded to.
    let early = desk.at(
        "2026-11-27 10:00",
        &[
            "ticket",
            "open",
            "--site",
            "张江机房",
            "--level",
            "3",
            "--title",
            "早",
        ],
    );
    let early = early.stdout.trim().to_string();
    assert_eq!(
        desk.at("2026-11-27 10:30", &["ticket", "log", &early, "responded"])
            .code,
        0
    );
    // Recorded at 13:00: an arrival back-dated to 11:00, and a ticket reported at
    // 12:00 whose record was only written then.
    assert_eq!(
        desk.at(
            "2026-11-27 13:00",
            &[
                "ticket",
                "log",
                &early,
                "onsite_required",
                "--at",
                "2026-11-27 10:40"
            ]
        )
        .code,
        0
    );
    let late = desk.at(
        "2026-11-27 13:00",
        &[
            "ticket",
            "open",
            "--site",
            "张江机房",
            "--level",
            "2",
            "--title",
            "晚",
            "--at",
            "2026-11-27 12:00",
        ],
    );
    let late = late.stdout.trim().to_string();

    // As of 12:30: the back-dated entry was not known, nor the later ticket.
    let v = desk.json(&["--as-of", "2026-11-27 12:30", "sla", "--json"]);
    let ids: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].to_string())
        .collect();
    assert_eq!(ids, std::slice::from_ref(&early), "{v:#}");
    assert_eq!(
        v[0]["onsite"], false,
        "the on-site entry was recorded at 13:00"
    );
    assert_eq!(v[0]["evaluated_at"], "2026-11-27T12:30:00+08:00");
    let shown = desk.json(&[
        "--as-of",
        "2026-11-27 12:30",
        "ticket",
        "show",
        &early,
        "--json",
    ]);
    let kinds: Vec<&str> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["responded"]);
    refused(
        &desk,
        &["--as-of", "2026-11-27 12:30", "ticket", "show", &late],
        &format!("没有工单 #{late}"),
    );
    // Now, both are known, with the back-dated entry in its place.
    let v = desk.json(&["sla", "--json"]);
    assert_eq!(v.as_array().unwrap().len(), 2);
    // As of a moment nothing is written (the console and the wall as of a
    // moment are in tests/tui_e2e.rs); the demo, which seeds, refuses it.
    refused(
        &desk,
        &[
            "--as-of",
            "2026-11-27 12:30",
            "ticket",
            "log",
            &early,
            "note",
            "--note",
            "x",
        ],
        "不记录任何内容",
    );
    refused(
        &desk,
        &["--as-of", "2026-11-27 12:30", "demo", "--seed-only"],
        "去掉 --as-of",
    );
}

#[test]
fn a_ticket_closed_after_the_moment_was_still_open_then() {
    let desk = Desk::new().seeded();
    let id = desk.at(
        "2026-11-27 09:00",
        &[
            "ticket",
            "open",
            "--site",
            "张江机房",
            "--level",
            "4",
            "--title",
            "日志满",
        ],
    );
    let id = id.stdout.trim().to_string();
    for (t, args) in [
        ("09:05", vec!["responded"]),
        ("09:30", vec!["restored"]),
        (
            "09:40",
            vec!["opinion", "--customer", "周主任", "--pm", "何军"],
        ),
        ("10:00", vec!["closed"]),
    ] {
        let mut a = vec!["ticket", "log", id.as_str()];
        a.extend(args);
        let r = desk.at(&format!("2026-11-27 {t}"), &a);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    assert_eq!(desk.json(&["sla", "--json"]).as_array().unwrap().len(), 0);
    let then = desk.json(&["--as-of", "2026-11-27 09:20", "sla", "--json"]);
    assert_eq!(then.as_array().unwrap().len(), 1, "open at 09:20: {then:#}");
    assert_eq!(then[0]["state"], "open");
}
