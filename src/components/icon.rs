//! Line icons for the navigation and the main actions: inline SVG (liveview serves no
//! files, and inline SVG takes the text colour in both themes), always next to a visible
//! label and hidden from screen readers, so an icon never is the only name of a control.

use dioxus::prelude::*;

/// The icons the app draws. Each is a few strokes on a 24×24 grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IconName {
    Home,
    Device,
    Wallet,
    Account,
    Shop,
    Plus,
    Scan,
    Gift,
    Receipt,
    Shield,
    Chat,
    Help,
    LogOut,
    External,
}

impl IconName {
    /// The strokes, as SVG path data.
    fn path(self) -> &'static str {
        match self {
            IconName::Home => "M3 11 12 4l9 7M5 10v10h5v-6h4v6h5V10",
            IconName::Device => "M9 2h6a2 2 0 0 1 2 2v16a2 2 0 0 1-2 2H9a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2ZM10 6h4M12 17.5v.01",
            IconName::Wallet => "M4 7h15a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2h12v3M16 13.5h2",
            IconName::Account => "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8ZM4 21a8 8 0 0 1 16 0",
            IconName::Shop => "M4 9h16l-1-5H5L4 9Zm0 0v11h16V9M9 20v-6h6v6",
            IconName::Plus => "M12 5v14M5 12h14",
            IconName::Scan => "M4 8V5a1 1 0 0 1 1-1h3M16 4h3a1 1 0 0 1 1 1v3M20 16v3a1 1 0 0 1-1 1h-3M8 20H5a1 1 0 0 1-1-1v-3M7 12h10",
            IconName::Gift => "M4 11h16v9H4v-9ZM3 7h18v4H3V7Zm9 0v13M12 7c-2-4-6-3-5 0m5 0c2-4 6-3 5 0",
            IconName::Receipt => "M6 3h12v18l-3-2-3 2-3-2-3 2V3Zm3 5h6M9 12h6M9 16h3",
            IconName::Shield => "M12 3 5 6v5c0 4.5 3 8.5 7 10 4-1.5 7-5.5 7-10V6l-7-3Zm-3 9 2 2 4-4",
            IconName::Chat => "M4 5h16v11H9l-5 4V5Z",
            IconName::Help => "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18Zm-2.5-11.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.5V14M12 17v.01",
            IconName::External => "M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5",
            IconName::LogOut => "M15 4h3a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-3M10 16l-4-4 4-4M6 12h10",
        }
    }
}

/// One icon, drawn in the current text colour; decorative (`aria-hidden`), because the
/// control it sits in always has its own visible label.
#[component]
pub fn Icon(name: IconName, #[props(default)] small: bool) -> Element {
    rsx! {
        svg {
            class: if small { "icon small" } else { "icon" },
            "aria-hidden": "true",
            "focusable": "false",
            width: "24",
            height: "24",
            view_box: "0 0 24 24",
            fill: "none",
            stroke: "currentColor",
            stroke_width: "2",
            stroke_linecap: "round",
            stroke_linejoin: "round",
            path { d: name.path() }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_icon_is_hidden_from_screen_readers_and_takes_the_text_colour() {
        let html = dioxus_ssr::render_element(rsx! { Icon { name: IconName::Home } });
        assert!(html.contains("aria-hidden=\"true\""), "{html}");
        assert!(html.contains("stroke=\"currentColor\""), "{html}");
        assert!(html.contains(IconName::Home.path()), "{html}");
    }
}
