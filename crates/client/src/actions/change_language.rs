//! The customer's language, for the emails and notifications the server writes while the
//! phone is away: chosen with the app's switch, sent like every change (offline too).

use companion_domain::wire::Account;
use reqwest::Method;
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{ApiRequest, OfflineAction, Staged};
use crate::api::paths;
use crate::store::{rows, StoreResult};

/// Set the account's language to `language` (`pt` or `en`, the server's codes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeLanguage {
    /// The language code.
    pub language: String,
}

impl OfflineAction for ChangeLanguage {
    const KIND: &'static str = "change_language";
    type Answer = Account;

    fn stage(&mut self, tx: &Transaction<'_>, _now: OffsetDateTime) -> StoreResult<Staged> {
        // Signed out, the choice stays a preference of the phone; sign-up sends it.
        Ok(match rows::account(tx)? {
            Some(_) => Staged::Queue,
            None => Staged::NothingToDo,
        })
    }

    fn request(&self) -> ApiRequest {
        let body = serde_json::json!({ "language": self.language });
        ApiRequest::json(Method::PATCH, paths::ACCOUNT.to_string(), &body)
    }

    fn accept(&self, tx: &Transaction<'_>, account: Account) -> StoreResult<()> {
        rows::save_account(tx, &account)
    }

    fn undo(&self, _tx: &Transaction<'_>) -> StoreResult<Option<String>> {
        Ok(None)
    }
}
