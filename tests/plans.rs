//! Preventive service through the real binary: plans create their jobs
//! ahead, once, on working days; jobs are assigned and done like work.

mod common;

use common::{refused, Desk};

fn jobs(desk: &Desk, at: &str) -> Vec<serde_json::Value> {
    desk.json_at(at, &["job", "list", "--all", "--json"])
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn a_weekly_plan_creates_its_jobs_two_weeks_ahead_on_working_days_once() {
    let desk = Desk::new().seeded();
    // 2026-11-28 is a Saturday: every job of this plan falls on a day off.
    let plan = desk.ok(&[
        "plan",
        "add",
        "--site",
        "张江机房",
        "--kind",
        "inspection",
        "--every",
        "1w",
        "--first",
        "2026-11-28",
        "--title",
        "月度巡检",
    ]);
    assert_eq!(plan, "1");
    // Swept on Friday 11-27 14:05: the horizon reaches 12-11.
    let r = desk.run(&["sweep"]);
    assert_eq!(r.stdout.trim(), "0\njobs 2", "{}", r.stderr);
    let dues: Vec<_> = jobs(&desk, "2026-11-27 14:05")
        .iter()
        .map(|j| j["due"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(dues, ["2026-11-30", "2026-12-07"]);
    assert_eq!(desk.ok(&["sweep"]), "0", "nothing new the same day");
    // A week later the horizon has moved a week.
    let r = desk.at("2026-12-04 09:00", &["sweep"]);
    assert_eq!(r.stdout.trim(), "0\njobs 1");
    // Ended: no more jobs, those made stay.
    desk.ok(&["plan", "end", "1"]);
    let r = desk.at("2026-12-20 09:00", &["sweep"]);
    assert_eq!(r.stdout.trim(), "0");
    assert_eq!(jobs(&desk, "2026-12-20 09:00").len(), 3);
    refused(&desk, &["plan", "end", "1"], "已结束");
}

#[test]
fn a_floating_plan_counts_from_the_last_job_done() {
    let desk = Desk::new().seeded();
    desk.ok(&[
        "plan",
        "add",
        "--site",
        "张江机房",
        "--kind",
        "health_check",
        "--every",
        "2w",
        "--floating",
        "--first",
        "2026-11-30",
    ]);
    desk.ok(&["sweep"]);
    desk.ok(&["sweep"]);
    let list = jobs(&desk, "2026-11-27 14:05");
    assert_eq!(list.len(), 1, "the next waits for this one: {list:?}");
    desk.ok(&["job", "assign", "1", "王磊", "--by", "林晓"]);
    let r = desk.at(
        "2026-12-02 10:00",
        &["job", "done", "1", "--note", "健康检查完成", "--by", "林晓"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = desk.at("2026-12-02 10:05", &["sweep"]);
    assert_eq!(r.stdout.trim(), "0\njobs 1");
    let list = jobs(&desk, "2026-12-02 10:05");
    assert_eq!(list[0]["done_by"], "林晓");
    assert_eq!(list[0]["engineer"], "王磊");
    assert_eq!(list[0]["note"], "健康检查完成");
    assert_eq!(
        list[1]["due"], "2026-12-16",
        "two weeks from the completion"
    );
    // Not in the SLA queue.
    let sla = desk.json(&["sla", "--json"]);
    assert_eq!(sla.as_array().map(Vec::len), Some(0));
}

#[test]
fn plans_and_jobs_that_make_no_sense_are_refused_and_write_nothing() {
    let desk = Desk::new().seeded();
    let add = |extra: &[&str]| {
        let mut a = vec!["plan", "add", "--site", "张江机房", "--first", "2026-12-01"];
        a.extend_from_slice(extra);
        a.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let check = |args: Vec<String>, says: &str| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(&desk, &args, says);
    };
    check(
        add(&["--kind", "inspection", "--every", "3m"]),
        "这样的间隔",
    );
    check(
        add(&["--kind", "inspection", "--every", "0w"]),
        "这样的间隔",
    );
    check(
        add(&["--kind", "cleaning", "--every", "1w"]),
        "没有计划类型",
    );
    refused(
        &desk,
        &[
            "plan",
            "add",
            "--site",
            "张江机房",
            "--kind",
            "patch",
            "--every",
            "1mo",
            "--first",
            "2026-11-01",
        ],
        "早于今天",
    );
    refused(
        &desk,
        &[
            "plan",
            "add",
            "--site",
            "火星机房",
            "--kind",
            "patch",
            "--every",
            "1mo",
            "--first",
            "2026-12-01",
        ],
        "没有站点",
    );
    desk.ok(&add(&["--kind", "training", "--every", "1mo"])
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>());
    desk.ok(&["sweep"]);
    refused(&desk, &["job", "assign", "1", "何军"], "项目经理");
    refused(&desk, &["job", "assign", "9", "王磊"], "没有巡检任务 #9");
    desk.ok(&["job", "done", "1"]);
    refused(&desk, &["job", "done", "1"], "已完成");
    refused(&desk, &["job", "assign", "1", "王磊"], "已完成");
}
