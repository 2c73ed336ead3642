//! Rewards and redemptions.

use companion_domain::wire::{Redemption, Reward};
use companion_domain::RewardCategory;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

use crate::clock::{from_millis, to_millis};
use crate::db::col;
use crate::error::ApiError;
use crate::store::accounts::parse_uuid;
use crate::store::{changes, Order};

/// The columns [`reward_from_row`] reads.
pub const REWARD_COLUMNS: &str = "id, name, description, category, cost_points, translations_json";

/// Maps a reward row.
pub fn reward_from_row(row: &AnyRow) -> Result<Reward, ApiError> {
    let category: String = col(row, "category")?;
    Ok(Reward {
        id: col(row, "id")?,
        name: col(row, "name")?,
        description: col(row, "description")?,
        category: RewardCategory::from_name(&category)
            .ok_or_else(|| anyhow::anyhow!("unknown category {category:?}"))?,
        cost_points: col(row, "cost_points")?,
        translations: match col::<Option<String>>(row, "translations_json")? {
            Some(json) => serde_json::from_str(&json).map_err(anyhow::Error::from)?,
            None => Default::default(),
        },
    })
}

/// The columns [`redemption_from_row`] reads.
pub const REDEMPTION_COLUMNS: &str = "id, reward_id, reward_name, voucher_code, points, created_at";

/// Maps a redemption row.
pub fn redemption_from_row(row: &AnyRow) -> Result<Redemption, ApiError> {
    Ok(Redemption {
        id: parse_uuid(&col::<String>(row, "id")?)?,
        reward_id: col(row, "reward_id")?,
        reward_name: col(row, "reward_name")?,
        voucher_code: col(row, "voucher_code")?,
        points: col(row, "points")?,
        created_at: from_millis(col(row, "created_at")?),
    })
}

/// The rewards on offer, cheapest first.
pub async fn active(conn: &mut AnyConnection) -> Result<Vec<Reward>, ApiError> {
    let sql =
        format!("SELECT {REWARD_COLUMNS} FROM rewards WHERE active = 1 ORDER BY cost_points, id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(reward_from_row).collect()
}

/// A reward if it is still on offer.
pub async fn active_by_id(conn: &mut AnyConnection, id: &str) -> Result<Option<Reward>, ApiError> {
    let sql = format!("SELECT {REWARD_COLUMNS} FROM rewards WHERE id = $1 AND active = 1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|row| reward_from_row(&row)).transpose()
}

/// Adds a reward unless one has its id already, so seeding twice is harmless.
pub async fn insert_if_new(conn: &mut AnyConnection, reward: &Reward) -> Result<(), sqlx::Error> {
    let translations =
        serde_json::to_string(&reward.translations).map_err(|e| sqlx::Error::Encode(e.into()))?;
    sqlx::query(
        "INSERT INTO rewards (id, name, description, category, cost_points, translations_json)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
    )
    .bind(&reward.id)
    .bind(&reward.name)
    .bind(&reward.description)
    .bind(reward.category.as_str())
    .bind(reward.cost_points)
    .bind(translations)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records a voucher the account bought with points (the ledger entry is separate).
pub async fn insert_redemption(
    conn: &mut AnyConnection,
    account_id: &str,
    redemption: &Redemption,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO redemptions (id, account_id, reward_id, reward_name, voucher_code, points, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(redemption.id.to_string())
    .bind(account_id)
    .bind(&redemption.reward_id)
    .bind(&redemption.reward_name)
    .bind(&redemption.voucher_code)
    .bind(redemption.points)
    .bind(to_millis(redemption.created_at))
    .execute(&mut *conn)
    .await?;
    changes::upserted(conn, account_id, redemption).await
}

/// The account's vouchers, by when they were bought.
pub async fn redemptions(
    conn: &mut AnyConnection,
    account_id: &str,
    order: Order,
) -> Result<Vec<Redemption>, ApiError> {
    let sql = format!(
        "SELECT {REDEMPTION_COLUMNS} FROM redemptions WHERE account_id = $1 ORDER BY created_at {}, id",
        order.direction()
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(account_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(redemption_from_row).collect()
}

/// Writes a reward from the operations catalogue: added, or updated in place (its id is
/// the key). Returns whether it was new.
pub async fn upsert(
    conn: &mut AnyConnection,
    reward: &Reward,
    active: bool,
) -> Result<bool, sqlx::Error> {
    let translations =
        serde_json::to_string(&reward.translations).map_err(|e| sqlx::Error::Encode(e.into()))?;
    let existed: Option<String> = sqlx::query_scalar("SELECT id FROM rewards WHERE id = $1")
        .bind(&reward.id)
        .fetch_optional(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO rewards (id, name, description, category, cost_points, translations_json, active)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description,
             category = excluded.category, cost_points = excluded.cost_points,
             translations_json = excluded.translations_json, active = excluded.active",
    )
    .bind(&reward.id)
    .bind(&reward.name)
    .bind(&reward.description)
    .bind(reward.category.as_str())
    .bind(reward.cost_points)
    .bind(translations)
    .bind(i64::from(active))
    .execute(&mut *conn)
    .await?;
    Ok(existed.is_none())
}

/// Every reward, offered or not, for operations: (reward, active).
pub async fn catalogue(conn: &mut AnyConnection) -> Result<Vec<(Reward, bool)>, ApiError> {
    let sql = format!("SELECT {REWARD_COLUMNS}, active FROM rewards ORDER BY id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|row| Ok((reward_from_row(row)?, col::<i64>(row, "active")? != 0)))
        .collect()
}
