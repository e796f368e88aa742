use super::*;
use crate::store::TicketId;
use crate::tui::testing::{demo, menu_to, press, render, state, Desk};

#[test]
fn the_most_urgent_line_of_the_most_severe_level_is_selected_first() {
    let desk = demo();
    let s = state();
    let first = s.current(&desk.data).unwrap();
    assert_eq!(first.level().number(), 1);
    assert_eq!(
        first.ticket.title, "数据损毁告警",
        "the breached level-1 ticket"
    );
}

#[test]
fn j_and_k_walk_the_queues_in_level_order() {
    let desk = demo();
    let mut s = state();
    press(&mut s, &desk, "j");
    assert_eq!(
        s.current(&desk.data).unwrap().ticket.title,
        "阵列控制器离线"
    );
    press(&mut s, &desk, "j");
    assert_eq!(
        s.current(&desk.data).unwrap().level().number(),
        2,
        "after level 1 comes level 2"
    );
    press(&mut s, &desk, "kkkkkk");
    assert_eq!(
        s.current(&desk.data).unwrap().ticket.title,
        "数据损毁告警",
        "stops at the top"
    );
    press(&mut s, &desk, "G");
    assert_eq!(s.current(&desk.data).unwrap().level().number(), 4);
}

#[test]
fn enter_opens_the_assign_pane_and_enter_again_assigns_the_best_candidate() {
    let desk = demo();
    let mut s = state();
    press(&mut s, &desk, "j");
    let effects = press(&mut s, &desk, "<Enter>");
    assert!(effects.is_empty());
    assert_eq!(s.pane, Pane::Assign);
    let best = s.candidates(&desk.ctx())[0].engineer.name.clone();
    assert!(press(&mut s, &desk, "<Enter>").is_empty(), "confirm first");
    let Mode::Confirm(c) = &s.mode else {
        panic!("{:?}", s.mode)
    };
    assert!(c.text.contains(&format!("#1001 指派 {best}")), "{}", c.text);
    let effects = press(&mut s, &desk, "y");
    assert_eq!(
        effects,
        vec![Effect::Assign {
            id: TicketId(1001),
            engineer: best
        }]
    );
}

#[test]
fn after_an_assignment_the_cursor_stays_on_the_same_engineer() {
    let mut desk = demo();
    let mut s = state();
    press(&mut s, &desk, "j<Enter>");
    let cands = s.candidates(&desk.ctx());
    let pick = cands.len() - 1;
    let name = cands[pick].engineer.name.clone();
    s.assign_cursor = pick;
    let effects = press(&mut s, &desk, "ay");
    assert_eq!(effects.len(), 1, "{:?}", s.message);
    let entry = crate::store::Entry {
        by: Some("周婷"),
        ..Default::default()
    };
    let r = crate::service::assign(
        &mut desk.store,
        &desk.rules,
        TicketId(1001),
        &name,
        entry,
        crate::tui::testing::now(),
    )
    .map(|_| None)
    .map_err(|e| e.to_string());
    s.done(&effects[0], r);
    desk.data.reload(&desk.store, &desk.rules).unwrap();
    s.follow_up(&desk.ctx());
    let after = s.candidates(&desk.ctx());
    assert_eq!(after[s.assign_cursor].engineer.name, name);
}

#[test]
fn after_cannot_fix_the_assignment_pane_proposes_a_higher_tier_first() {
    let mut desk = demo();
    let mut s = state();
    // #1007: remote, 赵敏 (remote tier) on it.
    press(&mut s, &desk, ":open 1007<Enter><Enter>");
    let tiers = |s: &State, desk: &Desk| -> Vec<u8> {
        s.candidates(&desk.ctx())
            .iter()
            .filter(|c| c.tier_ok && c.availability != crate::dispatch::Availability::OffDuty)
            .filter_map(|c| c.engineer.role.tier())
            .collect()
    };
    let before = tiers(&s, &desk);
    assert!(before.windows(2).any(|w| w[0] < w[1]), "{before:?}");
    crate::service::log_event(
        &mut desk.store,
        &desk.rules,
        TicketId(1007),
        crate::sla::Event {
            at: crate::tui::testing::now(),
            kind: EventKind::CannotFix,
        },
        crate::store::Entry {
            by: Some("林晓"),
            note: Some("远程无法恢复 需现场专家"),
            ..crate::store::Entry::default()
        },
        crate::tui::testing::now(),
    )
    .unwrap();
    desk.data.reload(&desk.store, &desk.rules).unwrap();
    let after = tiers(&s, &desk);
    assert_eq!(after.first(), Some(&2), "{after:?}");
    assert!(after.windows(2).all(|w| w[0] >= w[1]), "{after:?}");
}

