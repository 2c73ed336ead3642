//! The root component, shared by every renderer (liveview here, `mobile` on phones).

use dioxus::prelude::*;

use crate::i18n::use_lang_provider;
use crate::route::Route;

/// The app: provides the language to every screen and hands the address to the router.
#[component]
pub fn App() -> Element {
    use_lang_provider();
    rsx! { Router::<Route> {} }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{t, Key, Lang};
    use dioxus::core::{AttributeValue, ElementId, Mutation, NoOpMutations};
    use dioxus::html::{
        set_event_converter, PlatformEventData, SerializedHtmlEventConverter, SerializedMouseData,
    };
    use std::{any::Any, rc::Rc};

    /// The element carrying `data-testid="{test_id}"` if it also listens for clicks.
    fn clickable(mutations: &[Mutation], test_id: &str) -> Option<ElementId> {
        let element = mutations.iter().find_map(|mutation| match mutation {
            Mutation::SetAttribute {
                name: "data-testid",
                value: AttributeValue::Text(value),
                id,
                ..
            } if value == test_id => Some(*id),
            _ => None,
        })?;
        mutations
            .iter()
            .any(|mutation| {
                matches!(mutation, Mutation::NewEventListener { name, id } if name == "click" && *id == element)
            })
            .then_some(element)
    }

    #[test]
    fn the_app_starts_on_home_in_portuguese_and_switches_to_english() {
        // Without a renderer the router falls back to an in-memory history at "/".
        set_event_converter(Box::new(SerializedHtmlEventConverter));
        let mut dom = VirtualDom::new(App);
        let mutations = dom.rebuild_to_vec().edits;

        let html = dioxus_ssr::render(&dom);
        assert!(html.contains("data-testid=\"home\""), "{html}");
        assert!(html.contains(t(Lang::PtPt, Key::HomeComingSoon)), "{html}");
        assert!(html.contains("lang=\"pt-PT\""), "{html}");

        let english = clickable(&mutations, "lang-en").expect("an English button");
        let click = Rc::new(PlatformEventData::new(Box::<SerializedMouseData>::default()));
        dom.runtime()
            .handle_event("click", Event::new(click as Rc<dyn Any>, true), english);
        dom.render_immediate(&mut NoOpMutations);

        let html = dioxus_ssr::render(&dom);
        // (Compared on the heading: SSR escapes the apostrophe in the English sentence.)
        assert!(html.contains(t(Lang::En, Key::HomeTitle)), "{html}");
        assert!(!html.contains(t(Lang::PtPt, Key::HomeComingSoon)), "{html}");
        assert!(html.contains("lang=\"en\""), "{html}");
    }
}
