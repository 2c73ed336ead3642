//! Missing-points claims. One receipt (by its key: case and surrounding spaces ignored)
//! has at most one claim that is not rejected: a partial unique index, so two claims
//! filed at once cannot both stand. A claim is decided once: every decision is an
//! `UPDATE … WHERE status = 'open'`.

use companion_domain::loyalty::{receipt_key, CLAIM_AMOUNT_TOLERANCE_CENTS};
use companion_domain::wire::{PointsClaim, PointsClaimStatus};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::clock::{from_millis, to_millis};
use crate::db::{col, is_unique_violation};
use crate::error::ApiError;
use crate::store::{self, accounts, changes, date_from_text, date_to_text};

const COLUMNS: &str =
    "id, account_id, reference, shop, receipt_reference, purchased_on, amount_cents, \
     status, points, reason, created_at, decided_at";

/// A claim and whose it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owned {
    /// The customer who filed it.
    pub account_id: String,
    /// The claim.
    pub claim: PointsClaim,
}

fn from_row(row: &AnyRow) -> Result<Owned, ApiError> {
    let status: String = col(row, "status")?;
    Ok(Owned {
        account_id: col(row, "account_id")?,
        claim: PointsClaim {
            id: accounts::parse_uuid(&col::<String>(row, "id")?)?,
            reference: col(row, "reference")?,
            shop: col(row, "shop")?,
            receipt_reference: col(row, "receipt_reference")?,
            purchased_on: date_from_text(&col::<String>(row, "purchased_on")?)?,
            amount_cents: col(row, "amount_cents")?,
            status: PointsClaimStatus::from_name(&status)
                .ok_or_else(|| anyhow::anyhow!("unknown claim status {status:?}"))?,
            points: col(row, "points")?,
            reason: col(row, "reason")?,
            created_at: from_millis(col(row, "created_at")?),
            decided_at: col::<Option<i64>>(row, "decided_at")?.map(from_millis),
        },
    })
}

/// Files a claim; a unique violation means this receipt has a claim that stands.
pub async fn insert(
    conn: &mut AnyConnection,
    account_id: &str,
    claim: &PointsClaim,
) -> Result<bool, ApiError> {
    let inserted = sqlx::query(
        "INSERT INTO points_claims (id, account_id, reference, shop, receipt_reference, shop_key, receipt_key,
             purchased_on, amount_cents, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(claim.id.to_string())
    .bind(account_id)
    .bind(&claim.reference)
    .bind(&claim.shop)
    .bind(&claim.receipt_reference)
    .bind(receipt_key(&claim.shop))
    .bind(receipt_key(&claim.receipt_reference))
    .bind(date_to_text(claim.purchased_on))
    .bind(claim.amount_cents)
    .bind(claim.status.as_str())
    .bind(to_millis(claim.created_at))
    .execute(&mut *conn)
    .await;
    match inserted {
        Ok(_) => {
            changes::upserted(conn, account_id, claim).await?;
            Ok(true)
        }
        Err(e) if is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// The status of the claim on this receipt that stands (open or credited), if any.
pub async fn standing(
    conn: &mut AnyConnection,
    shop: &str,
    receipt_reference: &str,
) -> Result<Option<PointsClaimStatus>, ApiError> {
    let status: Option<String> = sqlx::query_scalar(
        "SELECT status FROM points_claims WHERE shop_key = $1 AND receipt_key = $2 AND status <> 'rejected'",
    )
    .bind(receipt_key(shop))
    .bind(receipt_key(receipt_reference))
    .fetch_optional(&mut *conn)
    .await?;
    Ok(status.as_deref().and_then(PointsClaimStatus::from_name))
}

/// The open claim on this receipt whose amount is within the tolerance of a till's
/// `amount_cents`.
pub async fn open_match(
    conn: &mut AnyConnection,
    shop: &str,
    receipt_reference: &str,
    amount_cents: i64,
) -> Result<Option<Owned>, ApiError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM points_claims
         WHERE shop_key = $1 AND receipt_key = $2 AND status = 'open' AND ABS(amount_cents - $3) <= $4"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(receipt_key(shop))
        .bind(receipt_key(receipt_reference))
        .bind(amount_cents)
        .bind(CLAIM_AMOUNT_TOLERANCE_CENTS)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// One claim by id.
pub async fn find(conn: &mut AnyConnection, id: &str) -> Result<Option<Owned>, ApiError> {
    let sql = format!("SELECT {COLUMNS} FROM points_claims WHERE id = $1");
    store::one_by(conn, sql, id, from_row).await
}

/// The customer's claims, newest first.
pub async fn of_account(
    conn: &mut AnyConnection,
    account_id: &str,
) -> Result<Vec<PointsClaim>, ApiError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM points_claims WHERE account_id = $1 ORDER BY created_at DESC, reference"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(account_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|row| Ok(from_row(row)?.claim)).collect()
}

/// Support's queue: the claims in `status` and whose they are, oldest first (at most 500).
pub async fn with_status(
    conn: &mut AnyConnection,
    status: PointsClaimStatus,
) -> Result<Vec<Owned>, ApiError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM points_claims WHERE status = $1 ORDER BY created_at, reference LIMIT 500"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(status.as_str())
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// How an open claim ends.
#[derive(Debug, Clone, Copy)]
pub enum Outcome<'a> {
    /// Credited by this ledger entry.
    Credited {
        /// Points added.
        points: i64,
        /// The entry.
        entry_id: &'a str,
    },
    /// Refused, with the reason the customer reads.
    Rejected {
        /// Why.
        reason: &'a str,
    },
}

/// Ends an open claim; `None` when it was not open any more (decided meanwhile).
pub async fn decide(
    conn: &mut AnyConnection,
    id: &str,
    outcome: Outcome<'_>,
    now: OffsetDateTime,
) -> Result<Option<Owned>, ApiError> {
    let (status, points, reason, entry_id) = match outcome {
        Outcome::Credited { points, entry_id } => (
            PointsClaimStatus::Credited,
            Some(points),
            None,
            Some(entry_id),
        ),
        Outcome::Rejected { reason } => (PointsClaimStatus::Rejected, None, Some(reason), None),
    };
    let sql = format!(
        "UPDATE points_claims SET status = $1, points = $2, reason = $3, entry_id = $4, decided_at = $5
         WHERE id = $6 AND status = 'open' RETURNING {COLUMNS}"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(status.as_str())
        .bind(points)
        .bind(reason)
        .bind(entry_id)
        .bind(to_millis(now))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(decided) = row.as_ref().map(from_row).transpose()? else {
        return Ok(None);
    };
    changes::upserted(conn, &decided.account_id, &decided.claim).await?;
    Ok(Some(decided))
}
