//! Screens' data across writes and seconds: what the wall alerts on, and
//! that incremental reloads agree with fresh evaluations.

use super::data::Data;
use super::wall::{alert_keys, Alert};
use crate::service;
use crate::sla::Event;
use crate::store::TicketId;
use crate::store::{Entry, NewTicket};
use crate::tui::testing::{demo, now, views};

#[test]
fn the_wall_alerts_on_a_new_level_one_ticket_but_not_on_a_quiet_second() {
    let mut desk = demo();
    let before = alert_keys(&desk.data);
    desk.data
        .tick(&desk.rules, now() + chrono::TimeDelta::seconds(1));
    assert!(
        alert_keys(&desk.data).difference(&before).next().is_none(),
        "nothing new in a quiet second"
    );
    let new = NewTicket {
        site: "南京机房".into(),
        level: crate::sla::Level::new(1).unwrap(),
        title: "控制器双宕".into(),
        reported_at: now(),
        onsite: false,
        approved_by: None,
        equipment: None,
        call: None,
    };
    service::open_ticket(&mut desk.store, &desk.rules, &new, now()).unwrap();
    desk.data.reload(&desk.store, &desk.rules).unwrap();
    let after = alert_keys(&desk.data);
    assert_eq!(after.difference(&before).count(), 1);
}

#[test]
fn an_incremental_reload_equals_a_full_evaluation() {
    let mut desk = demo();
    let entry = Entry {
        by: Some("林晓"),
        ..Entry::default()
    };
    service::log_event(
        &mut desk.store,
        &desk.rules,
        TicketId(1013),
        Event {
            at: now(),
            kind: crate::sla::EventKind::Responded,
        },
        entry,
        now(),
    )
    .unwrap();
    let new = NewTicket {
        site: "南京机房".into(),
        level: crate::sla::Level::new(2).unwrap(),
        title: "新增".into(),
        reported_at: now(),
        onsite: false,
        approved_by: None,
        equipment: None,
        call: None,
    };
    service::open_ticket(&mut desk.store, &desk.rules, &new, now()).unwrap();
    desk.data.reload(&desk.store, &desk.rules).unwrap();
    let incremental = views(&desk.data);
    let at = desk.data.now;
    desk.data.evaluate(&desk.rules, at);
    assert_eq!(incremental, views(&desk.data));
    assert_eq!(
        desk.data
            .rows()
            .filter(|r| r.ticket.title == "新增")
            .count(),
        1
    );
}

#[test]
fn a_later_evaluation_reusing_closed_views_equals_a_fresh_load() {
    let mut desk = demo();
    let entry = Entry {
        by: Some("林晓"),
        ..Entry::default()
    };
    for kind in [
        crate::sla::EventKind::Responded,
        crate::sla::EventKind::Restored,
        crate::sla::Opinion::kind("周主任", "何军", None),
        crate::sla::EventKind::Followup(Box::new(crate::sla::Followup {
            contact: "周主任".into(),
            outcome: crate::sla::FollowupOutcome::Resolved,
            rating: 5,
        })),
        crate::sla::EventKind::Closed,
    ] {
        // The follow-up is the site's project manager's.
        let by = matches!(kind, crate::sla::EventKind::Followup(_)).then_some("何军");
        service::log_event(
            &mut desk.store,
            &desk.rules,
            TicketId(1013),
            Event { at: now(), kind },
            Entry {
                by: by.or(entry.by),
                ..entry
            },
            now(),
        )
        .unwrap();
    }
    desk.data.reload(&desk.store, &desk.rules).unwrap();
    let later = now() + chrono::TimeDelta::hours(5);
    desk.data.evaluate(&desk.rules, later);
    let fresh = Data::load(&desk.store, &desk.rules, later).unwrap();
    // A fresh load reads open work only; the running screen still holds
    // the ticket it saw close, and agrees on everything else.
    assert!(views(&desk.data)
        .iter()
        .any(|(id, v)| *id == TicketId(1013) && v.contains("closed_at: Some")));
    assert!(views(&fresh).iter().all(|(id, _)| *id != TicketId(1013)));
    let running: Vec<(TicketId, String)> = views(&desk.data)
        .into_iter()
        .filter(|(id, _)| *id != TicketId(1013))
        .collect();
    assert_eq!(running, views(&fresh));
}

#[test]
fn the_wall_alerts_when_a_deadline_passes() {
    let mut desk = demo();
    let before = alert_keys(&desk.data);
    // #1013 (level 4, 系统日志满) must be answered by 14:10.
    desk.data
        .tick(&desk.rules, now() + chrono::TimeDelta::minutes(6));
    let new: Vec<_> = alert_keys(&desk.data)
        .difference(&before)
        .copied()
        .collect();
    assert!(
        new.contains(&Alert::Breach(
            TicketId(1013),
            crate::sla::Milestone::RemoteResponse
        )),
        "{new:?}"
    );
}
