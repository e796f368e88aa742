//! `faultline report`: reads the period's tickets in batches and prints the
//! figures as a table, CSV or JSON (`crate::report` defines them).

use crate::msg::labels;
use chrono::NaiveDate;

use super::*;
use crate::report::{GroupBy, Report, Row, Spread};
use crate::sla::Milestone;

fn day_arg(flag: &str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| BadInput(crate::msg::cli::not_a_date(flag, s, "2026-11-01")).into())
}

/// A local day's first instant in the policy's zone.
fn start_of(ctx: &Context, d: NaiveDate) -> Ts {
    ctx.rules
        .policy
        .local
        .from_local(d.and_time(chrono::NaiveTime::MIN))
        .unwrap_or_else(|| d.and_time(chrono::NaiveTime::MIN).and_utc())
}

pub(super) fn run(
    ctx: &Context,
    from: &str,
    to: &str,
    by: Option<&str>,
    json: bool,
    csv: bool,
) -> Result<u8> {
    let (from, to) = (day_arg("--from", from)?, day_arg("--to", to)?);
    if to < from {
        return bad(crate::msg::cli::to_before_from(
            &to.to_string(),
            &from.to_string(),
        ));
    }
    if (to - from).num_days() > 3 * 366 {
        return bad(crate::msg::cli::report_too_long());
    }
    let by = match by {
        None => None,
        Some(b) => Some(
            GroupBy::from_name(b.trim())
                .ok_or_else(|| BadInput(crate::msg::cli::bad_report_by(b)))?,
        ),
    };
    let store = ctx.reader()?;
    let sites = store.sites()?;
    let now = ctx.now();
    let tz = ctx.rules.policy.tz;
    let mut report = Report::new(from, to, by, tz);
    // Deadlines fall due at most weeks after the report (the longest
    // arrival is working days): tickets reported a month before count too.
    let first = start_of(ctx, from) - chrono::TimeDelta::days(31);
    let last = start_of(ctx, to + chrono::Days::new(1));
    let mut after = crate::store::TicketId::default();
    loop {
        let batch = store.tickets_reported(first, last, after, 500)?;
        let Some(t) = batch.last() else { break };
        after = t.id;
        for t in &batch {
            let Some(site) = sites.iter().find(|s| s.id == t.site_id) else {
                continue;
            };
            if let Ok(view) = service::view_of(t, site, &ctx.rules, now) {
                report.add(t, site, &view);
            }
        }
    }
    let rows = report.rows();
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "from": from.to_string(),
                "to": to.to_string(),
                "by": by.map(GroupBy::name),
                "evaluated_at": time::rfc3339(now, tz),
                "groups": rows,
            }))?
        );
    } else if csv {
        print!("{}", csv_text(&rows)?);
    } else {
        print!("{}", table(ctx, &report, &rows));
    }
    Ok(0)
}

fn rate(r: Option<f64>) -> String {
    r.map_or(String::new(), |r| format!("{:.1}", r * 100.0))
}

fn secs(s: Option<i64>) -> String {
    s.map_or(String::new(), |s| s.to_string())
}

