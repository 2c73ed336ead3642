//! Single-use codes sent by email: password resets and assisted sign-up invitations.
//!
//! A code is 10 Crockford base32 characters (50 bits), short enough to type from the email
//! on a phone; with an expiry of minutes to days and per-email request limits, guessing one
//! is hopeless. Only its SHA-256 is stored; using it marks it (and every other code of the
//! account) spent.

use std::time::Duration;

use sqlx::AnyConnection;
use time::OffsetDateTime;

use companion_domain::wire::StaffRole;

use crate::auth::tokens::{hash_token, new_code, normalize_code};
use crate::error::ApiError;
use crate::mail::Mailer;
use crate::store::one_time_codes as store;

/// What a code is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// "Forgot password": valid 30 minutes.
    PasswordReset,
    /// Assisted sign-up in a shop: the customer sets a password; valid 7 days.
    Invitation,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::PasswordReset => "password_reset",
            Purpose::Invitation => "invitation",
        }
    }

    fn lifetime(self) -> Duration {
        match self {
            Purpose::PasswordReset => Duration::from_secs(30 * 60),
            Purpose::Invitation => Duration::from_secs(7 * 24 * 3600),
        }
    }
}

/// Creates a code for `account_id` and returns it in the grouped form `XXXXX-XXXXX`.
pub async fn create(
    conn: &mut AnyConnection,
    account_id: &str,
    purpose: Purpose,
    now: OffsetDateTime,
) -> Result<String, ApiError> {
    let code = new_code(10);
    let expires_at = now + purpose.lifetime();
    store::insert(
        conn,
        &hash_token(&code),
        account_id,
        purpose.as_str(),
        now,
        expires_at,
    )
    .await?;
    Ok(format!("{}-{}", &code[..5], &code[5..]))
}

/// Spends a code: the account it belongs to, or `None` if unknown, used or expired.
pub async fn redeem(
    conn: &mut AnyConnection,
    typed: &str,
    now: OffsetDateTime,
) -> Result<Option<String>, ApiError> {
    let Some(account_id) = peek(conn, typed, now).await? else {
        return Ok(None);
    };
    let spent = store::spend_all(conn, &account_id, now).await?;
    Ok((spent > 0).then_some(account_id))
}

/// Looks a code up without spending it, to check a new password before committing.
pub async fn peek(
    conn: &mut AnyConnection,
    typed: &str,
    now: OffsetDateTime,
) -> Result<Option<String>, ApiError> {
    Ok(store::open_code_owner(conn, &hash_token(&normalize_code(typed)), now).await?)
}

/// Sends the code in the background so the answer's timing says nothing about whether
/// the account exists; a failure is logged without the code.
pub fn send_in_background(mailer: Mailer, to: String, purpose: Purpose, code: String) {
    let (subject, body) = match purpose {
        Purpose::PasswordReset => (
            "Your password reset code",
            format!(
                "Hello,\n\nSomeone (hopefully you) asked to reset the password of your Companion account.\n\n\
                 Your code: {code}\n\nEnter it in the app, or open companion://reset-password?code={code}\n\
                 It works once and expires in 30 minutes. If you did not ask, ignore this email: your \
                 password has not changed.\n"
            ),
        ),
        Purpose::Invitation => (
            "Welcome to Companion: set your password",
            format!(
                "Hello,\n\nA sales assistant created your Companion account in the shop.\n\n\
                 Your code: {code}\n\nOpen the app, choose \"Forgot password\" > \"I have a code\", and set \
                 your password, or open companion://reset-password?code={code}\nThe code works once and \
                 expires in 7 days.\n"
            ),
        ),
    };
    spawn_send(mailer, to, subject.to_string(), body);
}

/// What a staff role is called in the emails staff receive.
fn role_title(role: StaffRole) -> &'static str {
    match role {
        StaffRole::Sales => "sales assistant",
        StaffRole::Support => "customer support agent",
        StaffRole::Operations => "operations (replacements and catalogues)",
        StaffRole::Admin => "administrator",
    }
}

/// Sends a staff member's invitation or admin-triggered reset, naming the role the
/// account has, and what the first log-in asks for (the authenticator app).
pub fn send_staff_in_background(
    mailer: Mailer,
    to: String,
    purpose: Purpose,
    role: StaffRole,
    code: String,
) {
    let title = role_title(role);
    let factor = if role.needs_second_factor() {
        "\nThis role signs in with a second factor: keep an authenticator app (such as Aegis, \
         Google Authenticator or Microsoft Authenticator) at hand; the console shows a QR code to \
         add at your first log-in.\n"
    } else {
        ""
    };
    let (subject, body) = match purpose {
        Purpose::Invitation => (
            format!("Companion back office: your {title} account"),
            format!(
                "Hello,\n\nAn administrator created your Companion staff account with the role: {title}.\n\n\
                 Your code: {code}\n\nSet your password at the back office (Forgot password > I have a \
                 code). The code works once and expires in 7 days.\n{factor}"
            ),
        ),
        Purpose::PasswordReset => (
            format!("Companion back office: reset your {title} password"),
            format!(
                "Hello,\n\nAn administrator reset the password of your Companion staff account (role: \
                 {title}). Every session of the account has ended.\n\nYour code: {code}\n\nIt works \
                 once and expires in 30 minutes. Your authenticator app stays as it is.\n{factor}"
            ),
        ),
    };
    spawn_send(mailer, to, subject, body);
}

fn spawn_send(mailer: Mailer, to: String, subject: String, body: String) {
    tokio::spawn(async move {
        if let Err(error) = mailer.send(&to, &subject, body).await {
            tracing::error!(%error, "could not send a one-time code email");
        }
    });
}
