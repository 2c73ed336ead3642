//! Links that open the app: the QR code on a device's box holds
//! `https://companion.pt/r/<ID>`, and the phone's own camera app hands it to us (an Android
//! App Link or an iOS universal link, see `Dioxus.toml`), or `companion://register?id=<ID>`
//! (the custom scheme, for places where https links cannot be claimed). Both open the
//! register screen with the ID filled in; the screen checks it and explains what is wrong,
//! as for a typed ID.
//!
//! Anything else, or an ID that cannot be a device ID's text (too long, odd characters), is
//! not a link we follow: the app opens where it was.

use std::sync::{Arc, Mutex};

use dioxus::prelude::*;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::route::Route;

/// The custom scheme.
pub const SCHEME: &str = "companion";
/// The host of the https links the app claims.
pub const HOST: &str = "companion.pt";

/// The longest text taken as an ID from a link (an ID with separators is 14 characters).
const MAX_ID_CHARS: usize = 32;

/// Where a link opens the app, if it is one of ours.
pub fn route_for(link: &str) -> Option<Route> {
    let url = url::Url::parse(link.trim()).ok()?;
    let id = match (url.scheme(), url.host_str()) {
        // companion://register?id=…  (host "register")
        (SCHEME, Some("register")) => query_id(&url)?,
        // https://companion.pt/r/<ID>
        ("https", Some(HOST)) => {
            let mut segments = url.path_segments()?;
            match (segments.next(), segments.next(), segments.next()) {
                (Some("r"), Some(id), None) => percent_decoded(id)?,
                _ => return None,
            }
        }
        _ => return None,
    };
    plausible_id(&id).then_some(Route::RegisterDeviceWithId { id })
}

fn query_id(url: &url::Url) -> Option<String> {
    url.query_pairs()
        .find(|(name, _)| name == "id")
        .map(|(_, value)| value.into_owned())
}

fn percent_decoded(segment: &str) -> Option<String> {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .ok()
        .map(|text| text.into_owned())
}

/// Text that could be a device ID as printed or typed: letters, digits, spaces and dashes,
/// not empty, not long. The register screen does the real check.
fn plausible_id(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && text.chars().count() <= MAX_ID_CHARS
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ')
}

/// The first of `args` that is one of our links (how Linux hands a link to the app: as an
/// argument, from the `.desktop` entry's `%u`).
#[cfg(any(feature = "mobile", test))]
pub fn from_args(args: impl IntoIterator<Item = String>) -> Option<String> {
    args.into_iter().find(|arg| route_for(arg).is_some())
}

/// Links the platform hands to the running app (root context; only the phone build has
/// one): at start, from another start while running, from the system.
#[derive(Clone)]
pub struct LinkInbox(Arc<Mutex<Option<UnboundedReceiver<String>>>>);

impl LinkInbox {
    /// An inbox reading what `receiver` gets.
    #[cfg(feature = "mobile")]
    pub fn new(receiver: UnboundedReceiver<String>) -> Self {
        LinkInbox(Arc::new(Mutex::new(Some(receiver))))
    }
}

/// The screen a link asked for, kept until it can be shown (past the age gate, signed in as
/// a customer): a link followed before log-in is not lost.
#[derive(Clone, Copy)]
pub struct PendingLink(pub Signal<Option<Route>>);

/// Provides [`PendingLink`] and, where the platform hands links over ([`LinkInbox`]), fills
/// it with each link we follow.
pub fn use_link_provider() {
    let mut pending = use_context_provider(|| PendingLink(Signal::new(None))).0;
    let inbox = try_use_context::<LinkInbox>();
    use_hook(move || {
        let taken = inbox.and_then(|LinkInbox(cell)| cell.lock().ok().and_then(|mut r| r.take()));
        let Some(mut receiver) = taken else {
            return;
        };
        spawn(async move {
            while let Some(link) = receiver.recv().await {
                match route_for(&link) {
                    Some(route) => pending.set(Some(route)),
                    None => tracing::info!("a link that is not ours was ignored"),
                }
            }
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn register(id: &str) -> Option<Route> {
        Some(Route::RegisterDeviceWithId { id: id.into() })
    }

    #[test]
    fn the_box_qr_and_the_custom_scheme_open_register_with_the_id() {
        assert_eq!(
            route_for("https://companion.pt/r/MA8K-G1GW-RKAK"),
            register("MA8K-G1GW-RKAK")
        );
        assert_eq!(
            route_for("companion://register?id=MA8KG1GWRKAK"),
            register("MA8KG1GWRKAK")
        );
        assert_eq!(
            route_for("companion://register?id=MA8K%20G1GW%20RKAK"),
            register("MA8K G1GW RKAK")
        );
        // A wrong check character still opens register: the screen says what is wrong.
        assert_eq!(
            route_for("https://companion.pt/r/MA8KG1GWRKAA"),
            register("MA8KG1GWRKAA")
        );
    }

    #[test]
    fn other_links_and_odd_ids_are_not_followed() {
        for link in [
            "https://evil.example/r/MA8KG1GWRKAK",
            "http://companion.pt/r/MA8KG1GWRKAK",
            "https://companion.pt/r/MA8KG1GWRKAK/extra",
            "https://companion.pt/account",
            "companion://account",
            "companion://register",
            "companion://register?id=",
            "companion://register?id=%3Cscript%3E",
            "companion://register?id=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "companion://register?id=MA8K%0AG1GW",
            "not a link",
            "",
        ] {
            assert_eq!(route_for(link), None, "{link}");
        }
    }

    #[test]
    fn the_link_is_found_among_the_arguments() {
        let args = ["--automation", "companion://register?id=MA8KG1GWRKAK"].map(String::from);
        assert_eq!(
            from_args(args).as_deref(),
            Some("companion://register?id=MA8KG1GWRKAK")
        );
        assert_eq!(from_args(["--automation".to_string()]), None);
    }
}