#[test]
fn the_command_line_voids_an_entry_after_showing_what_it_corrects() {
    let desk = demo();
    let mut s = state();
    let row = desk.data.row_by_id(TicketId(1002)).unwrap();
    let (entry, _) = row
        .ticket
        .events
        .iter()
        .zip(&row.ticket.meta)
        .find(|(e, _)| e.kind == EventKind::Responded)
        .map(|(e, m)| (m.id, e.clone()))
        .unwrap();
    assert!(press(
        &mut s,
        &desk,
        &format!(":void 1002 {entry} 记错工单<Enter>")
    )
    .is_empty());
    let text = confirms_void_of_1002(&mut s, &desk, entry, "记错工单");
    assert!(
        text.contains(&format!("作废 #{entry} · 记错工单")) && text.contains("已响应"),
        "{text}"
    );
}

#[test]
fn x_in_the_detail_pane_voids_the_selected_entry_after_a_reason_and_a_confirmation() {
    let desk = demo();
    let mut s = state();
    // Detail of #1002; scroll back to its `responded` entry.
    press(&mut s, &desk, "<Tab>");
    let t = desk.data.row_by_id(TicketId(1002)).unwrap().ticket;
    let back = t.events.len()
        - 1
        - t.events
            .iter()
            .position(|e| e.kind == EventKind::Responded)
            .unwrap();
    press(&mut s, &desk, &"k".repeat(back));
    let i = s.selected_entry(t).unwrap();
    assert_eq!(t.events[i].kind, EventKind::Responded);
    let entry = t.meta[i].id;
    assert!(press(&mut s, &desk, "x").is_empty());
    assert!(matches!(&s.mode, Mode::Prompt(p) if p.kind == PromptKind::Void(entry)));
    assert!(
        press(&mut s, &desk, "<Enter>").is_empty(),
        "a reason is needed"
    );
    assert!(
        press(&mut s, &desk, "记错<Enter>").is_empty(),
        "then the confirmation"
    );
    let text = confirms_void_of_1002(&mut s, &desk, entry, "记错");
    assert!(text.contains(&format!("作废 #{entry}")), "{text}");
}

/// On the confirmation line of a void of #1002's entry `entry`: `y`
/// logs exactly that void. Returns the line the dispatcher read.
fn confirms_void_of_1002(s: &mut State, desk: &Desk, entry: i64, reason: &str) -> String {
    let Mode::Confirm(c) = &s.mode else {
        panic!("{:?}", s.mode)
    };
    let text = c.text.clone();
    assert_eq!(
        press(s, desk, "y"),
        vec![Effect::Log {
            id: TicketId(1002),
            kind: EventKind::Void {
                event: entry,
                reason: reason.into()
            },
            note: None
        }]
    );
    text
}

#[test]
fn tab_on_the_confirmation_line_picks_who_performed_the_work() {
    let desk = demo();
    let mut s = state();
    press(&mut s, &desk, "e<Enter>");
    let Mode::Confirm(c) = &s.mode else {
        panic!("{:?}", s.mode)
    };
    assert_eq!(c.performers[0], "陈静", "the ticket's engineer first");
    let second = c.performers[1].clone();
    press(&mut s, &desk, "<Tab>");
    let Mode::Confirm(c) = &s.mode else {
        panic!("{:?}", s.mode)
    };
    assert!(c.text.contains(&format!("执行 {second}")), "{}", c.text);
    assert_eq!(press(&mut s, &desk, "y").len(), 1);
    assert_eq!(s.performer.as_deref(), Some(second.as_str()));
}

