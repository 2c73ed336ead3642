//! Operator tasks run from the command line: sales-assistant accounts, and moving a
//! replacement request along.

use companion_domain::wire::{Account, ChangeEntity, GuaranteeRequest, GuaranteeRequestStatus};

use crate::auth::tokens::new_code;
use crate::clock::to_millis;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{accounts, changes, guarantee, purchases};
use crate::validate;

/// Creates a sales-assistant account of the default shop (see [`create_staff_at`]).
pub async fn create_staff(
    state: &AppState,
    email: &str,
    password: &str,
    name: &str,
) -> anyhow::Result<Account> {
    create_staff_at(state, email, password, name, purchases::DEFAULT_SHOP).await
}

/// Creates a sales-assistant account that logs in like a customer and may use the staff
/// endpoints, in `shop` (receipt references are unique per shop). Its password follows
/// the same policy.
pub async fn create_staff_at(
    state: &AppState,
    email: &str,
    password: &str,
    name: &str,
    shop: &str,
) -> anyhow::Result<Account> {
    let shop = companion_domain::text::RECEIPT_REFERENCE
        .clean(shop)
        .map_err(|e| anyhow::anyhow!("the shop {e}"))?;
    let explain = |e: ApiError| anyhow::anyhow!("{}: {}", e.code(), e);
    let email = validate::email(email).map_err(explain)?;
    let name = validate::name(name, "name").map_err(explain)?;
    validate::new_password(password, &[email.as_str(), &name]).map_err(explain)?;
    let hash = state.hasher.hash(password.to_string()).await?;
    let now = state.clock.now();
    let id = uuid::Uuid::new_v4().to_string();
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO accounts (id, email, password_hash, given_name, family_name, member_code, country, role, created_at, shop)
         VALUES ($1, $2, $3, $4, '', $5, 'PT', 'staff', $6, $7)",
    )
    .bind(&id)
    .bind(email.as_str())
    .bind(hash)
    .bind(&name)
    .bind(new_code(10))
    .bind(to_millis(now))
    .bind(&shop)
    .execute(&mut *tx)
    .await
    .map_err(|e| if crate::db::is_unique_violation(&e) { anyhow::anyhow!("an account with {email} already exists") } else { e.into() })?;
    let account = accounts::load(&mut tx, &id).await.map_err(explain)?;
    tx.commit().await?;
    Ok(account)
}

/// Moves a replacement request along (the back office's work: approved, shipped, ready
/// for collection, completed or rejected). The customer's phone learns it at its next
/// sync, through the change feed. Returns the updated request.
pub async fn set_guarantee_status(
    state: &AppState,
    request_id: &str,
    status: GuaranteeRequestStatus,
) -> anyhow::Result<GuaranteeRequest> {
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let sql = format!(
        "UPDATE guarantee_requests SET status = $1, updated_at = $2 WHERE id = $3
         RETURNING account_id, {}",
        guarantee::REQUEST_COLUMNS
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(status.as_str())
        .bind(to_millis(now))
        .bind(request_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no replacement request {request_id}"))?;
    let account_id: Option<String> = sqlx::Row::try_get(&row, "account_id")?;
    let request = guarantee::from_row(&row).map_err(|e| anyhow::anyhow!("{e}"))?;
    if let Some(account_id) = account_id {
        changes::record(
            &mut tx,
            &account_id,
            ChangeEntity::GuaranteeRequest,
            request_id,
            Some(&request),
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    tx.commit().await?;
    Ok(request)
}
