//! Opening a notification: it is read on the phone at once (the badge goes down, offline
//! too), and the server learns it when the phone is back.

use companion_domain::wire::Notification;
use reqwest::Method;
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{ApiRequest, OfflineAction, RowKey, Staged};
use crate::api::paths;
use crate::store::{rows, StoreResult};
use companion_domain::wire::ChangeEntity;

/// Mark the notification `id` read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadNotification {
    /// The notification.
    pub id: Uuid,
}

impl OfflineAction for ReadNotification {
    const KIND: &'static str = "read_notification";
    type Answer = Notification;

    fn stage(&mut self, tx: &Transaction<'_>, now: OffsetDateTime) -> StoreResult<Staged> {
        Ok(if rows::mark_notification_read(tx, self.id, now)? {
            Staged::Queue
        } else {
            Staged::NothingToDo
        })
    }

    fn request(&self) -> ApiRequest {
        ApiRequest::empty(Method::POST, paths::notification_read(&self.id.to_string()))
    }

    fn accept(&self, tx: &Transaction<'_>, notification: Notification) -> StoreResult<()> {
        rows::upsert_notification(tx, &notification)
    }

    fn undo(&self, tx: &Transaction<'_>) -> StoreResult<Option<String>> {
        rows::mark_notification_unread(tx, self.id)?;
        Ok(None)
    }

    fn rows(&self) -> Vec<RowKey> {
        vec![RowKey::of(ChangeEntity::Notification, &self.id.to_string())]
    }
}
