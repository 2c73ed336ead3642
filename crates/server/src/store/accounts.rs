//! Account records.

use companion_domain::wire::{Account, AccountView, Language, Role, StaffMember, StaffRole};
use companion_domain::Tier;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use time::{Date, OffsetDateTime};

use crate::auth::tokens::new_code;
use crate::clock::{from_millis, to_millis};
use crate::db::col;
use crate::error::ApiError;
use crate::store::{changes, date_from_text, date_to_text};

/// The columns [`from_row`] reads.
pub const ACCOUNT_COLUMNS: &str =
    "id, email, given_name, family_name, birth_date, country, member_code,
    balance, lifetime_points, marketing_opt_in, role, created_at, language";

/// Maps a row selected with [`ACCOUNT_COLUMNS`].
pub fn from_row(row: &AnyRow) -> Result<Account, ApiError> {
    let lifetime_points: i64 = col(row, "lifetime_points")?;
    let role: String = col(row, "role")?;
    let birth_date: Option<String> = col(row, "birth_date")?;
    Ok(Account {
        id: parse_uuid(&col::<String>(row, "id")?)?,
        email: col::<Option<String>>(row, "email")?.unwrap_or_default(),
        given_name: col::<Option<String>>(row, "given_name")?.unwrap_or_default(),
        family_name: col::<Option<String>>(row, "family_name")?.unwrap_or_default(),
        birth_date: date_from_text(birth_date.as_deref().unwrap_or("1900-01-01"))?,
        country: col(row, "country")?,
        member_code: col::<Option<String>>(row, "member_code")?.unwrap_or_default(),
        tier: Tier::for_lifetime_points(lifetime_points),
        balance: col(row, "balance")?,
        lifetime_points,
        marketing_opt_in: col::<i64>(row, "marketing_opt_in")? != 0,
        role: role_from_name(&role),
        created_at: from_millis(col(row, "created_at")?),
    })
}

/// Loads a live (not erased) account.
pub async fn load(conn: &mut AnyConnection, id: &str) -> Result<Account, ApiError> {
    from_row(&live_row(conn, id).await?)
}

/// The row of a live account; `invalid_token` when it is gone (erased since the token).
async fn live_row(conn: &mut AnyConnection, id: &str) -> Result<AnyRow, ApiError> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1 AND erased_at IS NULL");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(ApiError::InvalidToken)
}

/// Puts the account as its owner sees it in the owner's feed, after any change to it, and
/// returns it: the one place an account reaches the feed.
pub async fn publish(conn: &mut AnyConnection, id: &str) -> Result<AccountView, ApiError> {
    let account = load_view(conn, id).await?;
    changes::upserted(conn, id, &account).await?;
    Ok(account)
}

/// Loads a live account with its language: what the account's owner is sent (`GET
/// /v1/account`, the feed).
pub async fn load_view(conn: &mut AnyConnection, id: &str) -> Result<AccountView, ApiError> {
    let row = live_row(conn, id).await?;
    Ok(AccountView {
        account: from_row(&row)?,
        language: Language::from_name(&col::<String>(&row, "language")?),
    })
}

/// Sets the language of the account's emails and notifications.
pub async fn set_language(
    conn: &mut AnyConnection,
    id: &str,
    language: Language,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE accounts SET language = $1 WHERE id = $2")
        .bind(language.as_str())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Where and in which language a live account (customer or staff) is written to;
/// `None` once erased.
pub async fn mail_address(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<(String, Language)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT email, language FROM accounts WHERE id = $1 AND erased_at IS NULL AND email IS NOT NULL",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        Ok((
            col::<String>(&row, "email")?,
            Language::from_name(&col::<String>(&row, "language")?),
        ))
    })
    .transpose()
}

/// Parses a stored UUID.
pub fn parse_uuid(text: &str) -> Result<uuid::Uuid, ApiError> {
    uuid::Uuid::parse_str(text)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("bad stored uuid {text:?}: {e}")))
}

/// A live account found by its member code (the QR a customer shows in the shop).
pub async fn find_by_member_code(
    conn: &mut AnyConnection,
    member_code: &str,
) -> Result<Option<Member>, ApiError> {
    let row =
        sqlx::query("SELECT id, role FROM accounts WHERE member_code = $1 AND erased_at IS NULL")
            .bind(member_code)
            .fetch_optional(&mut *conn)
            .await?;
    row.map(|row| {
        Ok(Member {
            id: col(&row, "id")?,
            role: role_from_name(&col::<String>(&row, "role")?),
        })
    })
    .transpose()
}

/// Who a member code belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The account id.
    pub id: String,
    /// Customer or staff.
    pub role: Role,
}

/// The stored name of a role: `customer`, `staff` for a sales assistant (the name from
/// before there were other staff roles), or the staff role's own name.
fn stored_role(staff: Option<StaffRole>) -> &'static str {
    match staff {
        None => "customer",
        Some(StaffRole::Sales) => "staff",
        Some(other) => other.as_str(),
    }
}

