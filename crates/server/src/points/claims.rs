//! Missing-points claims: filing one, crediting it from a till's unclaimed receipt (in
//! either order: the claim first or the receipt first), and support's decision. Every
//! change to a claim reaches the customer's phone through the feed.

use companion_domain::loyalty::points_for_purchase;
use companion_domain::wire::{LoyaltyEntryKind, NotificationKind, PointsClaim, PointsClaimStatus};
use companion_domain::ErrorCode;
use sqlx::AnyConnection;
use time::{Date, OffsetDateTime};

use crate::auth::tokens::new_code;
use crate::error::{ApiError, ApiResult};
use crate::points::Rules;
use crate::store::points_claims::{self, Outcome, Owned};
use crate::store::purchases::{self, NewPurchase, UnclaimedReceipt};
use crate::store::{ledger, notifications};

/// A claim whose fields were checked (text rules, amount, date).
#[derive(Debug, Clone)]
pub struct CheckedClaim {
    /// The shop code, as typed.
    pub shop: String,
    /// The receipt reference, as typed.
    pub receipt_reference: String,
    /// The day of the purchase (within the claim window).
    pub purchased_on: Date,
    /// What was paid.
    pub amount_cents: i64,
}

/// Files a claim for `account_id` and credits it at once when the till recorded the
/// receipt unclaimed. Refused with 409 `already_credited` when the receipt earned points
/// for anyone, `claim_exists` when it is claimed and waiting.
pub async fn file(
    conn: &mut AnyConnection,
    account_id: &str,
    checked: CheckedClaim,
    rules: Rules,
    now: OffsetDateTime,
) -> ApiResult<PointsClaim> {
    let already_credited = || {
        ApiError::conflict(
            ErrorCode::AlreadyCredited,
            "This receipt has already earned points.",
        )
    };
    let exists = || {
        ApiError::conflict(
            ErrorCode::ClaimExists,
            "This receipt is already claimed and waiting for an answer.",
        )
    };
    if purchases::credited(conn, &checked.shop, &checked.receipt_reference).await? {
        return Err(already_credited());
    }
    match points_claims::standing(conn, &checked.shop, &checked.receipt_reference).await? {
        Some(PointsClaimStatus::Credited) => return Err(already_credited()),
        Some(_) => return Err(exists()),
        None => {}
    }
    let claim = PointsClaim {
        id: uuid::Uuid::new_v4(),
        reference: format!("PC-{}", new_code(8)),
        shop: checked.shop,
        receipt_reference: checked.receipt_reference,
        purchased_on: checked.purchased_on,
        amount_cents: checked.amount_cents,
        status: PointsClaimStatus::Open,
        points: None,
        reason: None,
        created_at: now,
        decided_at: None,
    };
    if !points_claims::insert(conn, account_id, &claim).await? {
        return Err(exists());
    }
    let receipt = purchases::unclaimed_match(
        conn,
        &claim.shop,
        &claim.receipt_reference,
        claim.amount_cents,
    )
    .await?;
    let owned = Owned {
        account_id: account_id.to_string(),
        claim,
    };
    if let Some(receipt) = receipt {
        if let Some(credited) = credit_from_receipt(conn, &owned, &receipt, rules, now).await? {
            return Ok(credited);
        }
    }
    Ok(owned.claim)
}

/// After the till recorded `receipt` unclaimed: credits the open claim that matches it,
/// if one was waiting, and returns the claim's reference.
pub async fn match_receipt(
    conn: &mut AnyConnection,
    receipt: &UnclaimedReceipt,
    rules: Rules,
    now: OffsetDateTime,
) -> ApiResult<Option<String>> {
    let Some(owned) = points_claims::open_match(
        conn,
        &receipt.shop,
        &receipt.receipt_reference,
        receipt.amount_cents,
    )
    .await?
    else {
        return Ok(None);
    };
    let Some(claim) = credit_from_receipt(conn, &owned, receipt, rules, now).await? else {
        return Ok(None);
    };
    let decided = Owned {
        account_id: owned.account_id,
        claim,
    };
    tell_customer(conn, &decided, now).await?;
    Ok(Some(decided.claim.reference))
}

