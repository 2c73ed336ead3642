//! Where the app's `tracing` events go: the place each platform's developers look. Stderr
//! on Linux (liveview and the Linux phone build), logcat on Android, the unified log on
//! iOS. `RUST_LOG` filters where there is an environment (default `info`).
//!
//! Never log a token, password or reset code: events carry ids and outcomes only (the
//! client's `CallError`s print no bodies or headers).

use tracing_subscriber::EnvFilter;

/// The subsystem name the phone logs are filed under (the bundle identifier).
#[cfg_attr(not(any(target_os = "android", target_os = "ios")), allow(dead_code))]
const SUBSYSTEM: &str = "pt.companion.app";

fn filter() -> EnvFilter {
    EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"))
}

/// Installs the subscriber once, at start. A second call (tests) is a no-op.
#[cfg(not(any(target_os = "android", target_os = "ios")))]
pub fn init() {
    use std::io::IsTerminal;
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter())
        .with_writer(std::io::stderr)
        // Colour codes only for a person at a terminal, not in CI logs or test captures.
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

/// Installs the subscriber once, at start: logcat, under the bundle identifier's tag.
#[cfg(target_os = "android")]
pub fn init() {
    use tracing_subscriber::prelude::*;
    let _ = tracing_subscriber::registry()
        .with(filter())
        .with(paranoid_android::layer(SUBSYSTEM))
        .try_init();
}

/// Installs the subscriber once, at start: the unified log (Console.app, `log stream`).
#[cfg(target_os = "ios")]
pub fn init() {
    use tracing_subscriber::prelude::*;
    let _ = tracing_subscriber::registry()
        .with(filter())
        .with(tracing_oslog::OsLogger::new(SUBSYSTEM, "default"))
        .try_init();
}