#[test]
fn esc_on_the_confirmation_line_writes_nothing() {
    let desk = demo();
    let mut s = state();
    assert!(press(&mut s, &desk, "e<Enter><Esc>").is_empty());
    assert_eq!(s.mode, Mode::Normal);
    assert!(s
        .message
        .as_ref()
        .is_some_and(|m| m.text.contains("未写入")));
}

#[test]
fn u_on_an_engineer_not_on_the_ticket_explains_and_writes_nothing() {
    let desk = demo();
    let mut s = state();
    press(&mut s, &desk, "<Enter>");
    let cands = s.candidates(&desk.ctx());
    let free = cands.iter().position(|c| !c.assigned).unwrap();
    s.assign_cursor = free;
    assert!(press(&mut s, &desk, "u").is_empty());
    assert!(s.message.as_ref().is_some_and(|m| m.error));
}

#[test]
fn reassign_replaces_the_current_engineer() {
    let desk = demo();
    let mut s = state();
    press(&mut s, &desk, "<Enter>");
    let cands = s.candidates(&desk.ctx());
    let other = cands.iter().position(|c| !c.assigned && c.tier_ok).unwrap();
    s.assign_cursor = other;
    assert!(press(&mut s, &desk, "R").is_empty());
    let Mode::Confirm(c) = &s.mode else {
        panic!("{:?}", s.mode)
    };
    assert!(c.text.contains("移除 陈静"), "{}", c.text);
    let effects = press(&mut s, &desk, "<Enter>");
    let Effect::Reassign { others, .. } = &effects[0] else {
        panic!("{effects:?}")
    };
    assert_eq!(others, &vec!["陈静".to_string()]);
}

#[test]
fn the_filter_narrows_by_cjk_site_and_esc_clears_it() {
    let desk = demo();
    let mut s = state();
    press(&mut s, &desk, "/南京<Enter>");
    let shown: Vec<String> = s
        .visible(&desk.data)
        .iter()
        .map(|&i| desk.data.row(i).unwrap().site.name.clone())
        .collect();
    assert!(
        !shown.is_empty() && shown.iter().all(|n| n == "南京机房"),
        "{shown:?}"
    );
    // A message (here a refusal) does not hide that the queues are filtered.
    press(&mut s, &desk, ":open 99x<Enter>");
    let bottom = crate::tui::testing::render(&s, &desk, 120, 30)
        .lines()
        .last()
        .unwrap_or_default()
        .to_string();
    assert!(bottom.contains("/南京") && bottom.contains('✗'), "{bottom}");
    press(&mut s, &desk, "<Esc>");
    assert!(s.filter.is_empty());
    assert!(s.visible(&desk.data).len() > 10);
}

mod input;

#[test]
fn seniors_who_make_it_rank_above_the_director_and_the_vendor() {
    use crate::store::Role;
    let desk = demo();
    let mut s = state();
    // #1001: level 1 on site; the director and the vendor's engineer are
    // free and as near as the nearest senior.
    press(&mut s, &desk, "j<Enter>");
    let cands = s.candidates(&desk.ctx());
    let roles: Vec<Role> = cands.iter().map(|c| c.engineer.role).collect();
    let in_time = |c: &crate::dispatch::Candidate| c.tier_ok && c.spare.is_some_and(|s| s >= 0);
    let first_scarce = cands
        .iter()
        .position(|c| matches!(c.engineer.role, Role::Director | Role::Vendor))
        .unwrap();
    assert_eq!(roles[0], Role::Senior, "{roles:?}");
    assert!(
        cands[..first_scarce]
            .iter()
            .all(|c| c.engineer.role == Role::Senior || c.engineer.role == Role::Expert),
        "{roles:?}"
    );
    assert!(
        cands[first_scarce..]
            .iter()
            .all(|c| !(in_time(c) && c.engineer.role == Role::Senior)),
        "a senior who makes it ranks below a director: {roles:?}"
    );
}
