//! The ticker: the latest events, newest first.

use super::*;
use crate::msg::labels;

/// What the ticker can say about a ticket.
#[derive(Clone, Copy)]
enum Item {
    New,
    Raise(usize),
    Event(usize),
}

/// The latest events: new tickets, raises, arrivals, restorations. Only the
/// few that fit are formatted (this runs every second over every ticket).
pub fn ticker(data: &Data, lang: Lang, tz: chrono_tz::Tz, width: usize) -> String {
    let mut items: Vec<(Ts, usize, Item)> = Vec::new();
    for (ri, r) in data.all_rows().enumerate() {
        items.push((r.ticket.reported_at, ri, Item::New));
        if let Some(v) = r.ok() {
            items.extend(
                v.escalations
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (e.at, ri, Item::Raise(i))),
            );
        }
        for (i, e) in r.ticket.events.iter().enumerate() {
            if matches!(
                e.kind,
                EventKind::Arrived | EventKind::Restored | EventKind::ExpertEngaged
            ) {
                items.push((e.at, ri, Item::Event(i)));
            }
        }
    }
    items.retain(|(t, _, _)| *t <= data.now);
    let newest = items.len().min(12);
    if newest == 0 {
        return String::new();
    }
    items.select_nth_unstable_by_key(newest - 1, |(t, _, _)| std::cmp::Reverse(*t));
    items.truncate(newest);
    items.sort_by_key(|(t, ri, _)| (std::cmp::Reverse(*t), *ri));
    let rows: Vec<RowRef> = data.all_rows().collect();
    let mut out = String::new();
    for (t, ri, item) in items {
        let r = &rows[ri];
        let (id, site) = (r.ticket.id, &r.site.name);
        let text = match item {
            Item::New => format!(
                "#{id} {}{} {site}",
                labels::new_count(lang),
                lang.level_long(r.ticket.level)
            ),
            Item::Raise(i) => {
                let Some(e) = r.ok().and_then(|v| v.escalations.get(i)) else {
                    continue;
                };
                let how = if e.is_automatic() {
                    labels::auto_raise(lang)
                } else {
                    labels::set_short(lang)
                };
                format!("#{id} {}→{} {how}", lang.level(e.from), lang.level(e.to))
            }
            Item::Event(i) => {
                let what = match r.ticket.events[i].kind {
                    EventKind::Arrived => labels::arrived(lang),
                    EventKind::Restored => labels::restored(lang),
                    _ => labels::expert_engaged(lang),
                };
                format!("#{id} {what} {site}")
            }
        };
        let piece = format!("{} {text}", when(t, data.now, tz));
        if crate::text::width(&out) + crate::text::width(&piece) + 3 > width {
            break;
        }
        if !out.is_empty() {
            out.push_str(" · ");
        }
        out.push_str(&piece);
    }
    out
}

/// The ticker as it fits in `room` columns: newest first, whole items only.
/// When they do not all fit it moves on by one item each page turn
/// ([`PAGE_SECONDS`], when the static layer is redrawn anyway), so every
/// recent event passes by and a still wall still shows it is alive.
pub(super) fn ticker_line(ticker: &str, room: usize, tick: u64) -> String {
    let items: Vec<&str> = ticker.split(" · ").filter(|s| !s.is_empty()).collect();
    let fits = |from: usize| {
        let mut line = String::new();
        for item in &items[from..] {
            let sep = if line.is_empty() { "" } else { " · " };
            if crate::text::width(&line) + crate::text::width(sep) + crate::text::width(item) > room
            {
                return (line, false);
            }
            line.push_str(sep);
            line.push_str(item);
        }
        (line, true)
    };
    match fits(0) {
        (line, true) => line,
        _ if items.is_empty() => String::new(),
        _ => fits((tick / PAGE_SECONDS) as usize % items.len()).0,
    }
}