/// One row per group, flat columns (a spreadsheet's), the total last.
pub fn csv_text(rows: &[Row]) -> Result<String> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let mut head: Vec<String> = [
        "group",
        "tickets",
        "on_time_pct",
        "met",
        "late",
        "breached",
        "waived",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for m in Milestone::ALL {
        head.push(format!("{}_on_time_pct", m.name()));
    }
    for what in ["respond", "arrive", "restore"] {
        for p in ["p50", "p90", "max"] {
            head.push(format!("{what}_{p}_seconds"));
        }
    }
    head.extend(
        [
            "breaches",
            "raises_automatic",
            "raises_manual",
            "waivers",
            "provisional",
            "late_entries",
            "followups",
            "rating_mean",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    w.write_record(&head)?;
    for r in rows {
        let mut rec = vec![
            r.group.clone(),
            r.tickets.to_string(),
            rate(r.on_time),
            r.met.to_string(),
            r.late.to_string(),
            r.breached.to_string(),
            r.waived.to_string(),
        ];
        for m in Milestone::ALL {
            rec.push(rate(r.milestones.get(m.name()).and_then(|x| x.on_time)));
        }
        for s in [&r.respond_seconds, &r.arrive_seconds, &r.restore_seconds] {
            rec.extend([secs(s.p50), secs(s.p90), secs(s.max)]);
        }
        rec.extend([
            r.breaches.to_string(),
            r.raises_automatic.to_string(),
            r.raises_manual.to_string(),
            r.waivers.to_string(),
            r.provisional.to_string(),
            r.late_entries.to_string(),
            r.followups.to_string(),
            r.rating_mean.map_or(String::new(), |m| format!("{m:.2}")),
        ]);
        w.write_record(&rec)?;
    }
    Ok(String::from_utf8(
        w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?,
    )?)
}

/// `1:05` (hours:minutes), or days for longer.
fn dur(s: Option<i64>, lang: Lang) -> String {
    match s {
        None => "—".into(),
        Some(s) if s >= 86_400 => format!(
            "{}{}{:02}:{:02}",
            s / 86_400,
            labels::day_unit_spaced(lang),
            s / 3600 % 24,
            s / 60 % 60
        ),
        Some(s) => format!("{}:{:02}", s / 3600, s / 60 % 60),
    }
}

fn spread(s: &Spread, lang: Lang) -> String {
    if s.n == 0 {
        return "—".into();
    }
    format!(
        "{}/{}/{}",
        dur(s.p50, lang),
        dur(s.p90, lang),
        dur(s.max, lang)
    )
}

/// For people: one line per group, columns sized by their content.
fn table(ctx: &Context, report: &Report, rows: &[Row]) -> String {
    use crate::text::{fit, fit_right, width};
    let lang = ctx.lang;
    let head = crate::msg::screen::report_columns(lang);
    // Level groups in the reader's words (`L1` in CSV and JSON).
    let group_name = |g: &str| match g {
        "all" => labels::all(lang).to_string(),
        _ if report.by == Some(GroupBy::Level) => g
            .strip_prefix('L')
            .and_then(|n| n.parse::<i64>().ok())
            .and_then(|n| crate::sla::Level::new(n).ok())
            .map_or(g.to_string(), |l| lang.level(l).to_string()),
        _ if report.by == Some(GroupBy::Milestone) => {
            Milestone::from_name(g).map_or(g.to_string(), |m| lang.milestone(m).to_string())
        }
        _ => g.to_string(),
    };
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                group_name(&r.group),
                r.tickets.to_string(),
                r.on_time
                    .map_or("—".into(), |x| format!("{:.1}%", x * 100.0)),
                format!("{}/{}/{}/{}", r.met, r.late, r.breached, r.waived),
                spread(&r.respond_seconds, lang),
                spread(&r.arrive_seconds, lang),
                spread(&r.restore_seconds, lang),
                format!("{}/{}", r.raises_automatic, r.raises_manual),
                r.waivers.to_string(),
                r.late_entries.to_string(),
                r.rating_mean
                    .map_or("—".into(), |m| format!("{m:.1} ({})", r.followups)),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..head.len())
        .map(|i| {
            cells
                .iter()
                .map(|c| width(&c[i]))
                .chain([width(head[i])])
                .max()
                .unwrap_or(1)
        })
        .collect();
    let line = |c: &[String]| {
        c.iter()
            .enumerate()
            .map(|(i, x)| {
                if i == 0 {
                    fit(x, widths[i])
                } else {
                    fit_right(x, widths[i])
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let mut out = format!(
        "{} {} … {}{}\n",
        labels::report(lang),
        report.from,
        report.to,
        report
            .by
            .map(|b| { format!(" · {} {}", labels::grouped_by(lang), lang.group_by(b)) })
            .unwrap_or_default()
    );
    out.push_str(&line(
        &head.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
    ));
    out.push('\n');
    for c in &cells {
        out.push_str(&line(c));
        out.push('\n');
    }
    out.push_str(labels::report_on_time_legend(lang));
    out
}
