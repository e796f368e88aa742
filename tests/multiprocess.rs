//! Real processes racing on one SQLite file.

mod common;

use std::process::Child;

use common::{run_of, spawn_many, Desk};

#[test]
fn racing_sweepers_write_each_automatic_raise_exactly_once() {
    let desk = Desk::new().seeded();
    // Level 3 taken at 13:05 and never restored: on this simulated desk,
    // by 02:00 the next day it was raised 3→2 at 15:05 and 2→1 at 18:05.
    let id = desk.open("张江机房", 3, "快照失败", &["--at", "2026-11-27 13:00"]);
    desk.log_at(&id, "responded", "2026-11-27 13:05");
    let later = "2026-11-28 02:00";
    let children: Vec<Child> = (0..8)
        .map(|_| {
            desk.cmd()
                .env("FAULTLINE_NOW", later)
                .arg("sweep")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut written = 0;
    for c in children {
        let r = run_of(c.wait_with_output().unwrap());
        assert_eq!(r.code, 0, "{}", r.stderr);
        written += r.stdout.trim().parse::<usize>().unwrap();
    }
    assert_eq!(written, 2, "two raises, written once in all");
    let conn = rusqlite::Connection::open(desk.db()).unwrap();
    let audit: Vec<i64> = conn
        .prepare("SELECT at FROM events WHERE kind = 'raised' AND ticket_id = 1001 ORDER BY at")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(audit.len(), 2, "{audit:?}");
    // A later sweep finds nothing new.
    let again = desk.at(later, &["sweep"]);
    assert_eq!(again.stdout.trim(), "0");
}

#[test]
fn three_sweepers_at_once_create_each_plan_job_exactly_once() {
    let desk = Desk::new().seeded();
    // A daily plan (15 jobs within the horizon), a weekly one and a
    // floating one: 15 + 3 + 1 jobs in all.
    for (every, floating) in [("1d", false), ("1w", false), ("2w", true)] {
        let mut args = vec![
            "plan",
            "add",
            "--site",
            "张江机房",
            "--kind",
            "inspection",
            "--every",
            every,
            "--first",
            "2026-11-27",
        ];
        if floating {
            args.push("--floating");
        }
        desk.ok(&args);
    }
    for round in 0..10 {
        let mut created = 0;
        for r in spawn_many(&desk, 3, &["sweep"], false) {
            assert_eq!(r.code, 0, "{}", r.stderr);
            created += r
                .stdout
                .lines()
                .find_map(|l| l.strip_prefix("jobs "))
                .map_or(0, |n| n.parse::<usize>().unwrap());
        }
        assert_eq!(created, if round == 0 { 19 } else { 0 }, "round {round}");
    }
    let conn = rusqlite::Connection::open(desk.db()).unwrap();
    let (all, distinct): (i64, i64) = conn
        .query_row(
            "SELECT COUNT(*), COUNT(DISTINCT plan_id || '/' || seq) FROM jobs",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((all, distinct), (19, 19));
}

#[test]
fn two_dispatchers_logging_the_same_response_cannot_both_succeed() {
    let desk = Desk::new().seeded();
    let id = desk.open("张江机房", 2, "复制链路中断", &["--at", "2026-11-27 13:00"]);
    let runs = spawn_many(
        &desk,
        8,
        &[
            "ticket",
            "log",
            &id,
            "responded",
            "--at",
            "2026-11-27 13:10",
        ],
        false,
    );
    let ok = runs.iter().filter(|r| r.code == 0).count();
    assert_eq!(
        ok,
        1,
        "{:?}",
        runs.iter().map(|r| &r.stderr).collect::<Vec<_>>()
    );
    assert!(runs
        .iter()
        .filter(|r| r.code != 0)
        .all(|r| r.code == 2 && r.stderr.contains("已在")));
    let conn = rusqlite::Connection::open(desk.db()).unwrap();
    let n: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM events WHERE kind = 'responded'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn concurrent_opens_get_distinct_ticket_numbers() {
    let desk = Desk::new().seeded();
    let runs = spawn_many(
        &desk,
        8,
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
        false,
    );
    let mut ids: Vec<i64> = runs
        .iter()
        .map(|r| {
            r.stdout
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("{}", r.stderr))
        })
        .collect();
    ids.sort();
    assert_eq!(ids, (1001..=1008).collect::<Vec<_>>());
}

#[test]
fn a_reader_sees_another_processs_commit_through_data_version() {
    let desk = Desk::new().seeded();
    let store =
        faultline::store::Store::open(&desk.db(), faultline::store::Access::ReadOnly).unwrap();
    let mut watch = faultline::store::DataVersion::default();
    assert!(
        watch.changed(&store).unwrap(),
        "first look counts as a change"
    );
    assert!(!watch.changed(&store).unwrap());
    let mut snap = store.snapshot(chrono::Utc::now()).unwrap();
    desk.open("张江机房", 1, "新一级故障", &[]);
    assert!(watch.changed(&store).unwrap(), "another process committed");
    assert_eq!(store.refresh(&mut snap).unwrap(), 1);
    assert_eq!(snap.tickets[0].title, "新一级故障");
}

/// Spawns one faultline process with `args`.
fn spawn(desk: &Desk, args: &[&str]) -> Child {
    desk.cmd()
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn a_hundred_races_of_the_same_event_leave_exactly_one_each_time() {
    let desk = Desk::new().seeded();
    let (mut held, mut back_dated) = (0, 0);
    for race in 0..100 {
        let id = desk.open(
            "张江机房",
            2,
            &format!("竞争 {race}"),
            &["--at", "2026-11-27 13:00"],
        );
        // Every fifth race a third process holds the write lock for a while,
        // so both writers queue behind it and start together.
        let holder = (race % 5 == 0).then(|| {
            held += 1;
            let conn = rusqlite::Connection::open(desk.db()).unwrap();
            conn.execute_batch("BEGIN IMMEDIATE").unwrap();
            conn
        });
        // Half the races back-date the two writes to different times (the
        // replay-up-to-`at` check let both through); half use the clock.
        let kind = if race % 2 == 0 {
            "restored"
        } else {
            "responded"
        };
        let (a, b): (Vec<&str>, Vec<&str>) = if race % 4 < 2 {
            back_dated += 1;
            (
                vec!["ticket", "log", &id, kind, "--at", "2026-11-27 13:20"],
                vec!["ticket", "log", &id, kind, "--at", "2026-11-27 13:10"],
            )
        } else {
            (
                vec!["ticket", "log", &id, kind],
                vec!["ticket", "log", &id, kind],
            )
        };
        let children = [spawn(&desk, &a), spawn(&desk, &b)];
        if let Some(conn) = holder {
            std::thread::sleep(std::time::Duration::from_millis(150));
            conn.execute_batch("COMMIT").unwrap();
        }
        let runs: Vec<_> = children
            .into_iter()
            .map(|c| run_of(c.wait_with_output().unwrap()))
            .collect();
        let won = runs.iter().filter(|r| r.code == 0).count();
        assert_eq!(
            won,
            1,
            "race {race}: {runs:?}",
            runs = runs.iter().map(|r| &r.stderr).collect::<Vec<_>>()
        );
        assert!(runs
            .iter()
            .any(|r| r.code == 2 && r.stderr.contains("已在")));
        let conn = rusqlite::Connection::open(desk.db()).unwrap();
        let n: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM events WHERE ticket_id = ?1 AND kind = ?2",
                rusqlite::params![id, kind],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1, "race {race}");
    }
    println!(
        "100 races ({back_dated} back-dated, {held} behind a held lock): exactly one event each"
    );
}

#[test]
fn a_writer_killed_mid_write_loses_no_acknowledged_entry() {
    let desk = Desk::new().seeded();
    let id = desk.open("张江机房", 2, "断电测试", &[]);
    // Calibrate: how long one write takes, start to exit (the median: the
    // first run is cold, and a loaded machine makes any one run long).
    let mut times: Vec<std::time::Duration> = (0..5)
        .map(|i| {
            let started = std::time::Instant::now();
            desk.ok(&[
                "ticket",
                "log",
                &id,
                "note",
                "--note",
                &format!("calibrate {i}"),
            ]);
            started.elapsed()
        })
        .collect();
    times.sort();
    let write = times[2];
    // The machine's speed drifts while the test runs (other tests, other
    // builds): kill points follow it, earlier after a writer that finished
    // first, later after one that was killed.
    let mut scale = 1.0f64;
    let (mut acknowledged, mut killed, mut landed) = (Vec::new(), 0, 0);
    // A cheap deterministic spread of kill points over the second half of
    // the write's duration (the first half is start-up), slightly past it.
    let mut seed = 0x2545_f491_u64;
    for i in 0..50 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = write.mul_f64(scale * (400 + seed % 700) as f64 / 1000.0);
        let note = format!("kill {i}");
        let mut child = spawn(&desk, &["ticket", "log", &id, "note", "--note", &note]);
        std::thread::sleep(delay);
        match child.try_wait().unwrap() {
            Some(_) => scale *= 0.8,
            None => {
                child.kill().unwrap();
                killed += 1;
                scale = (scale * 1.05).min(1.5);
            }
        }
        let out = child.wait_with_output().unwrap();
        if out.status.success() {
            acknowledged.push(note);
        }
    }
    let conn = rusqlite::Connection::open(desk.db()).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let stored: Vec<String> = conn
        .prepare("SELECT note FROM events WHERE ticket_id = ?1 AND kind = 'note'")
        .unwrap()
        .query_map([&id], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|n| !stored.contains(n))
        .collect();
    for n in stored.iter().filter(|n| n.starts_with("kill ")) {
        if !acknowledged.contains(n) {
            landed += 1;
        }
    }
    println!(
        "kill test: 50 writers, write takes {:?}; {killed} killed before exit, {} acknowledged, {landed} written but killed before acknowledging, {} lost, integrity_check {integrity}",
        write,
        acknowledged.len(),
        lost.len()
    );
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
    assert!(killed >= 20, "most kills land mid-write: {killed} of 50");
    // The desk still works after every kill.
    desk.ok(&["ticket", "log", &id, "responded"]);
}

#[test]
fn the_daemon_records_raises_and_creates_jobs_with_no_screen_open_and_stops_on_sigterm() {
    let desk = Desk::new().seeded();
    // Level 3 taken at 13:05 and never restored: by 02:00 the next day it
    // was raised twice (as in the sweepers' race above).
    let id = desk.open("张江机房", 3, "快照失败", &["--at", "2026-11-27 13:00"]);
    desk.log_at(&id, "responded", "2026-11-27 13:05");
    desk.ok(&[
        "plan",
        "add",
        "--site",
        "张江机房",
        "--kind",
        "inspection",
        "--every",
        "1w",
        "--first",
        "2026-11-30",
    ]);
    let mut daemon = desk
        .cmd()
        .env("FAULTLINE_NOW", "2026-11-28 02:00")
        .arg("daemon")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let count = |sql: &str| -> i64 {
        rusqlite::Connection::open(desk.db())
            .unwrap()
            .query_row(sql, [], |r| r.get(0))
            .unwrap_or(0)
    };
    let started = std::time::Instant::now();
    while (count("SELECT COUNT(*) FROM events WHERE kind = 'raised'") < 2
        || count("SELECT COUNT(*) FROM jobs") < 2)
        && started.elapsed() < std::time::Duration::from_secs(10)
    {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(
        count("SELECT COUNT(*) FROM events WHERE kind = 'raised'"),
        2
    );
    assert_eq!(count("SELECT COUNT(*) FROM jobs"), 2, "11-30 and 12-07");
    // A sweep beside it finds nothing left to do.
    assert_eq!(desk.at("2026-11-28 02:00", &["sweep"]).stdout.trim(), "0");
    // SIGTERM: it stops, exit 0.
    // SAFETY: signalling our own child by its pid.
    unsafe {
        libc::kill(daemon.id() as i32, libc::SIGTERM);
    }
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(s) = daemon.try_wait().unwrap() {
            break s;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "the daemon did not stop"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
}
