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
    milestone_of(ticket, "callback")
}

/// A milestone of a ticket's JSON by name.
fn milestone_of(ticket: &serde_json::Value, name: &str) -> serde_json::Value {
    ticket["milestones"]
        .as_array()
        .and_then(|ms| ms.iter().find(|m| m["name"] == name))
        .cloned()
        .unwrap_or_else(|| panic!("no {name} milestone in {ticket:#}"))
}

#[test]
fn one_ticket_walks_the_whole_on_site_workflow_and_the_record_holds_every_step() {
    let desk = Desk::new().seeded();
    desk.ok(&["site", "set", "苏州数据中心", "--pm", "何军"]);
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
    // The project manager's follow-up is due before the ticket may close.
    refused(
        &desk,
        &["ticket", "log", &id, "closed", "--by", "何军"],
        "回访还没做",
    );
    log(
        &desk,
        &id,
        "followup",
        &d("13:30"),
        "何军",
        &[
            "--contact",
            "周主任",
            "--outcome",
            "resolved",
            "--rating",
            "5",
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
        ("followup", "13:30", "何军"),
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
    assert_eq!(step("followup")["contact"], "周主任");
    assert_eq!(step("followup")["outcome"], "resolved");
    assert_eq!(step("followup")["rating"], 5);
    assert_eq!(milestone_of(&v, "followup")["state"], "met");
    // The call-back was a milestone of its own, met on time.
    let callback = callback_of(&v);
    assert_eq!(callback["state"], "met");
    assert_eq!(v["state"], "closed");
    // Archived: a note is still taken, anything else is refused.
    desk.ok(&["ticket", "log", &id, "note", "--note", "客户来函致谢"]);
    refused(
        &desk,
        &["ticket", "log", &id, "call", "--caller", "周主任"],
        "归档",
    );
}

#[test]
fn a_promised_call_back_counts_down_and_breaches_without_raising_the_level() {
    let desk = Desk::new().seeded();
    let id = desk.open("张江机房", 4, "日志满", &["--at", "2026-11-27 13:00"]);
    desk.log_at(&id, "responded", "2026-11-27 13:05");
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
    desk.log_at(&id, "responded", "2026-11-27 10:05");
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
        "已在",
    );
}

#[test]
fn workflow_records_that_make_no_sense_are_refused_and_write_nothing() {
    let desk = Desk::new().seeded();
    let id = desk.open("张江机房", 3, "慢", &["--at", "2026-11-27 13:00"]);
    desk.log_at(&id, "responded", "2026-11-27 13:05");
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
        "先记录 restored",
    );
    check(&["callback_done"], "没有承诺过回电");
    check(&["callback_promised"], "--due 时间 或 --in 时长");
    check(&["callback_promised", "--in", "soon"], "这样的时长");
    check(
        &["callback_promised", "--due", "2026-11-27 13:00"],
        "必须晚于",
    );
    check(
        &["work_order", "--environment", "双控", "--problem", "慢"],
        "--request",
    );
    check(&["decision"], "--solution");
    check(&["investigation", "--findings", "  "], "--findings");
    check(&["fix_proposed"], "--note");
    check(&["cannot_fix"], "--note");
    check(&["call"], "来电需要 --caller");
    check(
        &["call", "--caller", "周主任", "--level", "2"],
        "call 不接受 --level",
    );
    check(
        &["responded", "--findings", "x"],
        "responded 不接受 --findings",
    );
    check(&["action_done", "--action", "teleport"], "没有措施");
    check(&["action_done", "--action", "vendor_top_team"], "不需要");
    desk.log_at(&id, "restored", "2026-11-27 13:30");
    check(&["closed"], "还没有服务意见");
    check(&["opinion", "--customer", "周主任"], "--pm");
}

#[test]
fn restored_friday_morning_the_pm_follows_up_by_tuesday_evening() {
    let desk = Desk::new().seeded();
    desk.ok(&["site", "set", "张江机房", "--pm", "何军"]);
    // 2026-11-27 is a Friday: the 2nd working day after it is Tuesday 12-01.
    let id = desk.open("张江机房", 3, "慢", &["--at", "2026-11-27 09:30"]);
    log(&desk, &id, "responded", "2026-11-27 09:35", "赵敏", &[]);
    log(&desk, &id, "restored", "2026-11-27 10:00", "赵敏", &[]);
    let v = desk.json(&["ticket", "show", &id, "--json"]);
    let f = milestone_of(&v, "followup");
    assert_eq!(f["due"], "2026-12-01T18:00:00+08:00", "{f:#}");
    assert_eq!(f["state"], "pending");
    // Overdue on Wednesday, and the breach is on record; the level stays.
    let v = desk.json_at("2026-12-02 09:00", &["ticket", "show", &id, "--json"]);
    assert_eq!(milestone_of(&v, "followup")["state"], "overdue");
    assert_eq!(v["level"], 3);
}

