//! Registering and listing devices.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::device_id::DeviceId;
use crate::guarantee::GuaranteeStatus;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// How a device ID reached the app; kept for support and scan-quality statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeviceSource {
    /// Live camera scan.
    Scan,
    /// Typed by the customer.
    Manual,
    /// Decoded from a photo.
    Photo,
}

impl DeviceSource {
    /// The stable snake_case name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceSource::Scan => "scan",
            DeviceSource::Manual => "manual",
            DeviceSource::Photo => "photo",
        }
    }
}

/// `POST /v1/devices`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RegisterDeviceRequest {
    /// The device ID as scanned or typed (dashes, spaces and lower case are fine).
    pub device_id: String,
    /// How it was captured.
    pub source: DeviceSource,
}

/// A registered device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Device {
    /// The device ID (compact form).
    pub device_id: DeviceId,
    /// The model name, e.g. `ILUMA PRIME`.
    pub model: String,
    /// When this customer registered it.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub registered_at: OffsetDateTime,
    /// Last day a replacement can be requested.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub guarantee_until: Date,
    /// Whether the guarantee is still running.
    pub status: GuaranteeStatus,
}

/// `GET /v1/devices`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DeviceList {
    /// The caller's devices, most recently registered first.
    pub devices: Vec<Device>,
}