/// The staff role stored as `name`; `None` for a customer. Anything unknown is a customer,
/// so a row can never grant staff rights by accident.
pub fn staff_role_from_name(name: &str) -> Option<StaffRole> {
    StaffRole::ALL
        .into_iter()
        .find(|role| stored_role(Some(*role)) == name)
}

/// What the app sees: a customer, or staff of any role.
pub fn role_from_name(name: &str) -> Role {
    match staff_role_from_name(name) {
        Some(_) => Role::Staff,
        None => Role::Customer,
    }
}

/// An account to create: a customer (signed up or in a shop) or a sales assistant.
#[derive(Debug)]
pub struct NewAccountRow<'a> {
    /// Login email, already validated.
    pub email: &'a str,
    /// `None` for an assisted sign-up, activated with the emailed invitation.
    pub password_hash: Option<&'a str>,
    /// First name(s).
    pub given_name: &'a str,
    /// Surname(s); empty for a sales assistant.
    pub family_name: &'a str,
    /// A customer's date of birth; a sales assistant's is not kept.
    pub birth_date: Option<Date>,
    /// Country code.
    pub country: &'a str,
    /// `None` for a customer.
    pub staff_role: Option<StaffRole>,
    /// Marketing consent.
    pub marketing_opt_in: bool,
    /// When the customer accepted the terms; `None` for a sales assistant.
    pub terms_accepted_at: Option<OffsetDateTime>,
    /// A sales assistant's shop.
    pub shop: Option<&'a str>,
    /// When.
    pub created_at: OffsetDateTime,
}

/// Creates an account with a fresh id and member code, and returns the id. A unique
/// violation means the email was taken meanwhile.
pub async fn insert(
    conn: &mut AnyConnection,
    new: &NewAccountRow<'_>,
) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO accounts (id, email, password_hash, given_name, family_name, birth_date, member_code,
                               country, role, marketing_opt_in, terms_accepted_at, created_at, shop)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(&id)
    .bind(new.email)
    .bind(new.password_hash)
    .bind(new.given_name)
    .bind(new.family_name)
    .bind(new.birth_date.map(date_to_text))
    .bind(new_code(10))
    .bind(new.country)
    .bind(stored_role(new.staff_role))
    .bind(new.marketing_opt_in as i64)
    .bind(new.terms_accepted_at.map(to_millis))
    .bind(to_millis(new.created_at))
    .bind(new.shop)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// The id of the live account with this email. (An erased account has no email left.)
pub async fn live_id_by_email(
    conn: &mut AnyConnection,
    email: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM accounts WHERE email = $1 AND erased_at IS NULL")
        .bind(email)
        .fetch_optional(&mut *conn)
        .await
}

/// What a log-in checks a password against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The account id.
    pub id: String,
    /// `None` until an assisted sign-up is activated.
    pub password_hash: Option<String>,
    /// The staff role, for staff (some log in with a second factor).
    pub staff_role: Option<StaffRole>,
}

/// The credentials of the live account with this email.
pub async fn credentials_by_email(
    conn: &mut AnyConnection,
    email: &str,
) -> Result<Option<Credentials>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, password_hash, role FROM accounts
         WHERE email = $1 AND erased_at IS NULL AND disabled_at IS NULL",
    )
    .bind(email)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        Ok(Credentials {
            id: col(&row, "id")?,
            password_hash: col(&row, "password_hash")?,
            staff_role: staff_role_from_name(&col::<String>(&row, "role")?),
        })
    })
    .transpose()
}

/// An account's password hash, to check its current password.
pub async fn password_hash(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT password_hash FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await
}