/// Credits an open claim from the till's record: the points of the amount the till saw,
/// pending for the return window from the purchase, as if the member code had been shown.
/// `None` when the receipt or the claim was taken meanwhile.
async fn credit_from_receipt(
    conn: &mut AnyConnection,
    owned: &Owned,
    receipt: &UnclaimedReceipt,
    rules: Rules,
    now: OffsetDateTime,
) -> ApiResult<Option<PointsClaim>> {
    let claim_id = owned.claim.id.to_string();
    if !purchases::take_unclaimed(conn, receipt, &claim_id).await? {
        return Ok(None);
    }
    let points = points_for_purchase(receipt.amount_cents);
    let description = format!("Purchase {}", receipt.receipt_reference);
    let entry = ledger::earn(
        conn,
        &owned.account_id,
        points,
        LoyaltyEntryKind::Purchase,
        &description,
        rules.in_store(receipt.at),
        now,
    )
    .await?;
    let entry_id = entry.id.to_string();
    purchases::insert(
        conn,
        &NewPurchase {
            shop: &receipt.shop,
            receipt_reference: &receipt.receipt_reference,
            account_id: &owned.account_id,
            entry_id: &entry_id,
            staff_id: &receipt.staff_id,
            amount_cents: receipt.amount_cents,
            at: receipt.at,
        },
    )
    .await?;
    let outcome = Outcome::Credited {
        points,
        entry_id: &entry_id,
    };
    let Some(decided) = points_claims::decide(conn, &claim_id, outcome, now).await? else {
        return Err(
            anyhow::anyhow!("claim {claim_id} was decided while its receipt was taken").into(),
        );
    };
    Ok(Some(decided.claim))
}

/// Support's decision on an open claim.
#[derive(Debug, Clone)]
pub enum SupportDecision {
    /// Credit these points (posted at once), noting why.
    Credit {
        /// The points; default: the earn rule on the claimed amount.
        points: Option<i64>,
        /// Kept in the ledger description when given.
        reason: Option<String>,
    },
    /// Refuse, with the reason the customer reads.
    Reject {
        /// Why.
        reason: String,
    },
}

/// Decides an open claim. 404 when there is none, 409 `invalid_transition` when it was
/// decided already.
pub async fn decide(
    conn: &mut AnyConnection,
    claim_id: &str,
    decision: SupportDecision,
    rules: Rules,
    now: OffsetDateTime,
) -> ApiResult<Owned> {
    let owned = points_claims::find(conn, claim_id)
        .await?
        .ok_or_else(|| ApiError::not_found(ErrorCode::NotFound, "No such points claim."))?;
    let decided = || {
        ApiError::conflict(
            ErrorCode::InvalidTransition,
            "This claim has been decided already.",
        )
    };
    if owned.claim.status != PointsClaimStatus::Open {
        return Err(decided());
    }
    let done = match decision {
        SupportDecision::Credit { points, reason } => {
            let points = points.unwrap_or_else(|| points_for_purchase(owned.claim.amount_cents));
            let description = match reason {
                Some(reason) => format!("Claim {}: {reason}", owned.claim.reference),
                None => format!("Claim {}", owned.claim.reference),
            };
            let entry = ledger::earn(
                conn,
                &owned.account_id,
                points,
                LoyaltyEntryKind::Purchase,
                &description,
                rules.at_once(now),
                now,
            )
            .await?;
            let entry_id = entry.id.to_string();
            let outcome = Outcome::Credited {
                points,
                entry_id: &entry_id,
            };
            points_claims::decide(conn, claim_id, outcome, now).await?
        }
        SupportDecision::Reject { reason } => {
            points_claims::decide(conn, claim_id, Outcome::Rejected { reason: &reason }, now)
                .await?
        }
    }
    .ok_or_else(decided)?;
    tell_customer(conn, &done, now).await?;
    Ok(done)
}

/// Tells the customer in the app, in the decision's transaction, that a claim they filed
/// earlier was decided (a claim credited the moment it was filed needs no word).
async fn tell_customer(
    conn: &mut AnyConnection,
    decided: &Owned,
    now: OffsetDateTime,
) -> Result<(), ApiError> {
    let claim = &decided.claim;
    let mut params = serde_json::Map::new();
    params.insert("reference".into(), claim.reference.clone().into());
    params.insert(
        "receipt_reference".into(),
        claim.receipt_reference.clone().into(),
    );
    params.insert("status".into(), claim.status.as_str().into());
    if let Some(points) = claim.points {
        params.insert("points".into(), points.to_string().into());
    }
    if let Some(reason) = &claim.reason {
        params.insert("reason".into(), reason.clone().into());
    }
    let id = claim.id.to_string();
    notifications::add(
        conn,
        &decided.account_id,
        NotificationKind::ClaimDecided,
        Some(&id),
        params,
        now,
    )
    .await?;
    Ok(())
}
