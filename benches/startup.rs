//! How fast the app opens: from starting the `companion` process to the home screen showing
//! the cached wallet and devices in Chromium, and to the first tap answered (the Devices
//! tab shows its list). Median of repeated cold starts of the process on the same data,
//! with the account API up and with it stopped (a phone offline in a basement).
//!
//! Baseline in the same run: Chromium showing a one-element page (a `data:` address), the
//! floor that WebDriver and the browser add to every measurement.
//!
//!     cargo bench --bench startup            # or scripts/bench-app.sh
//!
//! Needs chromium and chromium-driver, like the journeys (see scripts/test.sh).

#[allow(dead_code, unused_imports)]
#[path = "../tests/e2e/harness/mod.rs"]
mod harness;

use std::time::{Duration, Instant};

use harness::Journey;

/// Cold starts per scenario.
const RUNS: usize = 15;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// One cold start: kill the app, start it, open it, wait for home, tap Devices.
async fn cold_start(journey: &mut Journey) -> (Duration, Duration) {
    let started = Instant::now();
    journey.restart_app().await;
    journey.wait_for("wallet-balance").await;
    journey.wait_for("device-list").await;
    let home = started.elapsed();
    let tapped = Instant::now();
    journey.click("nav-devices").await;
    journey.wait_for("devices").await;
    (home, home + tapped.elapsed())
}

async fn baseline(journey: &mut Journey) -> Duration {
    let started = Instant::now();
    journey
        .browser()
        .goto("data:text/html,<p data-testid='baseline'>hello</p>")
        .await
        .expect("navigates");
    journey.wait_for("baseline").await;
    started.elapsed()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mut journey = Journey::start("bench-startup", "en-GB").await;
    let devices = journey.catalog(10).await;
    journey.customer("bench@example.pt").await;
    for device in &devices {
        journey.register_for("bench@example.pt", *device).await;
    }
    for _ in 0..40 {
        journey.give_points("bench@example.pt", 25).await;
    }
    journey.log_in("bench@example.pt").await;
    journey.wait_for_text("sync-status", "Synced").await;

    let mut floor = Vec::new();
    let mut results = Vec::new();
    for (scenario, api_up) in [("API up", true), ("API stopped (offline)", false)] {
        if !api_up {
            journey.api.stop().await;
        }
        let (mut home, mut first) = (Vec::new(), Vec::new());
        for _ in 0..RUNS {
            floor.push(baseline(&mut journey).await);
            let (shown, answered) = cold_start(&mut journey).await;
            home.push(shown);
            first.push(answered);
        }
        results.push((scenario, median(home), median(first)));
    }
    let floor = median(floor);
    println!(
        "startup, median of {RUNS} cold starts per row (10 devices, 50 ledger entries cached)"
    );
    println!(
        "baseline: Chromium shows a one-element page: {:.0} ms",
        ms(floor)
    );
    println!(
        "| scenario | start → home with cached data | ratio | start → first tap answered | ratio |"
    );
    println!("|---|---|---|---|---|");
    for (scenario, home, first) in results {
        println!(
            "| {scenario} | {:.0} ms | {:.1} | {:.0} ms | {:.1} |",
            ms(home),
            ms(home) / ms(floor),
            ms(first),
            ms(first) / ms(floor)
        );
    }
    journey.finish().await;
}
