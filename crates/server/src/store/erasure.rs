//! Erasing a customer (`DELETE /v1/account`): the one place that knows every table where
//! a person's data can sit. A test scans every text column of every table after erasure,
//! so a table added without a line here fails it.

use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::auth::throttle::{Bucket, Space};
use crate::clock::to_millis;
use crate::error::ApiResult;
use crate::idempotency;
use crate::store::{devices, guarantee, transfers};

/// Erases an account's personal data, inside the caller's transaction. Kept, without
/// anything that identifies a person: the account row's anonymous counters, the points
/// ledger and redemptions (accounting), the purchases (till reconciliation), the devices'
/// first registration and bonus marks (so the bonus is never granted twice and the
/// guarantee never restarts), and closed replacement requests stripped of fault text and
/// address.
pub async fn erase(
    conn: &mut AnyConnection,
    account_id: &str,
    now: OffsetDateTime,
) -> ApiResult<()> {
    let email: Option<String> = sqlx::query_scalar("SELECT email FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_one(&mut *conn)
        .await?;
    guarantee::cancel_all_open(conn, account_id, now).await?;
    devices::release_all(conn, account_id).await?;
    transfers::erase(conn, account_id, now).await?;
    let erasures = [
        "UPDATE guarantee_requests SET fault_description = NULL, delivery_json = NULL, tracking_number = NULL,
                rejection_reason = NULL WHERE account_id = $1",
        "DELETE FROM refresh_tokens WHERE session_id IN (SELECT id FROM sessions WHERE account_id = $1)",
        "DELETE FROM sessions WHERE account_id = $1",
        "DELETE FROM one_time_codes WHERE account_id = $1",
        "DELETE FROM login_devices WHERE account_id = $1",
        "DELETE FROM support_requests WHERE account_id = $1",
        "DELETE FROM changes WHERE account_id = $1",
        "DELETE FROM notifications WHERE account_id = $1",
        "DELETE FROM mail_outbox WHERE account_id = $1",
    ];
    for statement in erasures {
        sqlx::query(statement)
            .bind(account_id)
            .execute(&mut *conn)
            .await?;
    }
    // Signed-out requests ("I forgot my email") that gave this address to answer to.
    if let Some(email) = &email {
        sqlx::query("DELETE FROM support_requests WHERE contact_email = $1")
            .bind(email)
            .execute(&mut *conn)
            .await?;
        // Mail to this address from before it had an account, or to a contact address.
        sqlx::query("DELETE FROM mail_outbox WHERE recipient = $1")
            .bind(email)
            .execute(&mut *conn)
            .await?;
        // Throttle buckets are keyed by the email tried at log-in and reset.
        sqlx::query("DELETE FROM throttle WHERE bucket IN ($1, $2)")
            .bind(Bucket::new(Space::LoginEmail, email).name())
            .bind(Bucket::new(Space::ResetEmail, email).name())
            .execute(&mut *conn)
            .await?;
    }
    idempotency::forget_answers_about(conn, account_id).await?;
    sqlx::query(
        "UPDATE accounts SET email = NULL, password_hash = NULL, given_name = NULL, family_name = NULL,
                birth_date = NULL, member_code = NULL, marketing_opt_in = 0, erased_at = $2
         WHERE id = $1",
    )
    .bind(account_id)
    .bind(to_millis(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}
