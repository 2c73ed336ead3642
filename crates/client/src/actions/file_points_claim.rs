//! "Missing points?": a claim for a purchase that earned nothing. It shows as open at once;
//! the server's record (its reference, and the points if the till's receipt matched)
//! replaces it when accepted, and support's decision arrives through the feed.

use companion_domain::loyalty::{check_claim_date, ClaimDateError};
use companion_domain::wire::{NewPointsClaim, PointsClaim, PointsClaimStatus};
use reqwest::Method;
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use time::macros::format_description;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::{ApiRequest, OfflineAction, Staged};
use crate::api::paths;
use crate::errors::ErrorCode;
use crate::store::{rows, StoreError, StoreResult};

/// File `claim`; `local_id` names the provisional claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FilePointsClaim {
    /// The local placeholder's id.
    pub local_id: Uuid,
    /// The claim as the customer typed it.
    pub claim: NewPointsClaim,
}

impl FilePointsClaim {
    /// File `claim`.
    pub fn new(claim: NewPointsClaim) -> FilePointsClaim {
        FilePointsClaim {
            local_id: Uuid::new_v4(),
            claim,
        }
    }
}

/// The purchase day as typed (`YYYY-MM-DD`, what a date field gives).
fn purchase_day(text: &str) -> Option<Date> {
    Date::parse(text.trim(), format_description!("[year]-[month]-[day]")).ok()
}

impl OfflineAction for FilePointsClaim {
    const KIND: &'static str = "file_points_claim";
    type Answer = PointsClaim;

    fn stage(&mut self, tx: &Transaction<'_>, now: OffsetDateTime) -> StoreResult<Staged> {
        let refuse = |code| Err(StoreError::NotAllowed(code));
        let Some(purchased_on) = purchase_day(&self.claim.purchased_on) else {
            return refuse(ErrorCode::InvalidPurchaseDate);
        };
        match check_claim_date(purchased_on, now.date()) {
            Ok(()) => {}
            Err(ClaimDateError::TooLate) => return refuse(ErrorCode::ClaimTooLate),
            Err(ClaimDateError::InFuture) => return refuse(ErrorCode::InvalidPurchaseDate),
        }
        if let Some(earlier) =
            rows::claimed_receipt(tx, &self.claim.shop, &self.claim.receipt_reference)?
        {
            return refuse(match earlier.status {
                PointsClaimStatus::Credited => ErrorCode::AlreadyCredited,
                _ => ErrorCode::ClaimExists,
            });
        }
        let provisional = PointsClaim {
            id: self.local_id,
            reference: String::new(),
            shop: self.claim.shop.trim().to_string(),
            receipt_reference: self.claim.receipt_reference.trim().to_string(),
            purchased_on,
            amount_cents: self.claim.amount_cents,
            status: PointsClaimStatus::Open,
            points: None,
            reason: None,
            created_at: now,
            decided_at: None,
        };
        rows::insert_pending_points_claim(tx, &provisional)?;
        Ok(Staged::Queue)
    }

    fn request(&self) -> ApiRequest {
        ApiRequest::json(Method::POST, paths::POINTS_CLAIMS.to_string(), &self.claim)
    }

    fn accept(&self, tx: &Transaction<'_>, claim: PointsClaim) -> StoreResult<()> {
        rows::delete_points_claim(tx, self.local_id)?;
        rows::upsert_points_claim(tx, &claim)
    }

    fn undo(&self, tx: &Transaction<'_>) -> StoreResult<Option<String>> {
        rows::delete_points_claim(tx, self.local_id)?;
        Ok(Some(self.claim.receipt_reference.trim().to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purchase_day_is_read_as_a_date_field_gives_it() {
        assert_eq!(
            purchase_day(" 2026-11-30 "),
            Some(time::macros::date!(2026 - 11 - 30))
        );
        assert_eq!(purchase_day("30/11/2026"), None);
        assert_eq!(purchase_day("2026-02-30"), None);
        assert_eq!(purchase_day(""), None);
    }
}
