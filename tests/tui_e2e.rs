//! The real binary in a real terminal (tmux): keys typed, screen read back,
//! database checked through the CLI.

mod common;

use std::time::Duration;

use common::tmux::{faultline_line, Tmux};
use common::{Desk, NOW};

fn console(desk: &Desk, name: &str) -> Tmux {
    let line = faultline_line(&desk.db(), &desk.config(), NOW, "");
    let t = Tmux::start(name, 160, 45, &line);
    t.wait_for("调度台", Duration::from_secs(10));
    t
}

#[test]
fn a_dispatcher_opens_a_ticket_and_assigns_an_engineer_by_keystrokes() {
    let desk = Desk::new().seeded();
    let t = console(&desk, "assign");
    // New ticket: site filtered by typing CJK, level 1, a title, on site.
    t.keys(&["n"]);
    t.wait_for("新工单", Duration::from_secs(5));
    t.type_text("张江");
    t.keys(&["Tab", "BSpace"]);
    t.type_text("1");
    t.keys(&["Tab"]);
    t.type_text("阵列控制器离线");
    t.keys(&["Tab", "Space", "Enter"]);
    t.wait_for("已开单 #1001", Duration::from_secs(5));
    // The header names the operator and says the desk is simulated.
    let header = t.screen().lines().next().unwrap_or_default().to_string();
    assert!(
        header.contains("模拟") && header.contains("周婷"),
        "{header}"
    );
    // Enter opens the assignment pane on it, Enter asks to assign the best
    // fit on one confirmation line, y writes it.
    t.keys(&["Enter"]);
    t.wait_for("▶王磊", Duration::from_secs(5));
    t.keys(&["Enter"]);
    t.wait_for("#1001 指派 王磊", Duration::from_secs(5));
    t.wait_for("Enter/y 确认 · Esc 取消", Duration::from_secs(5));
    assert!(
        desk.json(&["sla", "--json"])[0]["assignees"]
            .as_array()
            .is_some_and(|a| a.is_empty()),
        "nothing written before the confirmation"
    );
    t.keys(&["y"]);
    t.wait_for("#1001 已指派 王磊", Duration::from_secs(5));
    let screen = t.screen();
    let row = screen
        .lines()
        .find(|l| l.contains("▶1001") && l.contains("张江机房"))
        .unwrap_or_default();
    assert!(
        row.contains("王磊"),
        "the queue row shows the engineer: {row:?}\n{screen}"
    );

    let v = desk.json(&["sla", "--json"]);
    let t1001 = v
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == 1001)
        .expect("ticket in the database");
    assert_eq!(t1001["title"], "阵列控制器离线");
    assert_eq!(t1001["site"], "张江机房");
    assert_eq!(t1001["level"], 1);
    assert_eq!(t1001["onsite"], true);
    assert_eq!(t1001["assignees"][0], "王磊");
    let shown = desk.json(&["ticket", "show", "1001", "--json"]);
    let assigned = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "assigned")
        .expect("the assignment is in the log");
    assert_eq!(assigned["by"], "周婷", "the operator recorded it");

    // A refusal from the service reaches the red line in the console's
    // language, then in English after `:lang en`.
    t.keys(&[":"]);
    t.type_text("assign 1001 王磊");
    t.keys(&["Enter"]);
    t.wait_for("Enter/y 确认", Duration::from_secs(5));
    t.keys(&["y"]);
    t.wait_for("王磊 已指派到 #1001", Duration::from_secs(5));
    t.keys(&[":"]);
    t.type_text("lang en");
    t.keys(&["Enter"]);
    t.keys(&[":"]);
    t.type_text("assign 1001 王磊");
    t.keys(&["Enter"]);
    t.wait_for("Enter/y confirm", Duration::from_secs(5));
    t.keys(&["y"]);
    t.wait_for("王磊 is already assigned to #1001", Duration::from_secs(5));
}

