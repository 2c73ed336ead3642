//! A QR code drawn as inline SVG (member card, vouchers), made with the `qrcode` crate.

use dioxus::prelude::*;
use qrcode::render::svg;
use qrcode::QrCode as Code;

/// The SVG of a QR code for `data`, or `None` if it cannot be encoded.
pub fn qr_svg(data: &str) -> Option<String> {
    let code = Code::new(data.as_bytes()).ok()?;
    Some(
        code.render::<svg::Color>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
    )
}

/// A QR code with an accessible name; the text is shown below for reading aloud at a till.
#[component]
pub fn QrCode(data: String, label: String, testid: String) -> Element {
    let svg = qr_svg(&data).unwrap_or_default();
    rsx! {
        figure { class: "qr",
            div { role: "img", "aria-label": "{label}", "data-testid": "{testid}", dangerous_inner_html: "{svg}" }
            figcaption { class: "qr-text", {data} }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::qr_svg;

    #[test]
    fn a_member_code_becomes_an_svg_qr() {
        let svg = qr_svg("WXX7N73QV2").expect("encodes");
        assert!(
            svg.starts_with("<?xml") || svg.contains("<svg"),
            "{svg:.80}"
        );
        assert!(svg.contains("<path") || svg.contains("<rect"));
    }
}
