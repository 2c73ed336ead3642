//! The sync feed.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Whether a change feed item creates/updates or removes an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeOp {
    /// The entity now looks like `data`.
    Upsert,
    /// The entity is gone.
    Delete,
}

/// Which kind of entity a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeEntity {
    /// `data` is an [`Account`].
    Account,
    /// `data` is a [`Device`].
    Device,
    /// `data` is a [`LoyaltyEntry`].
    LoyaltyEntry,
    /// `data` is a [`Redemption`].
    Redemption,
    /// `data` is a [`GuaranteeRequest`].
    GuaranteeRequest,
    /// `data` is a [`Notification`].
    Notification,
    /// `data` is the account's [`LoyaltyOutlook`] (id: the account id).
    LoyaltyOutlook,
    /// `data` is a [`PointsClaim`].
    PointsClaim,
    /// `data` is a [`DeviceTransfer`], as the account's side sees it.
    DeviceTransfer,
}

impl ChangeEntity {
    /// The stable snake_case name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeEntity::Account => "account",
            ChangeEntity::Device => "device",
            ChangeEntity::LoyaltyEntry => "loyalty_entry",
            ChangeEntity::Redemption => "redemption",
            ChangeEntity::GuaranteeRequest => "guarantee_request",
            ChangeEntity::Notification => "notification",
            ChangeEntity::LoyaltyOutlook => "loyalty_outlook",
            ChangeEntity::PointsClaim => "points_claim",
            ChangeEntity::DeviceTransfer => "device_transfer",
        }
    }

    /// Parses the stored name.
    pub fn from_name(name: &str) -> Option<Self> {
        [
            ChangeEntity::Account,
            ChangeEntity::Device,
            ChangeEntity::LoyaltyEntry,
            ChangeEntity::Redemption,
            ChangeEntity::GuaranteeRequest,
            ChangeEntity::Notification,
            ChangeEntity::LoyaltyOutlook,
            ChangeEntity::PointsClaim,
            ChangeEntity::DeviceTransfer,
        ]
        .into_iter()
        .find(|e| e.as_str() == name)
    }
}

/// One item of the sync feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Change {
    /// Entity kind.
    pub entity: ChangeEntity,
    /// Entity identifier (a UUID, or the device ID for devices).
    pub id: String,
    /// Upsert or delete.
    pub op: ChangeOp,
    /// The entity's state after the change (absent for deletes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub data: Option<serde_json::Value>,
}

/// `GET /v1/changes` page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ChangesPage {
    /// Pass as `since` next time; store it with the applied page.
    pub cursor: String,
    /// Changes after `since`, oldest first.
    pub changes: Vec<Change>,
    /// More changes are waiting: ask again at once with the new cursor.
    pub has_more: bool,
}
