//! Collection points and Voluntary Guarantee requests.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::device_id::DeviceId;
use crate::troubleshooting::FaultCode;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// A shop or partner where a replacement device can be collected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CollectionPoint {
    /// Identifier.
    pub id: String,
    /// Shop name.
    pub name: String,
    /// Street address, postal code and city.
    pub address: String,
    /// WGS84 latitude.
    pub latitude: f64,
    /// WGS84 longitude.
    pub longitude: f64,
    /// Opening hours as shown on the shop door.
    pub opening_hours: String,
}

/// `GET /v1/collection-points`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CollectionPointList {
    /// All collection points.
    pub collection_points: Vec<CollectionPoint>,
}

/// A postal address in Portugal for a delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PostalAddress {
    /// Who receives it.
    pub recipient: String,
    /// Street, number, floor.
    pub line1: String,
    /// More address detail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    /// `NNNN-NNN`.
    #[cfg_attr(feature = "openapi", schema(example = "1100-148"))]
    pub postal_code: String,
    /// City or town.
    pub city: String,
    /// A phone number for the courier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

impl PostalAddress {
    /// Portuguese postal codes are four digits, a dash, three digits.
    pub fn has_valid_postal_code(&self) -> bool {
        let code = self.postal_code.trim().as_bytes();
        code.len() == 8
            && code[4] == b'-'
            && code[..4].iter().chain(&code[5..]).all(u8::is_ascii_digit)
    }
}

/// Where the replacement goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Delivery {
    /// Delivered by courier to this address.
    Address {
        /// The address.
        address: PostalAddress,
    },
    /// Collected by the customer at a collection point.
    CollectionPoint {
        /// Which collection point.
        collection_point_id: String,
    },
}

/// `POST /v1/guarantee-requests`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CreateGuaranteeRequest {
    /// The faulty device.
    pub device_id: String,
    /// What is wrong, in the customer's words.
    pub fault_description: String,
    /// What is wrong, as one of the troubleshooter's symptoms (`other` when not given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault_code: Option<FaultCode>,
    /// Where the replacement goes.
    pub delivery: Delivery,
}

/// Where a replacement request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GuaranteeRequestStatus {
    /// Received, not yet reviewed.
    Submitted,
    /// Accepted; a replacement is being prepared.
    Approved,
    /// On its way to the address.
    Shipped,
    /// Waiting at the collection point.
    ReadyForCollection,
    /// The customer has the replacement.
    Completed,
    /// Refused (the message explains why).
    Rejected,
    /// Withdrawn: the device was released or the account removed.
    Cancelled,
}

impl GuaranteeRequestStatus {
    /// The stable snake_case name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            GuaranteeRequestStatus::Submitted => "submitted",
            GuaranteeRequestStatus::Approved => "approved",
            GuaranteeRequestStatus::Shipped => "shipped",
            GuaranteeRequestStatus::ReadyForCollection => "ready_for_collection",
            GuaranteeRequestStatus::Completed => "completed",
            GuaranteeRequestStatus::Rejected => "rejected",
            GuaranteeRequestStatus::Cancelled => "cancelled",
        }
    }

    /// Parses the stored name.
    pub fn from_name(name: &str) -> Option<Self> {
        [
            GuaranteeRequestStatus::Submitted,
            GuaranteeRequestStatus::Approved,
            GuaranteeRequestStatus::Shipped,
            GuaranteeRequestStatus::ReadyForCollection,
            GuaranteeRequestStatus::Completed,
            GuaranteeRequestStatus::Rejected,
            GuaranteeRequestStatus::Cancelled,
        ]
        .into_iter()
        .find(|s| s.as_str() == name)
    }

    /// Whether operations may move a request from this status to `next`: reviewed
    /// (approved or rejected), then shipped to an address or made ready at a collection
    /// point (as the customer chose), then completed. Nothing leaves a closed request.
    pub fn can_move_to(self, next: GuaranteeRequestStatus, delivery: &Delivery) -> bool {
        use GuaranteeRequestStatus::*;
        let handed_over = match delivery {
            Delivery::Address { .. } => Shipped,
            Delivery::CollectionPoint { .. } => ReadyForCollection,
        };
        match self {
            Submitted => matches!(next, Approved | Rejected),
            Approved => next == handed_over || next == Rejected,
            Shipped | ReadyForCollection => next == Completed,
            Completed | Rejected | Cancelled => false,
        }
    }

    /// Whether the request still blocks a new one for the same device.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            GuaranteeRequestStatus::Completed
                | GuaranteeRequestStatus::Rejected
                | GuaranteeRequestStatus::Cancelled
        )
    }
}

/// A replacement request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct GuaranteeRequest {
    /// Request identifier.
    pub id: Uuid,
    /// The faulty device.
    pub device_id: DeviceId,
    /// What is wrong.
    pub fault_description: String,
    /// The symptom (`other` for requests that named none).
    #[serde(default)]
    pub fault_code: FaultCode,
    /// Where the replacement goes.
    pub delivery: Delivery,
    /// Where it stands.
    pub status: GuaranteeRequestStatus,
    /// When it was made.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    /// When the status last changed.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: OffsetDateTime,
    /// The carrier's tracking number, once shipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<String>,
    /// Why it was refused, for the customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejection_reason: Option<String>,
}

/// `GET /v1/guarantee-requests`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct GuaranteeRequestList {
    /// The caller's requests, newest first.
    pub requests: Vec<GuaranteeRequest>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_moves_only_forward_and_by_the_delivery_chosen() {
        use GuaranteeRequestStatus::*;
        let point = Delivery::CollectionPoint {
            collection_point_id: "cp".into(),
        };
        assert!(Submitted.can_move_to(Approved, &point));
        assert!(Submitted.can_move_to(Rejected, &point));
        assert!(!Submitted.can_move_to(Completed, &point));
        assert!(Approved.can_move_to(ReadyForCollection, &point));
        assert!(
            !Approved.can_move_to(Shipped, &point),
            "a collection point is not shipped to"
        );
        assert!(ReadyForCollection.can_move_to(Completed, &point));
        for closed in [Completed, Rejected, Cancelled] {
            for next in [
                Submitted,
                Approved,
                Shipped,
                ReadyForCollection,
                Completed,
                Rejected,
            ] {
                assert!(!closed.can_move_to(next, &point));
            }
        }
    }
}
