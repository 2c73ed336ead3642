//! Signing up, logging in and out, and resetting a forgotten password.

use companion_domain::wire::{Language, SignUpBody};

use super::*;

impl ApiClient {
    /// Creates an account whose emails and notifications are in `language` (the one the
    /// app shows while the customer signs up).
    pub async fn sign_up(
        &self,
        request: &SignUpRequest,
        language: Language,
        key: Uuid,
    ) -> Result<Account, CallError> {
        let body = SignUpBody {
            details: request.clone(),
            language,
        };
        let raw = self
            .send(
                Method::POST,
                paths::ACCOUNTS,
                Some(&body),
                Some(key),
                Auth::None,
            )
            .await?;
        parse(raw)
    }

    /// Logs in and keeps the session.
    pub async fn log_in(&self, email: &str, password: &str) -> Result<Account, CallError> {
        let email_key = email.trim().to_lowercase();
        let request = LoginRequest {
            email: email.to_string(),
            password: password.to_string(),
            device_token: self.secrets.device_token(&email_key).ok().flatten(),
        };
        let raw = self
            .send(
                Method::POST,
                paths::SESSIONS,
                Some(&request),
                None,
                Auth::None,
            )
            .await?;
        let answer = match parse::<LoginAnswer>(raw)? {
            LoginAnswer::Session(session) => session,
            // Staff who see customers' data sign in with a second factor, at the back
            // office; the app is for customers and shop staff.
            LoginAnswer::Mfa(_) => {
                return Err(CallError::Refused {
                    status: 403,
                    code: ErrorCode::MfaRequired,
                    message: "This account signs in at the back office with its authenticator app."
                        .to_string(),
                })
            }
        };
        if let Some(token) = &answer.device_token {
            // Losing it only means no exemption from a lock next time: never fail a log-in.
            if let Err(problem) = self.secrets.save_device_token(&email_key, token) {
                tracing::warn!(%problem, "cannot keep this device's log-in token");
            }
        }
        let session = Session {
            account_id: answer.account.id,
            access_token: answer.access_token,
            refresh_token: answer.refresh_token,
            access_expires_at: OffsetDateTime::now_utc()
                + Duration::from_secs(answer.expires_in.max(0) as u64),
        };
        self.store_session(Some(session)).await?;
        Ok(answer.account)
    }

    /// Logs out: ends the session on the server when reachable, and forgets it here
    /// whatever happens.
    pub async fn log_out(&self) -> Result<(), CallError> {
        let ended = self
            .send(
                Method::DELETE,
                paths::SESSIONS_CURRENT,
                None::<&()>,
                None,
                Auth::Required,
            )
            .await;
        self.store_session(None).await?;
        match ended {
            Ok(_) | Err(CallError::SignedOut) | Err(CallError::Offline(_)) => Ok(()),
            Err(other) => Err(other),
        }
    }

    /// Asks for a password-reset code by email.
    pub async fn request_password_reset(&self, email: &str) -> Result<(), CallError> {
        let request = PasswordResetRequest {
            email: email.to_string(),
        };
        parse_empty(
            self.send(
                Method::POST,
                paths::PASSWORD_RESETS,
                Some(&request),
                None,
                Auth::None,
            )
            .await?,
        )
    }

    /// Sets a new password with the emailed code.
    pub async fn confirm_password_reset(
        &self,
        code: &str,
        new_password: &str,
    ) -> Result<(), CallError> {
        let request = PasswordResetConfirm {
            token: code.to_string(),
            new_password: new_password.to_string(),
        };
        parse_empty(
            self.send(
                Method::POST,
                paths::PASSWORD_RESETS_CONFIRM,
                Some(&request),
                None,
                Auth::None,
            )
            .await?,
        )
    }
}
