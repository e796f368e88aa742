//! Section 6's service records through the real binary: each record with its
//! actor and time, and the refusals that keep the record honest.

mod common;

use common::{refused, Desk};

/// `ticket log ID EVENT --at TIME --by WHO [args…]`.
fn log(desk: &Desk, id: &str, event: &str, at: &str, by: &str, args: &[&str]) {
    let mut all = vec!["ticket", "log", id, event, "--at", at, "--by", by];
    all.extend_from_slice(args);
    desk.ok(&all);
}

/// The call-back milestone of a ticket's JSON.
fn callback_of(ticket: &serde_json::Value) -> serde_json::Value {
    ticket["milestones"]
        .as_array()
        .and_then(|ms| ms.iter().find(|m| m["name"] == "callback"))
        .cloned()
        .unwrap_or_else(|| panic!("no callback milestone in {ticket:#}"))
}

#[test]
fn one_ticket_walks_the_whole_on_site_workflow_and_the_record_holds_every_step() {
    let desk = Desk::new().seeded();
    let id = desk.open(
        "苏州数据中心",
        2,
        "阵列控制器告警",
        &[
            "--at",
            "2026-11-27 10:00",
            "--onsite",
            "--caller",
            "周主任",
            "--phone",
            "0512-6666 8888",
            "--by",
            "赵敏",
        ],
    );
    let t = "2026-11-27 ";
    let d = |hm: &str| format!("{t}{hm}");
    log(
        &desk,
        &id,
        "call",
        &d("10:01"),
        "赵敏",
        &["--caller", "钱工", "--note", "控制器 B 告警灯亮"],
    );
    log(
        &desk,
        &id,
        "callback_promised",
        &d("10:02"),
        "赵敏",
        &["--in", "30m"],
    );
    log(&desk, &id, "callback_done", &d("10:20"), "赵敏", &[]);
    log(&desk, &id, "responded", &d("10:25"), "赵敏", &[]);
    log(
        &desk,
        &id,
        "work_order",
        &d("10:30"),
        "何军",
        &[
            "--environment",
            "双控存储 2 台",
            "--problem",
            "控制器 B 离线",
            "--request",
            "当日恢复",
        ],
    );
    log(
        &desk,
        &id,
        "decision",
        &d("10:40"),
        "王磊",
        &["--solution", "更换控制器 B", "--experts", "王磊,刘洋"],
    );
    desk.ok(&["ticket", "assign", &id, "王磊", "--by", "林晓"]);
    log(&desk, &id, "arrived", &d("11:30"), "王磊", &[]);
    log(
        &desk,
        &id,
        "investigation",
        &d("12:00"),
        "王磊",
        &["--findings", "控制器 B 电源模块损坏"],
    );
    log(
        &desk,
        &id,
        "fix_proposed",
        &d("12:10"),
        "王磊",
        &["--note", "更换电源模块"],
    );
    log(&desk, &id, "restored", &d("12:40"), "王磊", &[]);
    log(
        &desk,
        &id,
        "opinion",
        &d("13:00"),
        "何军",
        &[
            "--customer",
            "周主任",
            "--pm",
            "何军",
            "--remarks",
            "处理及时",
        ],
    );
    desk.ok(&["ticket", "log", &id, "closed", "--by", "何军"]);

    let v = desk.json(&["ticket", "show", &id, "--json"]);
    let events = v["events"].as_array().expect("the whole log");
    let step = |kind: &str| {
        events
            .iter()
            .find(|e| e["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} in {events:#?}"))
    };
    for (kind, at, by) in [
        ("call", "10:00", "赵敏"),
        ("callback_promised", "10:02", "赵敏"),
        ("callback_done", "10:20", "赵敏"),
        ("responded", "10:25", "赵敏"),
        ("work_order", "10:30", "何军"),
        ("decision", "10:40", "王磊"),
        ("arrived", "11:30", "王磊"),
        ("investigation", "12:00", "王磊"),
        ("fix_proposed", "12:10", "王磊"),
        ("restored", "12:40", "王磊"),
        ("opinion", "13:00", "何军"),
        ("closed", "14:05", "何军"),
    ] {
        let e = step(kind);
        assert_eq!(e["at"], format!("2026-11-27T{at}:00+08:00"), "{kind}");
        assert_eq!(e["by"], by, "{kind}");
    }
    assert_eq!(step("assigned")["by"], "林晓");
    // The call that reported it, taken with the ticket; then a later one.
    let calls: Vec<_> = events.iter().filter(|e| e["kind"] == "call").collect();
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0]["caller"], "周主任");
    assert_eq!(calls[0]["phone"], "0512-6666 8888");
    assert_eq!(calls[1]["caller"], "钱工");
    assert_eq!(calls[1]["at"], "2026-11-27T10:01:00+08:00");
    assert_eq!(calls[1]["note"], "控制器 B 告警灯亮");
    assert_eq!(
        step("callback_promised")["due"],
        "2026-11-27T10:32:00+08:00"
    );
    assert_eq!(step("work_order")["problem"], "控制器 B 离线");
    assert_eq!(step("decision")["experts"][1], "刘洋");
    assert_eq!(step("investigation")["findings"], "控制器 B 电源模块损坏");
    assert_eq!(step("fix_proposed")["note"], "更换电源模块");
    assert_eq!(step("opinion")["customer"], "周主任");
    assert_eq!(step("opinion")["pm"], "何军");
    assert_eq!(step("opinion")["remarks"], "处理及时");
    // The call-back was a milestone of its own, met on time.
    let callback = callback_of(&v);
    assert_eq!(callback["state"], "met");
    assert_eq!(v["state"], "closed");
    // Archived: a note is still taken, anything else is refused.
    desk.ok(&["ticket", "log", &id, "note", "--note", "客户来函致谢"]);
    refused(
        &desk,
        &["ticket", "log", &id, "call", "--caller", "周主任"],
        "archived",
    );
}

