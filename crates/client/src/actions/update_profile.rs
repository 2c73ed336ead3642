//! Changing names or marketing consent: the account shows the new values at once, and
//! keeps them while the change waits even if the feed brings the old ones; refused, the
//! server's values come back.

use companion_domain::wire::{Account, ChangeEntity, UpdateAccountRequest};
use reqwest::Method;
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{ApiRequest, OfflineAction, RowKey, Staged};
use crate::api::paths;
use crate::errors::ErrorCode;
use crate::store::{rows, StoreError, StoreResult};

/// Apply `patch` to the account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpdateProfile {
    /// The change.
    pub patch: UpdateAccountRequest,
    /// The values before it, filled in when staged: restored if the server refuses.
    #[serde(default = "UpdateProfile::nothing")]
    pub previous: UpdateAccountRequest,
    /// The account changed, filled in when staged.
    #[serde(default)]
    pub account_id: Option<Uuid>,
}

impl UpdateProfile {
    /// Change the account by `patch`.
    pub fn new(patch: UpdateAccountRequest) -> UpdateProfile {
        UpdateProfile {
            patch,
            previous: UpdateProfile::nothing(),
            account_id: None,
        }
    }

    fn nothing() -> UpdateAccountRequest {
        UpdateAccountRequest {
            given_name: None,
            family_name: None,
            marketing_opt_in: None,
        }
    }
}

impl OfflineAction for UpdateProfile {
    const KIND: &'static str = "update_profile";
    type Answer = Account;

    fn stage(&mut self, tx: &Transaction<'_>, _now: OffsetDateTime) -> StoreResult<Staged> {
        let Some(mut current) = rows::account(tx)? else {
            return Err(StoreError::NotAllowed(ErrorCode::Unauthenticated));
        };
        self.previous = UpdateAccountRequest {
            given_name: self
                .patch
                .given_name
                .as_ref()
                .map(|_| current.given_name.clone()),
            family_name: self
                .patch
                .family_name
                .as_ref()
                .map(|_| current.family_name.clone()),
            marketing_opt_in: self
                .patch
                .marketing_opt_in
                .map(|_| current.marketing_opt_in),
        };
        self.account_id = Some(current.id);
        rows::apply_patch(&mut current, &self.patch);
        rows::save_account(tx, &current)?;
        Ok(Staged::Queue)
    }

    fn request(&self) -> ApiRequest {
        ApiRequest::json(Method::PATCH, paths::ACCOUNT.to_string(), &self.patch)
    }

    fn accept(&self, tx: &Transaction<'_>, account: Account) -> StoreResult<()> {
        rows::save_account(tx, &account)
    }

    fn undo(&self, tx: &Transaction<'_>) -> StoreResult<Option<String>> {
        if let Some(mut current) = rows::account(tx)? {
            rows::apply_patch(&mut current, &self.previous);
            rows::save_account(tx, &current)?;
        }
        Ok(None)
    }

    fn rows(&self) -> Vec<RowKey> {
        self.account_id
            .map(|id| RowKey::of(ChangeEntity::Account, &id.to_string()))
            .into_iter()
            .collect()
    }
}