/// Sets a live account's password hash. An account erased meanwhile keeps none.
pub async fn set_password_hash(
    conn: &mut AnyConnection,
    id: &str,
    hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2 AND erased_at IS NULL")
        .bind(hash)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Changes what the customer may change about themselves; `None` keeps the value.
pub async fn update_profile(
    conn: &mut AnyConnection,
    id: &str,
    given_name: Option<&str>,
    family_name: Option<&str>,
    marketing_opt_in: Option<bool>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE accounts SET given_name = COALESCE($1, given_name), family_name = COALESCE($2, family_name),
                marketing_opt_in = COALESCE($3, marketing_opt_in)
         WHERE id = $4",
    )
    .bind(given_name)
    .bind(family_name)
    .bind(marketing_opt_in.map(i64::from))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The email and names of an account (empty once erased): a new password must not be
/// built from them.
pub async fn personal_words(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<[String; 3], sqlx::Error> {
    let row = sqlx::query("SELECT email, given_name, family_name FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    Ok([
        col::<Option<String>>(&row, "email")?,
        col(&row, "given_name")?,
        col(&row, "family_name")?,
    ]
    .map(Option::unwrap_or_default))
}

/// The live customer (not staff) who owns `device_id`, has `email` or `member_code`.
pub async fn find_customer(
    conn: &mut AnyConnection,
    by: CustomerKey<'_>,
) -> Result<Option<String>, sqlx::Error> {
    let (sql, value) = match by {
        CustomerKey::DeviceId(id) => (
            "SELECT a.id FROM accounts a JOIN devices d ON d.owner_id = a.id
             WHERE d.device_id = $1 AND a.erased_at IS NULL AND a.role = 'customer'",
            id,
        ),
        CustomerKey::Email(email) => (
            "SELECT id FROM accounts WHERE email = $1 AND erased_at IS NULL AND role = 'customer'",
            email,
        ),
        CustomerKey::MemberCode(code) => (
            "SELECT id FROM accounts WHERE member_code = $1 AND erased_at IS NULL AND role = 'customer'",
            code,
        ),
    };
    sqlx::query_scalar(sql)
        .bind(value)
        .fetch_optional(&mut *conn)
        .await
}

/// How support finds a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerKey<'a> {
    /// A device ID, normalised.
    DeviceId(&'a str),
    /// The login email, normalised.
    Email(&'a str),
    /// The member code, upper case.
    MemberCode(&'a str),
}

/// A staff account as the admin sees it.
pub async fn staff_list(conn: &mut AnyConnection) -> Result<Vec<StaffMember>, ApiError> {
    let rows = sqlx::query(
        "SELECT a.id, a.email, a.given_name, a.role, a.shop, a.disabled_at, f.confirmed_at
         FROM accounts a LEFT JOIN staff_factors f ON f.account_id = a.id
         WHERE a.role <> 'customer' AND a.erased_at IS NULL ORDER BY a.email",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let role: String = col(row, "role")?;
            Ok(StaffMember {
                id: parse_uuid(&col::<String>(row, "id")?)?,
                email: col::<Option<String>>(row, "email")?.unwrap_or_default(),
                name: col::<Option<String>>(row, "given_name")?.unwrap_or_default(),
                role: staff_role_from_name(&role)
                    .ok_or_else(|| anyhow::anyhow!("{role:?} is not a staff role"))?,
                shop: col(row, "shop")?,
                disabled: col::<Option<i64>>(row, "disabled_at")?.is_some(),
                mfa_enrolled: col::<Option<i64>>(row, "confirmed_at")?.is_some(),
            })
        })
        .collect()
}

/// Disables a staff account (never a customer); false if there is no such live staff account.
pub async fn disable_staff(
    conn: &mut AnyConnection,
    id: &str,
    now: time::OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE accounts SET disabled_at = $1
         WHERE id = $2 AND role <> 'customer' AND erased_at IS NULL AND disabled_at IS NULL",
    )
    .bind(to_millis(now))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Enables a disabled staff account again; false if there is no such disabled account.
pub async fn enable_staff(conn: &mut AnyConnection, id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE accounts SET disabled_at = NULL
         WHERE id = $1 AND role <> 'customer' AND erased_at IS NULL AND disabled_at IS NOT NULL",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives a live staff account another staff role; false if there is no such account.
pub async fn set_staff_role(
    conn: &mut AnyConnection,
    id: &str,
    role: StaffRole,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE accounts SET role = $1 WHERE id = $2 AND role <> 'customer' AND erased_at IS NULL",
    )
    .bind(stored_role(Some(role)))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The staff role of a live staff account (disabled or not), if it is one.
pub async fn staff_role_of(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<StaffRole>, sqlx::Error> {
    let role: Option<String> = sqlx::query_scalar(
        "SELECT role FROM accounts WHERE id = $1 AND role <> 'customer' AND erased_at IS NULL",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(role.as_deref().and_then(staff_role_from_name))
}

/// Whether `id` is a live account that is not disabled.
pub async fn is_enabled(conn: &mut AnyConnection, id: &str) -> Result<bool, sqlx::Error> {
    let found: Option<String> = sqlx::query_scalar(
        "SELECT id FROM accounts WHERE id = $1 AND erased_at IS NULL AND disabled_at IS NULL",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(found.is_some())
}

/// How many enabled admins there are (the last one cannot be disabled or demoted).
pub async fn enabled_admins(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM accounts
         WHERE role = $1 AND erased_at IS NULL AND disabled_at IS NULL",
    )
    .bind(stored_role(Some(StaffRole::Admin)))
    .fetch_one(&mut *conn)
    .await
}

/// The email of a live staff account, for a password reset.
pub async fn staff_email(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT email FROM accounts WHERE id = $1 AND role <> 'customer' AND erased_at IS NULL",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map(Option::flatten)
}

/// Whether `id` is a live customer (what an agent may erase on request).
pub async fn is_live_customer(conn: &mut AnyConnection, id: &str) -> Result<bool, sqlx::Error> {
    let found: Option<String> = sqlx::query_scalar(
        "SELECT id FROM accounts WHERE id = $1 AND role = 'customer' AND erased_at IS NULL",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(found.is_some())
}
