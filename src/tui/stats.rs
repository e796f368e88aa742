//! The wall's compliance figures (defined in [`crate::compliance`]) and its
//! trend line.

use chrono_tz::Tz;

use super::data::Data;
use crate::compliance::{compliance, Compliance, Tallies, WINDOW_DAYS};
use crate::sla::Ts;
use crate::store::Store;

/// The wall's compliance source: counts per day from the closed tickets'
/// settled records (read once, then only what was appended since), never
/// the closed tickets themselves. Open tickets are counted live from the
/// screen's views when the figures are computed.
#[derive(Debug, Default)]
pub struct Figures {
    closed: Tallies,
    last_id: i64,
    /// Closed tickets from before the summaries wait for `faultline rebuild`.
    pub need_rebuild: bool,
}

impl Figures {
    /// The summaries of the window around `now` (deadlines after today are
    /// kept too: they count once their day comes).
    pub fn load(store: &Store, now: Ts, tz: Tz) -> anyhow::Result<Figures> {
        let today = now.with_timezone(&tz).date_naive();
        let from = today - chrono::TimeDelta::days(WINDOW_DAYS);
        let started = std::time::Instant::now();
        let (closed, last_id, need_rebuild) = crate::service::screen::settled(store, from)?;
        tracing::debug!(
            micros = started.elapsed().as_micros() as u64,
            "settled summaries read"
        );
        Ok(Figures {
            closed,
            last_id,
            need_rebuild,
        })
    }

    /// Takes in what other processes settled since the last look: a new
    /// revision replaces the ticket's previous one. Returns whether anything
    /// changed.
    pub fn poll(&mut self, store: &Store) -> anyhow::Result<bool> {
        let changes = crate::service::screen::settled_since(store, self.last_id)?;
        if changes.last_id == self.last_id {
            return Ok(false);
        }
        if self.need_rebuild {
            self.need_rebuild = crate::service::screen::need_rebuild(store)?;
        }
        for (rows, n) in [(&changes.removed, -1), (&changes.added, 1)] {
            for s in rows {
                self.closed
                    .add_settled(s.kind, s.day, s.level, s.verdict, n);
            }
        }
        self.last_id = changes.last_id;
        Ok(true)
    }

    /// The figures at the screen's `now`: the summaries plus the open
    /// tickets' live outcomes.
    pub fn compliance(&self, data: &Data, tz: Tz) -> Compliance {
        let mut open = Tallies::default();
        for r in data.all_rows() {
            if let Some(v) = r.ok().filter(|v| v.is_open()) {
                open.add_view(v, tz);
            }
        }
        let today = data.now.with_timezone(&tz).date_naive();
        compliance(&self.closed.merged(&open), today)
    }
}

/// `▁▂▃▅▇` from rates; a day with nothing due is a space.
pub fn sparkline(trend: &[Option<f64>]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    trend
        .iter()
        .map(|r| r.map_or(' ', |r| BARS[((r.clamp(0.0, 1.0) * 7.0).round()) as usize]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::testing::{demo, now};

    #[test]
    fn the_demo_day_counts_met_and_breached_milestones() {
        let desk = demo();
        let tz = chrono_tz::Asia::Shanghai;
        let c = Figures::load(&desk.store, now(), tz)
            .unwrap()
            .compliance(&desk.data, tz);
        assert!(c.today.0.met > 10, "{:?}", c.today);
        assert!(c.today.0.missed() >= 3, "{:?}", c.today);
        assert_eq!(c.raises_today, 1, "快照任务失败 was raised 3→2 today");
        assert_eq!(c.trend.len(), 30);
        let rate = c.today.0.rate().unwrap();
        assert!((0.0..=1.0).contains(&rate));
    }

    #[test]
    fn sparkline_maps_rates_to_bars() {
        assert_eq!(sparkline(&[Some(0.0), Some(1.0), None, Some(0.5)]), "▁█ ▅");
    }
}
