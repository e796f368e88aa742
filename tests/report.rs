//! `faultline report` against a fixture counted by hand.

mod common;

use common::{refused, Desk};

/// `ticket log ID EVENT` recorded at `at` itself (on time, not 补录).
fn log_at(desk: &Desk, id: &str, event: &str, at: &str, extra: &[&str]) {
    let mut args = vec!["ticket", "log", id, event, "--by", "林晓"];
    args.extend_from_slice(extra);
    let r = desk.at(&format!("2026-11-26 {at}"), &args);
    assert_eq!(r.code, 0, "{event} at {at}: {}", r.stderr);
}

fn open_at(desk: &Desk, level: &str, at: &str, title: &str) -> String {
    let r = desk.at(
        &format!("2026-11-26 {at}"),
        &[
            "ticket",
            "open",
            "--site",
            "张江机房",
            "--level",
            level,
            "--title",
            title,
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout.trim().to_string()
}

/// On 2026-11-26, at 张江机房 (zone 1, remote tickets):
///
/// | ticket | level | reported | remote response (due)  | expert (due)         | other |
/// |---|---|---|---|---|---|
/// | A | 4 | 09:00 | 09:10 met (09:15)      | 09:50 met (10:00)    | |
/// | B | 4 | 10:00 | 10:20 late (10:15), recorded 12:00 (补录) | never: breached (11:00) | |
/// | C | 4 | 11:00 | 11:05 met (11:15)      | 11:30 met (12:00)    | |
/// | E | 3 | 13:00 | 13:10 met (13:30)      | 13:30 met (14:00)    | director 13:40 met (14:00); restored 14:00 met (15:10); follow-up rating 4 at 15:00 |
///
/// Level 4: 6 deadlines, 4 met, 1 late, 1 breached → 66.7 %; responses
/// 10, 20, 5 min → p50 (2nd of 3) 10 min, p90 (3rd) 20 min, max 20 min;
/// 2 breaches; 1 late entry. Level 3: 4 of 4 met → 100 %; response 10 min;
/// restored 60 min after the report; one rating, 4. All: 8 of 10 → 80 %,
/// 4 tickets. A ticket reported on the 25th (D) counts nowhere.
fn fixture() -> Desk {
    let desk = Desk::new().seeded();
    desk.ok(&["site", "set", "张江机房", "--pm", "何军"]);
    let d = {
        let r = desk.at(
            "2026-11-25 09:00",
            &[
                "ticket",
                "open",
                "--site",
                "张江机房",
                "--level",
                "4",
                "--title",
                "D",
            ],
        );
        r.stdout.trim().to_string()
    };
    assert_eq!(
        desk.at("2026-11-25 09:05", &["ticket", "log", &d, "responded"])
            .code,
        0
    );
    let a = open_at(&desk, "4", "09:00", "A");
    log_at(&desk, &a, "responded", "09:10", &[]);
    log_at(&desk, &a, "expert_engaged", "09:50", &[]);
    let b = open_at(&desk, "4", "10:00", "B");
    log_at(
        &desk,
        &b,
        "responded",
        "12:00",
        &["--at", "2026-11-26 10:20"],
    );
    let c = open_at(&desk, "4", "11:00", "C");
    log_at(&desk, &c, "responded", "11:05", &[]);
    log_at(&desk, &c, "expert_engaged", "11:30", &[]);
    let e = open_at(&desk, "3", "13:00", "E");
    log_at(&desk, &e, "responded", "13:10", &[]);
    log_at(&desk, &e, "expert_engaged", "13:30", &[]);
    log_at(&desk, &e, "director_engaged", "13:40", &[]);
    log_at(&desk, &e, "restored", "14:00", &[]);
    let r = desk.at(
        "2026-11-26 15:00",
        &[
            "ticket",
            "log",
            &e,
            "followup",
            "--by",
            "何军",
            "--contact",
            "周主任",
            "--outcome",
            "resolved",
            "--rating",
            "4",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    desk
}

#[test]
fn report_figures_match_the_hand_counted_fixture() {
    let desk = fixture();
    let v = desk.json(&[
        "report",
        "--from",
        "2026-11-26",
        "--to",
        "2026-11-26",
        "--by",
        "level",
        "--json",
    ]);
    let groups = v["groups"].as_array().unwrap();
    let g = |name: &str| {
        groups
            .iter()
            .find(|g| g["group"] == name)
            .unwrap_or_else(|| panic!("no group {name} in {v:#}"))
    };
    let l4 = g("L4");
    assert_eq!(l4["tickets"], 3);
    assert_eq!(
        (
            l4["met"].clone(),
            l4["late"].clone(),
            l4["breached"].clone()
        ),
        (4.into(), 1.into(), 1.into())
    );
    assert!((l4["on_time"].as_f64().unwrap() - 4.0 / 6.0).abs() < 1e-9);
    assert_eq!(l4["respond_seconds"]["p50"], 600);
    assert_eq!(l4["respond_seconds"]["p90"], 1200);
    assert_eq!(l4["respond_seconds"]["max"], 1200);
    assert_eq!(l4["breaches"], 2);
    assert_eq!(l4["late_entries"], 1);
    assert_eq!(l4["milestones"]["remote_response"]["late"], 1);
    assert_eq!(l4["milestones"]["expert_response"]["breached"], 1);
    let l3 = g("L3");
    assert_eq!(l3["tickets"], 1);
    assert_eq!(l3["on_time"], 1.0);
    assert_eq!(l3["restore_seconds"]["max"], 3600);
    assert_eq!(l3["followups"], 1);
    assert_eq!(l3["rating_mean"], 4.0);
    let all = g("all");
    assert_eq!(all["tickets"], 4);
    assert!((all["on_time"].as_f64().unwrap() - 0.8).abs() < 1e-9);
    assert_eq!(all["raises_automatic"], 0);

    // The CSV holds the same figures, read back with the csv crate.
    let text = desk.ok(&[
        "report",
        "--from",
        "2026-11-26",
        "--to",
        "2026-11-26",
        "--by",
        "level",
        "--csv",
    ]);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let head = r.headers().unwrap().clone();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let l4 = rows.iter().find(|x| &x[0] == "L4").unwrap();
    assert_eq!(&l4[col("on_time_pct")], "66.7");
    assert_eq!(&l4[col("respond_p50_seconds")], "600");
    assert_eq!(&l4[col("remote_response_on_time_pct")], "66.7");
    let total = rows.iter().find(|x| &x[0] == "all").unwrap();
    assert_eq!(&total[col("on_time_pct")], "80.0");
    assert_eq!(&total[col("tickets")], "4");

    // The table, for people.
    let table = desk.ok(&["report", "--from", "2026-11-26", "--to", "2026-11-26"]);
    assert!(table.contains("合计") && table.contains("80.0%"), "{table}");
    // By engineer: nobody was assigned.
    let v = desk.json(&[
        "report",
        "--from",
        "2026-11-26",
        "--to",
        "2026-11-26",
        "--by",
        "engineer",
        "--json",
    ]);
    assert_eq!(v["groups"][0]["group"], "—");
}

#[test]
fn a_report_with_a_bad_period_or_grouping_is_refused() {
    let desk = Desk::new().seeded();
    refused(
        &desk,
        &["report", "--from", "2026-11-30", "--to", "2026-11-01"],
        "早于 --from",
    );
    refused(
        &desk,
        &["report", "--from", "11/01", "--to", "2026-11-30"],
        "这样的日期",
    );
    refused(
        &desk,
        &[
            "report",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--by",
            "weather",
        ],
        "--by",
    );
}
