//! Rewards and redemptions.

use companion_domain::wire::{Redemption, Reward};
use companion_domain::RewardCategory;
use sqlx::any::AnyRow;

use crate::clock::from_millis;
use crate::db::col;
use crate::error::ApiError;
use crate::store::accounts::parse_uuid;

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
