//! Exchanging points for a reward: the points are held at once (a pending voucher); the
//! voucher code arrives when the server accepts; refused, the points come back.

use companion_domain::wire::{RedeemRequest, Redemption};
use reqwest::Method;
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{ApiRequest, OfflineAction, Staged};
use crate::api::paths;
use crate::errors::ErrorCode;
use crate::store::{rows, StoreError, StoreResult};

/// Redeem `reward_id`; `local_id` names the pending voucher until the server's arrives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Redeem {
    /// The reward.
    pub reward_id: String,
    /// The local placeholder's id.
    pub local_id: Uuid,
}

impl Redeem {
    /// Redeem `reward_id`.
    pub fn new(reward_id: &str) -> Redeem {
        Redeem {
            reward_id: reward_id.to_string(),
            local_id: Uuid::new_v4(),
        }
    }
}

impl OfflineAction for Redeem {
    const KIND: &'static str = "redeem";
    type Answer = Redemption;

    fn stage(&mut self, tx: &Transaction<'_>, now: OffsetDateTime) -> StoreResult<Staged> {
        let refuse = |code| Err(StoreError::NotAllowed(code));
        let Some(cost) = rows::reward_cost(tx, &self.reward_id)? else {
            return refuse(ErrorCode::UnknownReward);
        };
        let Some(account) = rows::account(tx)? else {
            return refuse(ErrorCode::Unauthenticated);
        };
        if account.balance - rows::held_points(tx)? < cost {
            return refuse(ErrorCode::InsufficientPoints);
        }
        rows::insert_pending_redemption(tx, self.local_id, &self.reward_id, cost, now)?;
        Ok(Staged::Queue)
    }

    fn request(&self) -> ApiRequest {
        let body = RedeemRequest {
            reward_id: self.reward_id.clone(),
        };
        ApiRequest::json(Method::POST, paths::REDEMPTIONS.to_string(), &body)
    }

    fn accept(&self, tx: &Transaction<'_>, redemption: Redemption) -> StoreResult<()> {
        rows::delete_redemption(tx, self.local_id)?;
        rows::upsert_redemption(tx, &redemption)
    }

    fn undo(&self, tx: &Transaction<'_>) -> StoreResult<Option<String>> {
        rows::delete_redemption(tx, self.local_id)?;
        Ok(Some(self.reward_id.clone()))
    }
}
