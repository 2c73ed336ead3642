//! Labelled form fields: every control has a visible label tied to it.

use dioxus::prelude::*;

/// Whether a key press is Enter (forms submit on Enter in their last field).
pub fn is_enter(event: &KeyboardEvent) -> bool {
    event.key() == dioxus::html::Key::Enter
}

/// A labelled text input bound to a signal.
///
/// Help and errors are tied to the input (`aria-describedby`), so a screen reader reads them
/// with the field; an error is also announced when it appears (`role="alert"`, rendered as a
/// new element so every screen reader speaks it).
#[component]
pub fn TextField(
    /// The input's id (also ties the label).
    id: String,
    /// Visible label.
    label: String,
    /// The value.
    value: Signal<String>,
    /// `text`, `email`, `password`, `date`, …
    #[props(default = "text".to_string())]
    kind: String,
    /// The browser's autofill hint.
    #[props(default)]
    autocomplete: String,
    /// The end-to-end test hook.
    #[props(default)]
    testid: String,
    /// Help or live feedback below the field.
    #[props(default)]
    help: Option<String>,
    /// Whether the help is a problem (announced and styled as such).
    #[props(default)]
    invalid: bool,
    /// A problem with what was sent (e.g. refused on submit), shown under the field.
    #[props(default)]
    error: Option<String>,
) -> Element {
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let described_by = [
        help.as_ref().map(|_| help_id.as_str()),
        error.as_ref().map(|_| error_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let invalid_now = invalid || error.is_some();
    let mut value = value;
    rsx! {
        div { class: "field",
            label { r#for: "{id}", {label} }
            input {
                id: "{id}",
                r#type: "{kind}",
                autocomplete: "{autocomplete}",
                "data-testid": "{testid}",
                "aria-invalid": if invalid_now { "true" } else { "false" },
                "aria-describedby": "{described_by}",
                // Uncontrolled: the browser owns what is typed. A controlled `value` would be
                // written back after each keystroke's round trip and, under liveview or on a
                // slow phone, overwrite characters typed in the meantime.
                initial_value: "{value}",
                oninput: move |event| value.set(event.value()),
            }
            if let Some(help) = help {
                if invalid {
                    p { id: "{help_id}", class: "field-help invalid", role: "alert", {help} }
                } else {
                    p { id: "{help_id}", class: "field-help", {help} }
                }
            }
            if let Some(error) = error {
                p { id: "{error_id}", class: "error field-error", role: "alert", "data-testid": "error-message", {error} }
            }
        }
    }
}

/// A labelled checkbox bound to a signal.
#[component]
pub fn CheckboxField(
    id: String,
    label: String,
    checked: Signal<bool>,
    #[props(default)] testid: String,
) -> Element {
    let mut checked = checked;
    rsx! {
        div { class: "field checkbox",
            input {
                id: "{id}",
                r#type: "checkbox",
                "data-testid": "{testid}",
                initial_checked: checked(),
                onchange: move |event| checked.set(event.checked()),
            }
            label { r#for: "{id}", {label} }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[component]
    fn Refused() -> Element {
        let value = use_signal(|| "7K3U".to_string());
        rsx! {
            TextField {
                id: "device-id",
                label: "Device ID",
                value,
                help: Some("12 characters".to_string()),
                error: Some("This ID is not one of ours".to_string()),
            }
        }
    }

    #[test]
    fn a_refusal_is_announced_and_read_with_its_field() {
        let mut dom = VirtualDom::new(Refused);
        dom.rebuild_in_place();
        let html = dioxus_ssr::render(&dom);
        assert!(
            html.contains(r#"aria-describedby="device-id-help device-id-error""#),
            "{html}"
        );
        assert!(html.contains(r#"aria-invalid="true""#), "{html}");
        assert!(
            html.contains(r#"id="device-id-error" class="error field-error" role="alert""#),
            "{html}"
        );
    }
}
