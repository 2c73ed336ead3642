//! What the troubleshooter reports: each finished session (anonymous), and the back
//! office's statistics of which faults are fixed at home and which drive replacements.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::troubleshooting::FaultCode;

#[cfg(feature = "openapi")]
use utoipa::{IntoParams, ToSchema};

/// How a troubleshooting session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TroubleshootingOutcome {
    /// Fixed at home.
    Solved,
    /// Not fixable at home: the guide led to a replacement request.
    Replacement,
}

impl TroubleshootingOutcome {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            TroubleshootingOutcome::Solved => "solved",
            TroubleshootingOutcome::Replacement => "replacement",
        }
    }
}

/// `POST /v1/troubleshooting-sessions`: a finished session. The id is made by the phone,
/// so a session sent twice (a retry after a dropped answer) counts once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewTroubleshootingSession {
    /// The phone's id for this session.
    pub id: Uuid,
    /// The device it was about (its model is what is kept).
    pub device_id: String,
    /// The symptom chosen.
    pub fault_code: FaultCode,
    /// How it ended.
    pub outcome: TroubleshootingOutcome,
    /// How many steps were answered.
    pub steps: u32,
}

/// The answer to a recorded session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TroubleshootingSessionRecorded {
    /// The session's id, as sent.
    pub id: Uuid,
}

/// `GET /v1/backoffice/troubleshooting/stats?model=…`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams), into_params(parameter_in = Query))]
pub struct TroubleshootingStatsQuery {
    /// Only this model (as in the catalogue); every model when absent.
    pub model: Option<String>,
}

/// One model and symptom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TroubleshootingStatsRow {
    /// The device model.
    pub model: String,
    /// The symptom.
    pub fault_code: FaultCode,
    /// Finished troubleshooting sessions.
    pub sessions: i64,
    /// Of those, fixed at home.
    pub solved: i64,
    /// Of those, ended by asking for a replacement.
    pub led_to_request: i64,
    /// Replacement requests naming this symptom for this model, from the app or the API.
    pub requests: i64,
}

/// `GET /v1/backoffice/troubleshooting/stats`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TroubleshootingStats {
    /// By model, then symptom.
    pub rows: Vec<TroubleshootingStatsRow>,
}
