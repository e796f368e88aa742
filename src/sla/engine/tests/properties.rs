//! Properties over generated tickets.

use super::*;

pub(super) fn arb_kind() -> impl Strategy<Value = EventKind> {
    prop_oneof![
        Just(E::Responded),
        Just(E::ExpertEngaged),
        Just(E::ProcessStarted),
        Just(E::DirectorEngaged),
        Just(E::OnsiteRequired),
        Just(E::Arrived),
        Just(E::HardwareWait),
        Just(E::HardwareReady),
        Just(E::Restored),
        Just(E::Closed),
        (1i64..=4).prop_map(|l| E::SetLevel {
            level: lvl(l),
            reason: "r".into()
        }),
        Just(E::Waived {
            agreed_by: "a".into(),
            reason: "r".into()
        }),
        (0i64..200).prop_map(|h| E::Negotiated {
            deadline: t("2026-11-27 10:00") + TimeDelta::hours(h)
        }),
    ]
}

fn arb_case() -> impl Strategy<Value = (i64, bool, f64, bool, Vec<(i64, EventKind)>, i64)> {
    (
        1i64..=4,
        any::<bool>(),
        prop_oneof![0.0..2000.0f64, Just(40.0), Just(1500.0)],
        any::<bool>(),
        prop::collection::vec((0i64..(5 * 24 * 60), arb_kind()), 0..12),
        0i64..(6 * 24 * 60),
    )
}

fn build(level: i64, onsite: bool, km: f64, contract: bool, evs: &[(i64, EventKind)]) -> Case {
    let mut c = Case::new(level, "2026-11-27 10:00");
    c.onsite = onsite;
    c.km = km;
    if contract {
        c = c.contract(true);
    }
    c.events = evs
        .iter()
        .map(|(m, k)| Event {
            at: t("2026-11-27 10:00") + TimeDelta::minutes(*m),
            kind: k.clone(),
        })
        .collect();
    c
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_due_time_is_never_before_its_clock_start((level, onsite, km, contract, evs, now_min) in arb_case()) {
        let c = build(level, onsite, km, contract, &evs);
        let now = t("2026-11-27 10:00") + TimeDelta::minutes(now_min);
        let facts = TicketFacts { reported_at: t(c.reported), level: lvl(level), onsite, distance_km: km, in_province: c.in_province, contract: c.contract.as_ref() , followup: false, held: false };
        let v = evaluate(&facts, &c.events, &standard(), &cn(), now);
        for m in &v.milestones {
            if let Some(w) = m.window_seconds() {
                prop_assert!(w >= 0, "{:?} window {}", m.milestone, w);
            }
            if let (Some(s), Some(d)) = (m.start(), m.due()) {
                prop_assert!(d >= s, "{:?} due {} before start {}", m.milestone, d, s);
                prop_assert!(s >= facts.reported_at);
            }
        }
    }

    /// What lets a screen re-evaluate only the tickets whose time came: a
    /// view evaluated at `now` reads the same at every later moment before
    /// its `changes_at` (no event after `now`: a new entry touches the
    /// ticket anyway), and forever when it has none.
    #[test]
    fn a_view_holds_until_its_changes_at((level, onsite, km, contract, evs, now_min) in arb_case()) {
        let c = build(level, onsite, km, contract, &evs);
        let facts = TicketFacts { reported_at: t(c.reported), level: lvl(level), onsite, distance_km: km, in_province: c.in_province, contract: c.contract.as_ref() , followup: false, held: false };
        let last = c.events.iter().map(|e| e.at).max().unwrap_or(facts.reported_at);
        let now = (t("2026-11-27 10:00") + TimeDelta::minutes(now_min)).max(last);
        let at = |when: Ts| evaluate(&facts, &c.events, &standard(), &cn(), when);
        let v = at(now);
        let second = TimeDelta::seconds(1);
        let later: Vec<Ts> = match v.changes_at {
            None => vec![now + second, now + TimeDelta::days(9)],
            Some(change) => {
                prop_assert!(change > now, "changes_at {} not after now {}", change, now);
                let next = at(change).changes_at;
                prop_assert!(next.is_none_or(|n| n > change), "no progress at {}", change);
                vec![now + second, now + (change - now) / 2, change - second]
            }
        };
        // Only moments strictly before `changes_at` (a trigger due at `now`
        // makes it `now + 1 s`, which is no longer before it).
        for when in later.into_iter().filter(|w| *w >= now && v.changes_at.is_none_or(|c| *w < c)) {
            prop_assert_eq!(&at(when), &v, "at {} (evaluated at {})", local(when), local(now));
        }
    }

    #[test]
    fn levels_move_only_by_raises_or_set_level((level, onsite, km, contract, evs, now_min) in arb_case()) {
        let c = build(level, onsite, km, contract, &evs);
        let now = t("2026-11-27 10:00") + TimeDelta::minutes(now_min);
        let facts = TicketFacts { reported_at: t(c.reported), level: lvl(level), onsite, distance_km: km, in_province: c.in_province, contract: c.contract.as_ref() , followup: false, held: false };
        let v = evaluate(&facts, &c.events, &standard(), &cn(), now);
        let mut l = lvl(level);
        for e in &v.escalations {
            prop_assert_eq!(e.from, l);
            if e.is_automatic() {
                prop_assert_eq!(Some(e.to), e.from.raised(), "an automatic raise is one step");
            } else {
                let set_at_that_time = c.events.iter().any(|x| x.at == e.at && matches!(&x.kind, E::SetLevel { level, .. } if *level == e.to));
                prop_assert!(set_at_that_time, "a manual change matches a set_level event");
            }
            l = e.to;
        }
        prop_assert_eq!(v.level, l);
    }

    #[test]
    fn the_view_depends_on_event_times_not_insertion_order((level, onsite, km, contract, evs, now_min) in arb_case(), seed in any::<u64>()) {
        let c = build(level, onsite, km, contract, &evs);
        let now = t("2026-11-27 10:00") + TimeDelta::minutes(now_min);
        let facts = TicketFacts { reported_at: t(c.reported), level: lvl(level), onsite, distance_km: km, in_province: c.in_province, contract: c.contract.as_ref() , followup: false, held: false };
        let mut shuffled = c.events.clone();
        // A deterministic shuffle from the seed.
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let a = evaluate(&facts, &c.events, &standard(), &cn(), now);
        let b = evaluate(&facts, &shuffled, &standard(), &cn(), now);
        prop_assert_eq!(a, b);
    }
}

