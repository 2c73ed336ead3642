//! Operator tasks run from the command line: sales-assistant accounts, and moving a
//! replacement request along.

use companion_domain::wire::{Account, GuaranteeRequest, GuaranteeRequestStatus, StaffRole};

use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{accounts, guarantee, purchases};
use crate::validate;

/// A staff account to create.
#[derive(Debug, Clone, Copy)]
pub struct NewStaff<'a> {
    /// Login email.
    pub email: &'a str,
    /// Password (the customers' policy).
    pub password: &'a str,
    /// Name shown to colleagues and in the audit log.
    pub name: &'a str,
    /// What the account may do.
    pub role: StaffRole,
    /// The shop, for a sales assistant (receipt references earn points once per shop).
    pub shop: &'a str,
}

/// Creates a sales-assistant account of the default shop.
pub async fn create_staff(
    state: &AppState,
    email: &str,
    password: &str,
    name: &str,
) -> anyhow::Result<Account> {
    let new = NewStaff {
        email,
        password,
        name,
        role: StaffRole::Sales,
        shop: purchases::DEFAULT_SHOP,
    };
    create_staff_member(state, &new).await
}

/// Creates a staff account that logs in like a customer; its role decides which staff and
/// back-office endpoints it may use.
pub async fn create_staff_member(state: &AppState, new: &NewStaff<'_>) -> anyhow::Result<Account> {
    let NewStaff {
        email,
        password,
        name,
        role,
        shop,
    } = *new;
    let shop = companion_domain::text::RECEIPT_REFERENCE
        .clean(shop)
        .map_err(|e| anyhow::anyhow!("the shop {e}"))?;
    let explain = |e: ApiError| anyhow::anyhow!("{}: {}", e.code(), e);
    let email = validate::email(email).map_err(explain)?;
    let name = validate::name(name, "name").map_err(explain)?;
    validate::new_password(password, &[email.as_str(), &name]).map_err(explain)?;
    let hash = state.hasher.hash(password.to_string()).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let row = accounts::NewAccountRow {
        email: email.as_str(),
        password_hash: Some(hash.as_str()),
        given_name: &name,
        family_name: "",
        birth_date: None,
        country: "PT",
        staff_role: Some(role),
        marketing_opt_in: false,
        terms_accepted_at: None,
        shop: Some(shop.as_str()),
        created_at: now,
    };
    let id = accounts::insert(&mut tx, &row).await.map_err(|e| {
        if crate::db::is_unique_violation(&e) {
            anyhow::anyhow!("an account with {email} already exists")
        } else {
            e.into()
        }
    })?;
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
    let request = guarantee::set_status(&mut tx, request_id, status, Default::default(), now)
        .await
        .map_err(in_full)?
        .ok_or_else(|| anyhow::anyhow!("no replacement request {request_id}"))?;
    tx.commit().await?;
    Ok(request)
}

/// An operator reads the cause of a failure in full (the API hides it from customers).
fn in_full(error: ApiError) -> anyhow::Error {
    match error {
        ApiError::Database(error) => error.into(),
        ApiError::Internal(error) => error,
        other => anyhow::anyhow!("{}: {other}", other.code()),
    }
}