#[test]
fn an_unresolved_follow_up_reopens_the_restoration_from_that_moment() {
    let desk = Desk::new().seeded();
    desk.ok(&["site", "set", "张江机房", "--pm", "何军"]);
    let id = desk.open("张江机房", 3, "慢", &["--at", "2026-11-27 09:30"]);
    log(&desk, &id, "responded", "2026-11-27 09:35", "赵敏", &[]);
    log(&desk, &id, "restored", "2026-11-27 10:00", "赵敏", &[]);
    log(
        &desk,
        &id,
        "followup",
        "2026-11-27 13:00",
        "何军",
        &[
            "--contact",
            "周主任",
            "--outcome",
            "unresolved",
            "--rating",
            "2",
        ],
    );
    let v = desk.json(&["ticket", "show", &id, "--json"]);
    let r = milestone_of(&v, "restoration");
    assert_eq!(r["state"], "pending", "{v:#}");
    assert_eq!(r["start"], "2026-11-27T13:00:00+08:00", "{r:#}");
    refused(&desk, &["ticket", "log", &id, "closed"], "尚未恢复");
    // Restored again: a new follow-up opens.
    log(&desk, &id, "restored", "2026-11-27 14:00", "赵敏", &[]);
    let v = desk.json(&["ticket", "show", &id, "--json"]);
    assert_eq!(milestone_of(&v, "followup")["state"], "pending");
    assert_eq!(milestone_of(&v, "restoration")["state"], "met");
}

#[test]
fn a_follow_up_is_the_site_project_managers_and_nobody_elses() {
    let desk = Desk::new().seeded();
    let id = desk.open("张江机房", 3, "慢", &["--at", "2026-11-27 09:30"]);
    log(&desk, &id, "responded", "2026-11-27 09:35", "赵敏", &[]);
    log(&desk, &id, "restored", "2026-11-27 10:00", "赵敏", &[]);
    let followup = |by: &str, rating: &str| {
        vec![
            "ticket".to_string(),
            "log".into(),
            id.clone(),
            "followup".into(),
            "--by".into(),
            by.into(),
            "--contact".into(),
            "周主任".into(),
            "--outcome".into(),
            "resolved".into(),
            "--rating".into(),
            rating.into(),
        ]
    };
    let check = |args: Vec<String>, says: &str| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(&desk, &args, says);
    };
    check(followup("何军", "5"), "没有项目经理");
    refused(
        &desk,
        &["site", "set", "张江机房", "--pm", "王磊"],
        "不是项目经理",
    );
    refused(
        &desk,
        &["site", "set", "张江机房", "--pm", "孙悟空"],
        "没有工程师",
    );
    desk.ok(&["site", "set", "张江机房", "--pm", "何军"]);
    check(followup("王磊", "5"), "由其项目经理（何军）做");
    check(followup("何军", "6"), "--rating");
    check(followup("何军", "good"), "--rating");
    let mut bad_outcome = followup("何军", "4");
    bad_outcome[9] = "maybe".into();
    check(bad_outcome, "--outcome");
    desk.ok(&followup("何军", "4")
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>());
    check(followup("何军", "4"), "已在");
}

#[test]
fn out_of_warranty_equipment_opens_held_until_a_project_manager_approves() {
    let desk = Desk::new().seeded();
    desk.ok(&[
        "equipment",
        "add",
        "--site",
        "张江机房",
        "--model",
        "OceanStor 5500",
        "--serial",
        "SN-OLD-1",
        "--accepted",
        "2022-06-30",
    ]);
    desk.ok(&[
        "equipment",
        "add",
        "--site",
        "张江机房",
        "--model",
        "OceanStor 6800",
        "--serial",
        "SN-NEW-1",
        "--accepted",
        "2025-01-10",
    ]);
    refused(
        &desk,
        &[
            "equipment",
            "add",
            "--site",
            "张江机房",
            "--model",
            "X",
            "--serial",
            "SN-NEW-1",
            "--accepted",
            "2025-01-10",
        ],
        "已有序列号",
    );
    refused(
        &desk,
        &[
            "equipment",
            "add",
            "--site",
            "张江机房",
            "--model",
            "X",
            "--serial",
            "SN-2",
            "--accepted",
            "2025-13-40",
        ],
        "这样的日期",
    );
    let list = desk.json(&["equipment", "list", "--json"]);
    assert_eq!(list[0]["warranty_end"], "2025-06-29");
    assert_eq!(list[0]["in_warranty"], false);
    assert_eq!(list[1]["in_warranty"], true);
    // Under warranty: dispatched as usual.
    let ok = desk.open("张江机房", 3, "新阵列告警", &["--equipment", "SN-NEW-1"]);
    desk.ok(&["ticket", "assign", &ok, "王磊"]);
    // Expired: recorded, clocks running, but nobody is sent before approval.
    let held = desk.open("张江机房", 3, "旧阵列告警", &["--equipment", "SN-OLD-1"]);
    let v = desk.json(&["ticket", "show", &held, "--json"]);
    assert_eq!(v["held"], true, "{v:#}");
    assert!(v["next_deadline"].is_string(), "{v:#}");
    refused(&desk, &["ticket", "assign", &held, "王磊"], "暂挂");
    refused(
        &desk,
        &["ticket", "log", &held, "approved", "--by", "王磊"],
        "只有项目经理",
    );
    refused(
        &desk,
        &["ticket", "log", &ok, "approved", "--by", "何军"],
        "没有暂挂",
    );
    desk.ok(&["ticket", "log", &held, "approved", "--by", "何军"]);
    let v = desk.json(&["ticket", "show", &held, "--json"]);
    assert_eq!(v["held"], false);
    desk.ok(&["ticket", "assign", &held, "王磊"]);
    refused(
        &desk,
        &[
            "ticket",
            "open",
            "--site",
            "苏州数据中心",
            "--level",
            "3",
            "--title",
            "x",
            "--equipment",
            "SN-OLD-1",
        ],
        "不在站点",
    );
    refused(
        &desk,
        &[
            "ticket",
            "open",
            "--site",
            "张江机房",
            "--level",
            "3",
            "--title",
            "x",
            "--equipment",
            "SN-404",
        ],
        "没有序列号",
    );
}
