//! Rendering screens in unit tests: real services (an SQLite store in a temporary folder
//! and an API address nobody listens on: a phone offline), a VirtualDom, SSR to HTML, and
//! clicks by `data-testid`.

use std::any::Any;
use std::rc::Rc;
use std::time::Duration;

use dioxus::core::{
    AttributeValue, DynamicNode, ElementId, ScopeId, TemplateAttribute, TemplateNode, VNode,
};
use dioxus::html::{
    set_event_converter, PlatformEventData, SerializedHtmlEventConverter, SerializedMouseData,
};
use dioxus::prelude::*;

use crate::app::InitialLang;
use crate::i18n::Lang;
use crate::services::Services;

/// A phone for a test: its services and the folder that holds them.
pub struct TestPhone {
    pub services: Services,
    _dir: tempfile::TempDir,
}

/// A phone with an empty cache whose server cannot be reached.
pub fn offline_phone() -> TestPhone {
    let dir = tempfile::tempdir().expect("temp dir");
    let services = Services::open(dir.path(), "http://127.0.0.1:9").expect("services");
    TestPhone {
        services,
        _dir: dir,
    }
}

/// A phone past the age gate, nobody signed in, its server unreachable.
pub fn adult_phone() -> TestPhone {
    let phone = offline_phone();
    phone
        .services
        .store
        .set_preference(crate::state::ADULT_PREFERENCE, "yes")
        .expect("preference");
    phone
}

/// A phone past the age gate with a customer signed in (a stored session and the cached
/// account), its server unreachable.
pub fn signed_in_phone() -> TestPhone {
    let phone = adult_phone();
    let store = &phone.services.store;
    let account = test_account();
    store.save_account(&account).expect("account cached");
    let session = companion_client::Session {
        account_id: account.id,
        access_token: "test-access".into(),
        refresh_token: "test-refresh".into(),
        access_expires_at: time::OffsetDateTime::now_utc(),
    };
    use companion_client::SecretStore;
    companion_client::FileSecretStore::new(phone._dir.path().join("session.json"))
        .save(&session)
        .expect("session");
    phone
}

/// The cached account of [`signed_in_phone`]: 640 points, Silver.
pub fn test_account() -> companion_domain::wire::Account {
    companion_domain::wire::Account {
        id: uuid::Uuid::from_u128(7),
        email: "ana@example.pt".into(),
        given_name: "Ana".into(),
        family_name: "Silva".into(),
        birth_date: time::macros::date!(1990 - 04 - 25),
        country: "PT".into(),
        member_code: "WXX7N73QV2".into(),
        tier: companion_domain::Tier::Silver,
        balance: 640,
        lifetime_points: 640,
        marketing_opt_in: false,
        role: companion_domain::wire::Role::Customer,
        created_at: time::OffsetDateTime::UNIX_EPOCH,
    }
}

/// Puts a device into the cache as the server would send it (registered, synced), with
/// its guarantee running until `guarantee_until`.
pub fn cache_synced_device(
    phone: &TestPhone,
    body: &str,
    guarantee_until: time::Date,
) -> companion_domain::DeviceId {
    use companion_domain::wire::{Change, ChangeEntity, ChangeOp, ChangesPage, Device};
    let device_id =
        companion_domain::DeviceId::with_check_character(body).expect("a valid ID body");
    let today = time::OffsetDateTime::now_utc().date();
    let device = Device {
        device_id,
        model: "ILUMA PRIME".into(),
        registered_at: time::OffsetDateTime::now_utc(),
        guarantee_until,
        status: companion_domain::GuaranteeStatus::on(guarantee_until, today),
    };
    let page = ChangesPage {
        cursor: format!("test-{body}"),
        changes: vec![Change {
            entity: ChangeEntity::Device,
            id: device_id.as_str().to_string(),
            op: ChangeOp::Upsert,
            data: Some(serde_json::to_value(&device).expect("json")),
        }],
        has_more: false,
    };
    phone.services.store.apply_changes(&page).expect("applied");
    device_id
}

/// A rendered app or component, to inspect and click.
pub struct Screen {
    pub dom: VirtualDom,
}

impl Screen {
    /// Mounts `root` with the phone's services and `lang` as root context.
    pub fn mount(root: fn() -> Element, phone: &TestPhone, lang: Lang) -> Screen {
        Screen::mount_at(root, phone, lang, "/")
    }

