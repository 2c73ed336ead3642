//! The end of a troubleshooting session (solved, or on to a replacement request): nothing
//! changes on the phone; the server counts it once, by the session's id, whenever the
//! phone is back online.

use companion_domain::troubleshooting::FaultCode;
use companion_domain::wire::{
    NewTroubleshootingSession, TroubleshootingOutcome, TroubleshootingSessionRecorded,
};
use companion_domain::DeviceId;
use reqwest::Method;
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{ApiRequest, OfflineAction, Staged};
use crate::api::paths;
use crate::errors::ErrorCode;
use crate::store::{rows, StoreError, StoreResult};

/// Report how the troubleshooting of `device_id` ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordTroubleshooting {
    /// The session's id (the server counts each once).
    pub id: Uuid,
    /// The device.
    pub device_id: DeviceId,
    /// The symptom chosen.
    pub fault_code: FaultCode,
    /// How it ended.
    pub outcome: TroubleshootingOutcome,
    /// How many steps were answered.
    pub steps: u32,
}

impl RecordTroubleshooting {
    /// A finished session of `device_id`.
    pub fn new(
        device_id: DeviceId,
        fault_code: FaultCode,
        outcome: TroubleshootingOutcome,
        steps: u32,
    ) -> RecordTroubleshooting {
        RecordTroubleshooting {
            id: Uuid::new_v4(),
            device_id,
            fault_code,
            outcome,
            steps,
        }
    }
}

impl OfflineAction for RecordTroubleshooting {
    const KIND: &'static str = "record_troubleshooting";
    type Answer = TroubleshootingSessionRecorded;

    fn stage(&mut self, tx: &Transaction<'_>, _now: OffsetDateTime) -> StoreResult<Staged> {
        if rows::synced_device(tx, &self.device_id)?.is_none() {
            return Err(StoreError::NotAllowed(ErrorCode::DeviceNotFound));
        }
        Ok(Staged::Queue)
    }

    fn request(&self) -> ApiRequest {
        let body = NewTroubleshootingSession {
            id: self.id,
            device_id: self.device_id.as_str().to_string(),
            fault_code: self.fault_code,
            outcome: self.outcome,
            steps: self.steps,
        };
        ApiRequest::json(
            Method::POST,
            paths::TROUBLESHOOTING_SESSIONS.to_string(),
            &body,
        )
    }

    fn accept(&self, _tx: &Transaction<'_>, _: TroubleshootingSessionRecorded) -> StoreResult<()> {
        Ok(())
    }

    fn undo(&self, _tx: &Transaction<'_>) -> StoreResult<Option<String>> {
        // Nothing was shown: a refused report (the device was released meanwhile) is
        // dropped without a notice.
        Ok(None)
    }
}
