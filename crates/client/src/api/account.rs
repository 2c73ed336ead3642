//! The signed-in customer's account: its record, password, sessions, export and removal.

use super::*;

impl ApiClient {
    /// The account, fresh from the server.
    pub async fn account(&self) -> Result<Account, CallError> {
        parse(
            self.send(
                Method::GET,
                paths::ACCOUNT,
                None::<&()>,
                None,
                Auth::Required,
            )
            .await?,
        )
    }

    /// Changes the password; the server ends the customer's other sessions, this one stays.
    pub async fn change_password(&self, current: &str, new: &str) -> Result<(), CallError> {
        let body = ChangePasswordRequest {
            current_password: current.to_string(),
            new_password: new.to_string(),
        };
        parse_empty(
            self.send(
                Method::POST,
                paths::ACCOUNT_PASSWORD,
                Some(&body),
                None,
                Auth::Required,
            )
            .await?,
        )
    }

    /// The customer's signed-in phones and browsers, most recently used first.
    pub async fn sessions(&self) -> Result<Vec<ActiveSession>, CallError> {
        let list: SessionList = parse(
            self.send(
                Method::GET,
                paths::ACCOUNT_SESSIONS,
                None::<&()>,
                None,
                Auth::Required,
            )
            .await?,
        )?;
        Ok(list.sessions)
    }

    /// Ends one of the customer's other sessions (a lost phone).
    pub async fn end_session(&self, id: Uuid) -> Result<(), CallError> {
        parse_empty(
            self.send(
                Method::DELETE,
                &paths::account_session(&id.to_string()),
                None::<&()>,
                None,
                Auth::Required,
            )
            .await?,
        )
    }

    /// Ends every session of the customer but this phone's.
    pub async fn end_other_sessions(&self) -> Result<(), CallError> {
        parse_empty(
            self.send(
                Method::DELETE,
                paths::ACCOUNT_SESSIONS,
                None::<&()>,
                None,
                Auth::Required,
            )
            .await?,
        )
    }

    /// Everything the server holds about the customer.
    pub async fn export(&self) -> Result<AccountExport, CallError> {
        parse(
            self.send(
                Method::GET,
                paths::ACCOUNT_EXPORT,
                None::<&()>,
                None,
                Auth::Required,
            )
            .await?,
        )
    }

    /// Removes the account (confirmed with the password) and forgets the session. The
    /// caller then clears the local cache ([`crate::LocalStore::clear_all`]).
    pub async fn delete_account(&self, password: &str) -> Result<(), CallError> {
        let body = DeleteAccountRequest {
            password: password.to_string(),
        };
        parse_empty(
            self.send(
                Method::DELETE,
                paths::ACCOUNT,
                Some(&body),
                None,
                Auth::Required,
            )
            .await?,
        )?;
        self.store_session(None).await
    }
}