#[test]
fn a_promised_call_back_counts_down_and_breaches_without_raising_the_level() {
    let desk = Desk::new().seeded();
    let id = desk.open("张江机房", 4, "日志满", &["--at", "2026-11-27 13:00"]);
    desk.ok(&[
        "ticket",
        "log",
        &id,
        "responded",
        "--at",
        "2026-11-27 13:05",
    ]);
    desk.ok(&[
        "ticket",
        "log",
        &id,
        "callback_promised",
        "--at",
        "2026-11-27 13:10",
        "--due",
        "2026-11-27 14:00",
    ]);
    // At 14:05 the promise is five minutes overdue; the level stays 4.
    let v = desk.json(&["sla", "--json"]);
    let t = &v[0];
    let m = callback_of(t);
    assert_eq!(m["state"], "overdue");
    assert_eq!(m["due"], "2026-11-27T14:00:00+08:00");
    assert_eq!(t["level"], 4);
    assert!(t["escalations"].as_array().unwrap().is_empty());
    // Called back late: met late, still level 4.
    desk.ok(&["ticket", "log", &id, "callback_done"]);
    let v = desk.json(&["sla", "--json"]);
    let m = callback_of(&v[0]);
    assert_eq!(m["state"], "met_late");
    assert_eq!(v[0]["level"], 4);
}

#[test]
fn a_required_action_is_due_until_it_is_recorded_done_with_who_and_when() {
    let desk = Desk::new().seeded();
    // Level 1, remote, restoration due 3 h after the 10:05 response: missed
    // at 13:05, so level-1 actions are required from then.
    let id = desk.open("张江机房", 1, "全部业务中断", &["--at", "2026-11-27 10:00"]);
    desk.ok(&[
        "ticket",
        "log",
        &id,
        "responded",
        "--at",
        "2026-11-27 10:05",
    ]);
    let v = desk.json(&["sla", "--json"]);
    let actions = v[0]["actions"].as_array().unwrap().clone();
    assert!(!actions.is_empty(), "{v:#}");
    let name = actions[0]["action"].as_str().unwrap().to_string();
    assert_eq!(actions[0]["done_at"], serde_json::Value::Null);
    assert_eq!(actions[0]["due"], actions[0]["at"]);
    desk.ok(&[
        "ticket",
        "log",
        &id,
        "action_done",
        "--action",
        &name,
        "--at",
        "2026-11-27 13:30",
        "--by",
        "林晓",
        "--performed-by",
        "王磊",
    ]);
    let v = desk.json(&["sla", "--json"]);
    let done = v[0]["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"] == name.as_str())
        .unwrap()
        .clone();
    assert_eq!(done["done_at"], "2026-11-27T13:30:00+08:00");
    assert_eq!(done["by"], "王磊");
    refused(
        &desk,
        &["ticket", "log", &id, "action_done", "--action", &name],
        "already",
    );
}

#[test]
fn workflow_records_that_make_no_sense_are_refused_and_write_nothing() {
    let desk = Desk::new().seeded();
    let id = desk.open("张江机房", 3, "慢", &["--at", "2026-11-27 13:00"]);
    desk.ok(&[
        "ticket",
        "log",
        &id,
        "responded",
        "--at",
        "2026-11-27 13:05",
    ]);
    let log = |args: &[&str]| {
        let mut all = vec!["ticket", "log", id.as_str()];
        all.extend_from_slice(args);
        all.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let check = |args: &[&str], says: &str| {
        let all = log(args);
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        refused(&desk, &all, says);
    };
    check(
        &["opinion", "--customer", "周主任", "--pm", "何军"],
        "restored first",
    );
    check(&["callback_done"], "no call-back was promised");
    check(&["callback_promised"], "--due TIME or --in DURATION");
    check(&["callback_promised", "--in", "soon"], "not a duration");
    check(
        &["callback_promised", "--due", "2026-11-27 13:00"],
        "must be after",
    );
    check(
        &["work_order", "--environment", "双控", "--problem", "慢"],
        "--request",
    );
    check(&["decision"], "--solution");
    check(&["investigation", "--findings", "  "], "--findings");
    check(&["fix_proposed"], "--note");
    check(&["cannot_fix"], "--note");
    check(&["call"], "--caller NAME or --phone NUMBER");
    check(
        &["call", "--caller", "周主任", "--level", "2"],
        "call takes no --level",
    );
    check(
        &["responded", "--findings", "x"],
        "responded takes no --findings",
    );
    check(&["action_done", "--action", "teleport"], "unknown action");
    check(
        &["action_done", "--action", "vendor_top_team"],
        "not required",
    );
    desk.ok(&["ticket", "log", &id, "restored", "--at", "2026-11-27 13:30"]);
    check(&["closed"], "no service opinion yet");
    check(&["opinion", "--customer", "周主任"], "--pm");
}
