//! Account records.

use companion_domain::wire::{Account, Role};
use companion_domain::Tier;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

use crate::clock::from_millis;
use crate::db::col;
use crate::error::ApiError;
use crate::store::date_from_text;

/// The columns [`from_row`] reads.
pub const ACCOUNT_COLUMNS: &str =
    "id, email, given_name, family_name, birth_date, country, member_code,
    balance, lifetime_points, marketing_opt_in, role, created_at";

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
        role: if role == "staff" {
            Role::Staff
        } else {
            Role::Customer
        },
        created_at: from_millis(col(row, "created_at")?),
    })
}

/// Loads a live (not erased) account.
pub async fn load(conn: &mut AnyConnection, id: &str) -> Result<Account, ApiError> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1 AND erased_at IS NULL");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(ApiError::InvalidToken)?;
    from_row(&row)
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
            role: if col::<String>(&row, "role")? == "staff" {
                Role::Staff
            } else {
                Role::Customer
            },
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
