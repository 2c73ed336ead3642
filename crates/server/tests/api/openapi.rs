//! The OpenAPI document's structure, checked without the linters (scripts/lint-openapi.sh
//! runs Spectral and Redocly in full): what a generator or a fuzzer reading it relies on.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// The operations of a document: (method, path, operation), in document order.
fn operations(doc: &Value) -> Vec<(&str, &str, &Value)> {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let paths = doc["paths"].as_object().expect("paths");
    paths
        .iter()
        .flat_map(|(path, item)| {
            METHODS
                .iter()
                .filter_map(move |method| Some((*method, path.as_str(), item.get(*method)?)))
        })
        .collect()
}

/// Both documents the server can serve: without and with the test clock.
fn documents() -> [Value; 2] {
    [false, true].map(|test_clock| {
        serde_json::to_value(companion_server::routes::document(test_clock)).expect("json")
    })
}

#[test]
fn every_operation_id_is_unique() {
    for doc in documents() {
        let mut seen = BTreeMap::new();
        for (method, path, operation) in operations(&doc) {
            let id = operation["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            if let Some(first) = seen.insert(id.to_string(), format!("{method} {path}")) {
                panic!("operationId {id:?} of {method} {path} is also {first}'s");
            }
        }
    }
}

#[test]
fn path_parameters_are_exactly_the_path_templates_names() {
    for doc in documents() {
        for (method, path, operation) in operations(&doc) {
            let in_template: BTreeSet<&str> = path
                .split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
                .collect();
            let declared: BTreeSet<&str> = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "path")
                .map(|p| p["name"].as_str().expect("name"))
                .collect();
            assert_eq!(
                declared, in_template,
                "{method} {path}: the parameters declared in: path are not the template's (a query field declared as a path parameter?)"
            );
        }
    }
}

#[test]
fn the_servers_are_listed() {
    for doc in documents() {
        let servers = doc["servers"].as_array().expect("servers");
        assert!(!servers.is_empty(), "no servers");
        assert!(servers.iter().all(|s| s["url"].is_string()), "{servers:?}");
    }
}

#[test]
fn every_operation_states_its_security_with_defined_schemes() {
    for doc in documents() {
        let schemes = doc["components"]["securitySchemes"]
            .as_object()
            .expect("security schemes");
        for (method, path, operation) in operations(&doc) {
            // Explicit even when public (`[{}]`), so a forgotten requirement is visible here.
            let requirements = operation["security"]
                .as_array()
                .unwrap_or_else(|| panic!("{method} {path} states no security"));
            for requirement in requirements {
                for scheme in requirement.as_object().expect("requirement").keys() {
                    assert!(
                        schemes.contains_key(scheme),
                        "{method} {path} requires {scheme:?}, which is not defined"
                    );
                }
            }
        }
    }
}

#[test]
fn every_tag_used_is_described() {
    for doc in documents() {
        let defined: BTreeSet<&str> = doc["tags"]
            .as_array()
            .expect("tags")
            .iter()
            .map(|t| t["name"].as_str().expect("name"))
            .collect();
        for (method, path, operation) in operations(&doc) {
            for tag in operation["tags"].as_array().expect("tags") {
                let tag = tag.as_str().expect("tag");
                assert!(
                    defined.contains(tag),
                    "{method} {path}: tag {tag:?} is not in the document's tags"
                );
            }
        }
    }
}