/// Events packed into the first ten hours, with level changes frequent, so
/// raises land while deadlines are still pending.
fn arb_busy_morning() -> impl Strategy<Value = (i64, bool, f64, bool, Vec<(i64, EventKind)>)> {
    (
        2i64..=4,
        any::<bool>(),
        prop_oneof![0.0..800.0f64, Just(400.0), Just(600.0)],
        any::<bool>(),
        prop::collection::vec(
            (
                0i64..600,
                prop_oneof![
                    3 => (1i64..=3).prop_map(|l| E::SetLevel { level: lvl(l), reason: "r".into() }),
                    1 => arb_kind(),
                ],
            ),
            1..8,
        ),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Section 4: whatever came before, a raise (by hand or automatic) never
    /// moves a deadline that had not yet passed to later.
    #[test]
    fn a_raise_never_moves_a_pending_deadline_later((level, onsite, km, contract, evs) in arb_busy_morning()) {
        let c = build(level, onsite, km, contract, &evs);
        let facts = TicketFacts { reported_at: t(c.reported), level: lvl(level), onsite, distance_km: km, in_province: c.in_province, contract: c.contract.as_ref() , followup: false, held: false };
        let end = t("2026-11-27 10:00") + TimeDelta::days(6);
        let full = evaluate(&facts, &c.events, &standard(), &cn(), end);
        for e in full.escalations.iter().filter(|e| e.to < e.from) {
            // Only raises with no other event at the same instant: what the
            // raise alone did.
            let same_time = c.events.iter().filter(|x| x.at == e.at).count();
            if same_time > usize::from(!e.is_automatic()) {
                continue;
            }
            let (before_at, after_at) = if e.is_automatic() {
                (e.at, e.at + TimeDelta::seconds(1))
            } else {
                (e.at - TimeDelta::seconds(1), e.at)
            };
            let before = evaluate(&facts, &c.events, &standard(), &cn(), before_at);
            let after = evaluate(&facts, &c.events, &standard(), &cn(), after_at);
            if after.escalations.len() != before.escalations.len() + 1 {
                continue;
            }
            for m in before.milestones.iter().filter(|m| m.met_at().is_none()) {
                if e.is_automatic() && m.milestone == M::Restoration {
                    continue;
                }
                let (Some(was), Some(now)) = (m.due(), after.milestone(m.milestone).and_then(|x| x.due())) else { continue };
                if was > after_at {
                    prop_assert!(now <= was, "{:?}: {} → {} at raise {}", m.milestone, local(was), local(now), local(e.at));
                }
            }
        }
    }
}