#[test]
fn a_cli_write_from_outside_appears_on_the_open_console_within_a_second() {
    let desk = Desk::new().seeded();
    let t = console(&desk, "live");
    desk.open("张江机房", 1, "外部新一级故障", &[]);
    let took = t.wait_for("外部新一级故障", Duration::from_secs(3));
    eprintln!("latency: {took:?}");
    assert!(took < Duration::from_secs(1), "took {took:?}");
    // And an event logged from outside too.
    desk.ok(&["ticket", "assign", "1001", "赵敏"]);
    let took = t.wait_for("赵敏", Duration::from_secs(3));
    eprintln!("latency: {took:?}");
    assert!(took < Duration::from_secs(1), "took {took:?}");
}

#[test]
fn the_terminal_is_restored_on_quit_and_on_every_stop_signal() {
    for (name, how) in [
        ("quit", "q"),
        ("term", "TERM"),
        ("hup", "HUP"),
        ("int", "INT"),
        ("sigquit", "QUIT"),
    ] {
        let desk = Desk::new().seeded();
        let run = faultline_line(&desk.db(), &desk.config(), NOW, "");
        // After faultline exits, the shell reports its status and whether the
        // tty is back in canonical mode (raw mode off).
        let line = format!("sh -c \"{}; echo EXIT=\\$?; stty -a | grep -o -- '-icanon\\|icanon' | head -1; sleep 30\"", run.replace('"', "\\\""));
        let t = Tmux::start(name, 120, 36, &line);
        t.wait_for("调度台", Duration::from_secs(10));
        if how == "q" {
            t.keys(&["q"]);
        } else {
            let shell = t.pane_pid();
            let out = std::process::Command::new("pgrep")
                .args(["-P", &shell.to_string(), "faultline"])
                .output()
                .unwrap();
            let pid = String::from_utf8_lossy(&out.stdout).trim().to_string();
            assert!(!pid.is_empty(), "faultline runs under the shell");
            let status = std::process::Command::new("kill")
                .args([&format!("-{how}"), &pid])
                .status()
                .unwrap();
            assert!(status.success());
        }
        t.wait_for("EXIT=0", Duration::from_secs(5));
        t.wait_for("icanon", Duration::from_secs(5));
        let screen = t.screen();
        assert!(
            screen.lines().any(|l| l.trim() == "icanon"),
            "{name}: tty left raw:\n{screen}"
        );
        assert!(
            !screen.contains("调度台"),
            "{name}: left the alternate screen:\n{screen}"
        );
    }
}

#[test]
fn a_new_level_one_ticket_appears_on_a_running_wall_within_a_second() {
    let desk = Desk::new().seeded();
    desk.open("张江机房", 3, "快照失败", &[]);
    let line = faultline_line(&desk.db(), &desk.config(), NOW, "wall --quiet");
    let t = Tmux::start("wall", 160, 45, &line);
    t.wait_for("值班大屏", Duration::from_secs(10));
    desk.open("苏州数据中心", 1, "阵列控制器离线", &["--onsite"]);
    let took = t.wait_for("#1002 苏州数据中心 阵列控制器离线", Duration::from_secs(3));
    eprintln!("latency: {took:?}");
    assert!(took < Duration::from_secs(1), "took {took:?}");
    assert!(t.screen().contains("一级 1"), "{}", t.screen());
}

