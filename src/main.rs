//! `companion`: the customer companion app. On a phone (`--features mobile`) it runs under
//! Dioxus's WebView renderer (see [`mobile`]); elsewhere it is served over Dioxus liveview
//! (see [`liveview`]), configured from the environment, and prints its bound address as
//! `companion app listening on http://ADDR` so scripts and tests can start it on port 0
//! and read where to connect.

mod app;
mod camera;
mod components;
mod deep_link;
mod i18n;
mod legal;
mod lifecycle;
#[cfg(all(feature = "liveview", not(feature = "mobile")))]
mod liveview;
mod location;
mod logging;
#[cfg(feature = "mobile")]
mod mobile;
mod page;
#[cfg(test)]
mod platform_files;
mod route;
mod services;
mod settings;
mod state;
#[cfg(test)]
mod testing;
mod views;

/// On a phone: the mobile renderer (see [`mobile`]).
#[cfg(feature = "mobile")]
fn main() {
    mobile::launch();
}

/// Here: liveview, served on `COMPANION_UI_ADDR`.
#[cfg(all(feature = "liveview", not(feature = "mobile")))]
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    liveview::run().await
}

#[cfg(not(any(feature = "liveview", feature = "mobile")))]
compile_error!("build with the `liveview` feature (the default) or `mobile`");
