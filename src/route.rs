//! Every address the app answers, in one enum, so deep links (e.g. from the QR code on a
//! device box) and in-app navigation go through the same parser.

use dioxus::prelude::*;

use crate::components::Shell;
use crate::views::{Home, NotFound};

/// The app's routes. Each variant renders the component of the same name; all of them sit
/// inside the [`Shell`] layout (header and language picker). The screens of DESIGN.md
/// ("App") are added here as they arrive.
#[derive(Routable, Clone, Debug, PartialEq)]
#[rustfmt::skip]
pub enum Route {
    #[layout(Shell)]
        /// `/`: the home screen.
        #[route("/")]
        Home {},
        /// Any other address: a friendly page with a way back home (never a blank screen).
        #[route("/:..segments")]
        NotFound { segments: Vec<String> },
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn root_is_home() {
        assert_eq!(Route::from_str("/").ok(), Some(Route::Home {}));
    }

    #[test]
    fn unknown_paths_are_not_found_with_their_segments() {
        assert_eq!(
            Route::from_str("/no/such/page").ok(),
            Some(Route::NotFound {
                segments: vec!["no".into(), "such".into(), "page".into()]
            })
        );
    }

    #[test]
    fn liveview_shaped_initial_paths_still_parse() {
        // dioxus-liveview 0.7.10 reports the browser's address to the router as
        // `pathname + "?" + search + "#" + hash`, i.e. "/?#" for a plain "/", since
        // `location.search` already starts with "?" when not empty.
        assert_eq!(Route::from_str("/?#").ok(), Some(Route::Home {}));
        assert!(matches!(
            Route::from_str("/elsewhere?#"),
            Ok(Route::NotFound { .. })
        ));
    }

    #[test]
    fn routes_print_as_paths() {
        assert_eq!(Route::Home {}.to_string(), "/");
    }
}
