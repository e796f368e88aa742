//! The replay's shortcuts (memoized windows, the horizon nothing fires
//! before) change how fast a view is built, never what it says: every
//! generated ticket reads the same with them switched off.

use super::*;
use crate::sla::engine::{Followup, FollowupOutcome, SHORTCUTS_OFF};

/// The properties' events, and the workflow records that start or settle
/// clocks of their own.
fn arb_kind() -> impl Strategy<Value = EventKind> {
    prop_oneof![
        6 => super::properties::arb_kind(),
        1 => prop_oneof![
            Just(E::Note),
            Just(E::CannotFix),
            Just(E::Approved),
            Just(E::CallbackDone),
            (0i64..48).prop_map(|h| E::CallbackPromised {
                due: t("2026-11-27 10:00") + TimeDelta::hours(h)
            }),
            any::<bool>().prop_map(|resolved| E::Followup(Box::new(Followup {
                contact: "c".into(),
                outcome: if resolved {
                    FollowupOutcome::Resolved
                } else {
                    FollowupOutcome::Unresolved
                },
                rating: 3,
            }))),
            Just(E::ActionDone {
                action: Action::WholeUnitReplacement
            }),
        ],
    ]
}

/// Reported (a late-November morning, or the year's last evening, whose
/// working days run into a year with no calendar), level, on site,
/// distance, contract, in province, follow-up, events (minutes after the
/// report, kind) and `now` (minutes after the report): up to nine days, so
/// that working-day arrivals and contract triggers (48 h, 5 working days)
/// fall inside.
type Ticket = (
    &'static str,
    i64,
    bool,
    f64,
    bool,
    bool,
    bool,
    Vec<(i64, EventKind)>,
    i64,
);

fn arb_ticket() -> impl Strategy<Value = Ticket> {
    (
        prop_oneof![Just("2026-11-27 10:00"), Just("2026-12-31 17:00")],
        1i64..=4,
        any::<bool>(),
        prop_oneof![0.0..2000.0f64, Just(40.0), Just(600.0), Just(1500.0)],
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec((0i64..(9 * 24 * 60), arb_kind()), 0..16),
        0i64..(10 * 24 * 60),
    )
}

fn evaluate_both(ticket: &Ticket) -> (TicketView, TicketView) {
    let (reported, level, onsite, km, contract, in_province, followup, evs, now_min) = ticket;
    let reported = t(reported);
    let contract = contract.then(dc_storage);
    let facts = TicketFacts {
        reported_at: reported,
        level: lvl(*level),
        onsite: *onsite,
        distance_km: *km,
        in_province: *in_province,
        contract: contract.as_ref(),
        followup: *followup,
        held: false,
    };
    let events: Vec<Event> = evs
        .iter()
        .map(|(m, kind)| Event {
            at: reported + TimeDelta::minutes(*m),
            kind: kind.clone(),
        })
        .collect();
    let now = reported + TimeDelta::minutes(*now_min);
    let (policy, calendar) = (standard(), cn());
    let fast = evaluate(&facts, &events, &policy, &calendar, now);
    SHORTCUTS_OFF.with(|off| off.set(true));
    let plain = evaluate(&facts, &events, &policy, &calendar, now);
    SHORTCUTS_OFF.with(|off| off.set(false));
    (fast, plain)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn a_view_reads_the_same_with_the_replays_shortcuts_off(ticket in arb_ticket()) {
        let (fast, plain) = evaluate_both(&ticket);
        prop_assert_eq!(fast, plain);
    }
}
