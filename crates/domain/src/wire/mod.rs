//! The JSON shapes of the account API, shared by the server and the phone so that the two
//! cannot drift apart.
//!
//! Requests carry plain strings where the customer typed something (email, device ID, date
//! of birth): the server parses them into domain types itself so that it can answer with a
//! precise error code instead of a generic "bad JSON". Responses carry typed values.

mod accounts;
mod backoffice;
mod changes;
mod devices;
mod errors;
mod guarantee;
mod loyalty;
mod mail;
mod notifications;
mod points_claims;
mod sessions;
mod staff;
mod support;
mod test_clock;
mod transfers;
mod troubleshooting;

pub use accounts::*;
pub use backoffice::*;
pub use changes::*;
pub use devices::*;
pub use errors::*;
pub use guarantee::*;
pub use loyalty::*;
pub use mail::*;
pub use notifications::*;
pub use points_claims::*;
pub use sessions::*;
pub use staff::*;
pub use support::*;
pub use test_clock::*;
pub use transfers::*;
pub use troubleshooting::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivery_is_tagged_by_kind() {
        let json = r#"{"kind":"collection_point","collection_point_id":"cp-lisboa-chiado"}"#;
        let delivery: Delivery = serde_json::from_str(json).expect("parse");
        assert_eq!(
            delivery,
            Delivery::CollectionPoint {
                collection_point_id: "cp-lisboa-chiado".into()
            }
        );
        assert_eq!(serde_json::to_string(&delivery).expect("serialize"), json);
    }

    #[test]
    fn rewards_read_in_the_customers_language_with_portuguese_as_the_fallback() {
        let json = r#"{"id":"fuel-10","name":"Vale de combustível 10 €","description":"Nos postos parceiros.",
            "category":"fuel","cost_points":450,
            "translations":{"en":{"name":"10 € fuel voucher","description":"At partner stations."}}}"#;
        let reward: Reward = serde_json::from_str(json).expect("parses");
        assert_eq!(
            reward.text("en"),
            ("10 € fuel voucher", "At partner stations.")
        );
        assert_eq!(reward.text("pt-PT").0, "Vale de combustível 10 €");
        assert_eq!(reward.text("fr").0, "Vale de combustível 10 €");
        // An older server without translations still parses, and sends none back.
        let plain: Reward = serde_json::from_str(
            r#"{"id":"x","name":"N","description":"D","category":"gadget","cost_points":1}"#,
        )
        .expect("parses");
        assert!(plain.translations.is_empty());
        assert!(!serde_json::to_string(&plain)
            .expect("json")
            .contains("translations"));
    }

    #[test]
    fn portuguese_postal_codes_are_checked() {
        let mut address = PostalAddress {
            recipient: "Ana".into(),
            line1: "Rua Augusta 1".into(),
            line2: None,
            postal_code: "1100-048".into(),
            city: "Lisboa".into(),
            phone: None,
        };
        assert!(address.has_valid_postal_code());
        for bad in ["1100048", "110-0048", "ABCD-EFG", "1100-04"] {
            address.postal_code = bad.into();
            assert!(!address.has_valid_postal_code(), "{bad}");
        }
    }

    #[test]
    fn status_and_entity_names_round_trip() {
        for status in [
            "submitted",
            "approved",
            "shipped",
            "ready_for_collection",
            "completed",
            "rejected",
            "cancelled",
        ] {
            let parsed = GuaranteeRequestStatus::from_name(status).expect("known");
            assert_eq!(parsed.as_str(), status);
        }
        assert!(GuaranteeRequestStatus::Shipped.is_open());
        assert!(!GuaranteeRequestStatus::Rejected.is_open());
        for entity in [
            "account",
            "device",
            "loyalty_entry",
            "redemption",
            "guarantee_request",
            "notification",
        ] {
            assert_eq!(
                ChangeEntity::from_name(entity).map(ChangeEntity::as_str),
                Some(entity)
            );
        }
    }
}
