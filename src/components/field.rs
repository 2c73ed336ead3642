//! Labelled form fields: every control has a visible label tied to it.

use dioxus::prelude::*;

/// Whether a key press is Enter (forms submit on Enter in their last field).
pub fn is_enter(event: &KeyboardEvent) -> bool {
    event.key() == dioxus::html::Key::Enter
}

/// A labelled text input bound to a signal.
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
) -> Element {
    let help_id = format!("{id}-help");
    let described_by = if help.is_some() {
        help_id.clone()
    } else {
        String::new()
    };
    let mut value = value;
    rsx! {
        div { class: "field",
            label { r#for: "{id}", {label} }
            input {
                id: "{id}",
                r#type: "{kind}",
                autocomplete: "{autocomplete}",
                "data-testid": "{testid}",
                "aria-invalid": if invalid { "true" } else { "false" },
                "aria-describedby": "{described_by}",
                // Uncontrolled: the browser owns what is typed. A controlled `value` would be
                // written back after each keystroke's round trip and, under liveview or on a
                // slow phone, overwrite characters typed in the meantime.
                initial_value: "{value}",
                oninput: move |event| value.set(event.value()),
            }
            if let Some(help) = help {
                p { id: "{help_id}", class: if invalid { "field-help invalid" } else { "field-help" }, {help} }
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