    /// Mounts `root` as if the app were opened at `path` (a deep link).
    pub fn mount_at(root: fn() -> Element, phone: &TestPhone, lang: Lang, path: &str) -> Screen {
        set_event_converter(Box::new(SerializedHtmlEventConverter));
        let history: Rc<dyn dioxus::history::History> =
            Rc::new(dioxus::history::MemoryHistory::with_initial_path(path));
        let mut dom = VirtualDom::new(root)
            .with_root_context(phone.services.clone())
            .with_root_context(InitialLang(lang))
            .with_root_context(history);
        dom.rebuild_in_place();
        Screen { dom }
    }

    /// Lets futures (the stored session, sync status) run until the screen is quiet.
    pub async fn settle(&mut self) {
        for _ in 0..20 {
            let worked = tokio::time::timeout(Duration::from_millis(100), self.dom.wait_for_work())
                .await
                .is_ok();
            self.dom.render_immediate(&mut dioxus::core::NoOpMutations);
            if !worked {
                return;
            }
        }
    }

    /// The HTML now.
    pub fn html(&self) -> String {
        dioxus_ssr::render(&self.dom)
    }

    /// Clicks the element with `data-testid`.
    pub fn click(&mut self, test_id: &str) {
        let element = self
            .find(test_id)
            .unwrap_or_else(|| panic!("no clickable {test_id} in {}", self.html()));
        let click = Rc::new(PlatformEventData::new(Box::<SerializedMouseData>::default()));
        self.dom
            .runtime()
            .handle_event("click", Event::new(click as Rc<dyn Any>, true), element);
        self.dom.render_immediate(&mut dioxus::core::NoOpMutations);
    }

    /// Types `text` into the input with `data-testid` (one input event with the new value).
    pub fn type_text(&mut self, test_id: &str, text: &str) {
        self.form_event("input", test_id, text);
    }

    /// Ticks or clears the checkbox with `data-testid` (a change event, as a browser sends).
    pub fn set_checked(&mut self, test_id: &str, checked: bool) {
        self.form_event("change", test_id, if checked { "true" } else { "false" });
    }

    fn form_event(&mut self, name: &str, test_id: &str, value: &str) {
        let element = self
            .find(test_id)
            .unwrap_or_else(|| panic!("no input {test_id} in {}", self.html()));
        let data = Rc::new(PlatformEventData::new(Box::new(SerializedFormData::new(
            value.to_string(),
            Vec::new(),
        ))));
        self.dom
            .runtime()
            .handle_event(name, Event::new(data as Rc<dyn Any>, true), element);
        self.dom.render_immediate(&mut dioxus::core::NoOpMutations);
    }

    /// The element whose `data-testid` (static or dynamic) is `test_id`, through the live
    /// VDOM: each scope's template names the attribute, and the element's id comes from
    /// its first dynamic attribute (every listener is one).
    fn find(&self, test_id: &str) -> Option<ElementId> {
        (0..10_000)
            .filter_map(|index| self.dom.get_scope(ScopeId(index)))
            .filter_map(|scope| scope.try_root_node())
            .find_map(|root| find_in_node(&self.dom, root, test_id))
    }
}

fn find_in_node(dom: &VirtualDom, node: &VNode, test_id: &str) -> Option<ElementId> {
    node.template
        .roots
        .iter()
        .find_map(|root| find_in_template(dom, node, root, test_id))
        .or_else(|| {
            node.dynamic_nodes.iter().find_map(|dynamic| match dynamic {
                DynamicNode::Fragment(children) => children
                    .iter()
                    .find_map(|child| find_in_node(dom, child, test_id)),
                _ => None,
            })
        })
}

fn find_in_template(
    dom: &VirtualDom,
    node: &VNode,
    template: &TemplateNode,
    test_id: &str,
) -> Option<ElementId> {
    let TemplateNode::Element {
        attrs, children, ..
    } = template
    else {
        return None;
    };
    let mut named = false;
    let mut first_dynamic = None;
    for attribute in attrs.iter() {
        match attribute {
            TemplateAttribute::Static { name, value, .. } => {
                named |= *name == "data-testid" && *value == test_id
            }
            TemplateAttribute::Dynamic { id } => {
                first_dynamic.get_or_insert(*id);
                named |= node.dynamic_attrs[*id].iter().any(|attribute| {
                    attribute.name == "data-testid" && matches!(&attribute.value, AttributeValue::Text(value) if value == test_id)
                });
            }
        }
    }
    if named {
        if let Some(id) = first_dynamic.and_then(|index| node.mounted_dynamic_attribute(index, dom))
        {
            return Some(id);
        }
    }
    children
        .iter()
        .find_map(|child| find_in_template(dom, node, child, test_id))
}
