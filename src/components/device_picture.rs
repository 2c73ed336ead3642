//! A picture of a device model (`assets/devices/*.svg`), so a customer recognises their
//! device at a glance. Inlined (liveview serves no files) and coloured by the stylesheet's
//! classes (`body`, `trim`, `shade`, `light`, `outline`), so it follows the theme.

use dioxus::prelude::*;

/// The catalogue's models and their pictures; anything else (a model added to the
/// catalogue after this build, or a device whose model is not known yet) gets the neutral
/// outline.
const PICTURES: [(&str, &str); 4] = [
    (
        "ILUMA ONE",
        include_str!("../../assets/devices/iluma-one.svg"),
    ),
    (
        "ILUMA PRIME",
        include_str!("../../assets/devices/iluma-prime.svg"),
    ),
    ("ILUMA", include_str!("../../assets/devices/iluma.svg")),
    (
        "ORIGINALS DUO",
        include_str!("../../assets/devices/originals-duo.svg"),
    ),
];
const UNKNOWN_MODEL: &str = include_str!("../../assets/devices/unknown.svg");

/// The SVG for `model` (case and spacing as the catalogue may vary), or the neutral one.
pub fn device_svg(model: Option<&str>) -> &'static str {
    let wanted = model
        .map(|m| {
            m.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_uppercase()
        })
        .unwrap_or_default();
    PICTURES
        .iter()
        .find(|(name, _)| *name == wanted)
        .map(|(_, svg)| *svg)
        .unwrap_or(UNKNOWN_MODEL)
}

/// The picture; decorative, because the model's name is always written next to it.
#[component]
pub fn DevicePicture(model: Option<String>, #[props(default)] large: bool) -> Element {
    let svg = device_svg(model.as_deref());
    rsx! {
        span {
            class: if large { "device-picture large" } else { "device-picture" },
            "aria-hidden": "true",
            dangerous_inner_html: svg,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_catalogue_model_has_its_own_picture_and_others_the_neutral_one() {
        let pictures: Vec<&str> = ["ILUMA ONE", "ILUMA PRIME", "ILUMA", "ORIGINALS DUO"]
            .into_iter()
            .map(|model| device_svg(Some(model)))
            .collect();
        for (i, svg) in pictures.iter().enumerate() {
            assert!(
                svg.starts_with("<svg") && svg.contains("aria-hidden"),
                "{svg}"
            );
            assert_ne!(*svg, UNKNOWN_MODEL);
            assert!(
                pictures[i + 1..].iter().all(|other| other != svg),
                "model {i} shares a picture"
            );
        }
        assert_eq!(device_svg(Some("  iluma   prime ")), pictures[1]);
        assert_eq!(device_svg(Some("VEEV NOW")), UNKNOWN_MODEL);
        assert_eq!(device_svg(None), UNKNOWN_MODEL);
    }
}