#[test]
fn the_wall_opens_the_database_read_only() {
    let desk = Desk::new().seeded();
    let before = common::dump(&desk.db());
    let line = faultline_line(&desk.db(), &desk.config(), NOW, "wall --quiet");
    let t = Tmux::start("wallro", 120, 36, &line);
    t.wait_for("值班大屏", Duration::from_secs(10));
    std::thread::sleep(Duration::from_millis(1500));
    t.keys(&["q"]);
    assert_eq!(common::dump(&desk.db()), before);
    // A wall on a missing database says so instead of creating one.
    let r = desk
        .cmd()
        .env("FAULTLINE_DB", desk.dir.path().join("none.db"))
        .args(["wall"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    assert!(!desk.dir.path().join("none.db").exists());
}

#[test]
fn sla_watch_refreshes_in_place_for_the_on_call_engineer() {
    let desk = Desk::new().seeded();
    let a = desk.open("张江机房", 2, "复制链路中断", &[]);
    desk.ok(&["ticket", "assign", &a, "王磊"]);
    let line = faultline_line(
        &desk.db(),
        &desk.config(),
        NOW,
        "sla --watch --engineer 王磊",
    );
    let t = Tmux::start("watch", 120, 20, &line);
    t.wait_for("复制链路中断", Duration::from_secs(10));
    let b = desk.open("张江机房", 1, "阵列控制器离线", &[]);
    desk.ok(&["ticket", "assign", &b, "王磊"]);
    t.wait_for("阵列控制器离线", Duration::from_secs(3));
    std::thread::sleep(Duration::from_millis(2200));
    let screen = t.screen();
    let rows: Vec<&str> = screen.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(rows.len(), 2, "redrawn in place, not scrolled:\n{screen}");
    assert!(
        rows[0].contains("阵列控制器离线"),
        "most urgent first:\n{screen}"
    );
}

#[test]
fn the_console_survives_a_ten_second_exclusive_lock_with_a_banner() {
    let desk = Desk::new().seeded();
    // L3 taken 14:00 → restoration due 16:00. The console runs at 16:30 on
    // this simulated desk, so its first sweep must record the 3→2 raise.
    let id = desk.open("张江机房", 3, "快照失败", &["--at", "2026-11-27 13:55"]);
    desk.log_at(&id, "responded", "2026-11-27 14:00");
    let conn = rusqlite::Connection::open(desk.db()).unwrap();
    conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let line = faultline_line(&desk.db(), &desk.config(), "2026-11-27 16:30", "");
    let t = Tmux::start("locked", 160, 45, &line);
    t.wait_for("调度台", Duration::from_secs(10));
    t.wait_for("自动升级未记录: 数据库被锁定", Duration::from_secs(5));
    // Still responsive: the help opens and closes while the lock is held.
    t.keys(&["?"]);
    t.wait_for("帮助", Duration::from_secs(3));
    t.keys(&["Escape"]);
    std::thread::sleep(Duration::from_secs(8));
    assert!(t.screen().contains("数据库被锁定"), "{}", t.screen());
    conn.execute_batch("COMMIT").unwrap();
    drop(conn);
    // The retry records the raise and the banner goes.
    let start = std::time::Instant::now();
    while t.screen().contains("数据库被锁定") {
        assert!(start.elapsed() < Duration::from_secs(5), "{}", t.screen());
        std::thread::sleep(Duration::from_millis(100));
    }
    let raised = desk.json(&["ticket", "show", &id, "--json"])["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "raised")
        .count();
    assert_eq!(raised, 1);
    t.keys(&["q"]);
}

#[test]
fn a_project_manager_approves_a_held_ticket_and_follows_up_from_the_pm_screen() {
    let desk = Desk::new().seeded();
    desk.ok(&["site", "set", "张江机房", "--pm", "何军"]);
    desk.ok(&[
        "equipment",
        "add",
        "--site",
        "张江机房",
        "--model",
        "OceanStor 5300",
        "--serial",
        "SN-OLD",
        "--accepted",
        "2020-01-01",
    ]);
    let held = desk.open("张江机房", 3, "旧阵列告警", &["--equipment", "SN-OLD"]);
    let restored = desk.open("张江机房", 4, "日志满", &["--at", "2026-11-27 13:00"]);
    for (event, at) in [("responded", "13:05"), ("restored", "13:30")] {
        desk.ok(&[
            "ticket",
            "log",
            &restored,
            event,
            "--at",
            &format!("2026-11-27 {at}"),
        ]);
    }
    let t = console(&desk, "pm");
    t.keys(&["2"]);
    t.wait_for("待批准", Duration::from_secs(5));
    t.wait_for("待回访", Duration::from_secs(5));
    // The held ticket is listed first: approve it as the site's PM.
    t.keys(&["e", "b"]);
    t.wait_for("批准的项目经理", Duration::from_secs(5));
    t.keys(&["Enter"]);
    t.wait_for("Enter/y 确认", Duration::from_secs(5));
    t.keys(&["y"]);
    t.wait_for("已记录", Duration::from_secs(5));
    // It leaves the list; the follow-up is next, the PM already filled in.
    t.keys(&["e", "f"]);
    t.wait_for("客户联系人", Duration::from_secs(5));
    t.keys(&["Tab"]);
    t.type_text("周主任");
    t.keys(&["Tab"]);
    t.type_text("已解决");
    t.keys(&["Tab"]);
    t.type_text("4");
    t.keys(&["Enter"]);
    t.wait_for("Enter/y 确认", Duration::from_secs(5));
    t.keys(&["y"]);
    t.wait_for("已记录", Duration::from_secs(5));
    let v = desk.json(&["ticket", "show", &held, "--json"]);
    assert_eq!(v["held"], false, "{v:#}");
    assert_eq!(v["approved_by"], "何军");
    let v = desk.json(&["ticket", "show", &restored, "--json"]);
    let f = v["events"]
        .as_array()
        .and_then(|es| es.iter().find(|e| e["kind"] == "followup"))
        .cloned()
        .unwrap_or_else(|| panic!("no follow-up in {v:#}"));
    assert_eq!(f["rating"], 4);
    assert_eq!(f["performed_by"], "何军", "{f:#}");
    assert_eq!(f["by"], "周婷", "recorded by the operator: {f:#}");
}

#[test]
fn the_console_and_the_wall_as_of_a_moment_show_what_was_recorded_then_and_write_nothing() {
    let desk = Desk::new().seeded();
    // #1001 recorded at 14:05; #1002 recorded at 14:30 (reported 14:20);
    // and #1001's response, back-dated to 14:08, recorded at 14:40.
    desk.open("张江机房", 3, "快照失败", &["--at", "2026-11-27 14:00"]);
    desk.at(
        "2026-11-27 14:30",
        &[
            "ticket",
            "open",
            "--site",
            "苏州数据中心",
            "--level",
            "1",
            "--title",
            "阵列控制器离线",
            "--at",
            "2026-11-27 14:20",
        ],
    );
    desk.at(
        "2026-11-27 14:40",
        &[
            "ticket",
            "log",
            "1001",
            "responded",
            "--at",
            "2026-11-27 14:08",
        ],
    );
    let before = common::dump(&desk.db());
    let line = faultline_line(
        &desk.db(),
        &desk.config(),
        "2026-11-27 14:45",
        "--as-of '2026-11-27 14:10'",
    );
    let t = Tmux::start("asof", 160, 45, &line);
    t.wait_for("截至 2026-11-27 14:10 (只读)", Duration::from_secs(10));
    let screen = t.screen();
    assert!(
        screen.contains("快照失败") && !screen.contains("阵列控制器离线"),
        "{screen}"
    );
    // As of 14:10 nobody had recorded the response: it is still running.
    assert!(
        screen.contains("远程响应") || screen.contains("响应"),
        "{screen}"
    );
    // A write is refused in the user's language, and nothing changes.
    t.keys(&["e", "r"]);
    if !t.screen().contains("只能查看") {
        // A confirmation line first, where the event asks for one.
        t.keys(&["y"]);
    }
    t.wait_for("只能查看", Duration::from_secs(5));
    t.keys(&["Escape", "q"]);
    let line = faultline_line(
        &desk.db(),
        &desk.config(),
        "2026-11-27 14:45",
        "--as-of '2026-11-27 14:10' wall --quiet",
    );
    let w = Tmux::start("asofwall", 160, 45, &line);
    w.wait_for("截至 2026-11-27 14:10", Duration::from_secs(10));
    let wall = w.screen();
    assert!(
        wall.contains("快照失败") && !wall.contains("阵列控制器离线"),
        "{wall}"
    );
    w.keys(&["q"]);
    assert_eq!(common::dump(&desk.db()), before);
}
