//! Issue budget: rendering a full 240×67 console frame with 2,000 open
//! tickets takes under 5 ms. `cargo bench --bench render` prints the figure.
//! The desk is the demo plus 2,000 synthetic tickets in a real SQLite file.

use chrono::TimeZone;
use criterion::{criterion_group, criterion_main, Criterion};
use faultline::config::Rules;
use faultline::i18n::Lang;
use faultline::store::Store;
use faultline::tui::app::{Ctx, State};
use faultline::tui::data::Data;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let rules = Rules::builtin().unwrap();
    let now = chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(2026, 11, 27, 14, 5, 0)
        .unwrap()
        .to_utc();
    let mut store = Store::create(
        &dir.path().join("bench.db"),
        faultline::store::DeskClock::Simulated,
    )
    .unwrap();
    faultline::demo::seed(&mut store, &rules, now).unwrap();
    faultline::demo::seed_extra(&mut store, &rules, now, 2000).unwrap();
    let data = Data::load(&store, &rules, now).unwrap();
    assert!(data.rows.len() >= 2000, "{} open tickets", data.rows.len());
    let state = State::new(Lang::Zh);
    let ctx = Ctx {
        data: &data,
        speed_kmh: 60.0,
        tz: rules.policy.tz,
    };
    let mut term = Terminal::new(TestBackend::new(240, 67)).unwrap();
    let title = faultline::tui::views::console::Title {
        name: "bench".into(),
        simulated: false,
        operator: String::new(),
        as_of: None,
    };
    c.bench_function("console frame 240x67, 2000 open tickets", |b| {
        b.iter(|| {
            term.draw(|f| faultline::tui::views::console::draw(f, &state, &ctx, &rules, &title))
                .unwrap();
        })
    });
    let tz = rules.policy.tz;
    let figures = faultline::tui::stats::Figures::load(&store, now, tz).unwrap();
    let wall = faultline::tui::views::wall::WallState::new(
        Lang::Zh,
        figures.compliance(&data, tz),
        faultline::tui::views::wall::ticker(&data, Lang::Zh, tz, 400),
    );
    // Warm the static layer: steady state redraws only header and big digits.
    term.draw(|f| faultline::tui::views::wall::draw(f, &wall, &data, tz))
        .unwrap();
    c.bench_function("wall frame 240x67, 2000 open tickets", |b| {
        b.iter(|| {
            term.draw(|f| faultline::tui::views::wall::draw(f, &wall, &data, tz))
                .unwrap();
        })
    });
    c.bench_function("wall ticker + compliance, 2000 open tickets", |b| {
        b.iter(|| {
            (
                faultline::tui::views::wall::ticker(&data, Lang::Zh, tz, 400),
                figures.compliance(&data, tz),
            )
        })
    });
    let mut data = data;
    c.bench_function("re-evaluate 2000 open tickets (each second)", |b| {
        b.iter(|| data.evaluate(&rules, now))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(4));
    targets = bench
}
criterion_main!(benches);
