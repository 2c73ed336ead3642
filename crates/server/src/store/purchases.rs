//! In-store purchases: those that earned points (one per receipt and shop, and what each
//! sales assistant awarded, for the daily cap), and those recorded without a member code,
//! whose points wait for a missing-points claim. Receipts are found by their key
//! (`companion_domain::loyalty::receipt_key`: case and surrounding spaces ignored).

use companion_domain::loyalty::{receipt_key, CLAIM_AMOUNT_TOLERANCE_CENTS};
use sqlx::AnyConnection;

use crate::clock::{from_millis, to_millis};
use crate::db::col;

/// A purchase to record.
#[derive(Debug)]
pub struct NewPurchase<'a> {
    /// The assistant's shop.
    pub shop: &'a str,
    /// As printed on the receipt.
    pub receipt_reference: &'a str,
    /// The customer credited.
    pub account_id: &'a str,
    /// The ledger entry that credited the points.
    pub entry_id: &'a str,
    /// The assistant.
    pub staff_id: &'a str,
    /// What was paid.
    pub amount_cents: i64,
    /// When.
    pub at: time::OffsetDateTime,
}

/// Whether this shop's receipt was recorded already, credited or not.
pub async fn receipt_used(
    conn: &mut AnyConnection,
    shop: &str,
    receipt_reference: &str,
) -> Result<bool, sqlx::Error> {
    let (shop_key, receipt_key) = (receipt_key(shop), receipt_key(receipt_reference));
    let seen: Option<String> = sqlx::query_scalar(
        "SELECT receipt_reference FROM purchases WHERE shop_key = $1 AND receipt_key = $2
         UNION ALL
         SELECT receipt_reference FROM unclaimed_receipts WHERE shop_key = $1 AND receipt_key = $2",
    )
    .bind(shop_key)
    .bind(receipt_key)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(seen.is_some())
}

/// Whether this shop's receipt earned points for a member (at the till or by a claim).
pub async fn credited(
    conn: &mut AnyConnection,
    shop: &str,
    receipt_reference: &str,
) -> Result<bool, sqlx::Error> {
    let seen: Option<String> = sqlx::query_scalar(
        "SELECT receipt_reference FROM purchases WHERE shop_key = $1 AND receipt_key = $2",
    )
    .bind(receipt_key(shop))
    .bind(receipt_key(receipt_reference))
    .fetch_optional(&mut *conn)
    .await?;
    Ok(seen.is_some())
}

/// Records a purchase; a unique violation means the receipt was used meanwhile.
pub async fn insert(
    conn: &mut AnyConnection,
    purchase: &NewPurchase<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO purchases (shop, receipt_reference, account_id, entry_id, staff_id, amount_cents, created_at,
             shop_key, receipt_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(purchase.shop)
    .bind(purchase.receipt_reference)
    .bind(purchase.account_id)
    .bind(purchase.entry_id)
    .bind(purchase.staff_id)
    .bind(purchase.amount_cents)
    .bind(to_millis(purchase.at))
    .bind(receipt_key(purchase.shop))
    .bind(receipt_key(purchase.receipt_reference))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A purchase recorded at the till without a member code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnclaimedReceipt {
    /// The assistant's shop.
    pub shop: String,
    /// As printed.
    pub receipt_reference: String,
    /// The assistant.
    pub staff_id: String,
    /// What was paid.
    pub amount_cents: i64,
    /// When it was recorded: the points' return window runs from here.
    pub at: time::OffsetDateTime,
}

/// Records an unclaimed receipt; a unique violation means the receipt was recorded
/// meanwhile.
pub async fn insert_unclaimed(
    conn: &mut AnyConnection,
    receipt: &UnclaimedReceipt,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO unclaimed_receipts (shop, receipt_reference, shop_key, receipt_key, staff_id, amount_cents, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&receipt.shop)
    .bind(&receipt.receipt_reference)
    .bind(receipt_key(&receipt.shop))
    .bind(receipt_key(&receipt.receipt_reference))
    .bind(&receipt.staff_id)
    .bind(receipt.amount_cents)
    .bind(to_millis(receipt.at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The unclaimed receipt of this shop and reference whose amount is within the claims'
/// tolerance of `amount_cents`, if no claim took it yet.
pub async fn unclaimed_match(
    conn: &mut AnyConnection,
    shop: &str,
    receipt_reference: &str,
    amount_cents: i64,
) -> Result<Option<UnclaimedReceipt>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT shop, receipt_reference, staff_id, amount_cents, created_at FROM unclaimed_receipts
         WHERE shop_key = $1 AND receipt_key = $2 AND claim_id IS NULL AND ABS(amount_cents - $3) <= $4",
    )
    .bind(receipt_key(shop))
    .bind(receipt_key(receipt_reference))
    .bind(amount_cents)
    .bind(CLAIM_AMOUNT_TOLERANCE_CENTS)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        Ok(UnclaimedReceipt {
            shop: col(&row, "shop")?,
            receipt_reference: col(&row, "receipt_reference")?,
            staff_id: col(&row, "staff_id")?,
            amount_cents: col(&row, "amount_cents")?,
            at: from_millis(col(&row, "created_at")?),
        })
    })
    .transpose()
}

/// Gives the unclaimed receipt to `claim_id`; false when another claim took it first.
pub async fn take_unclaimed(
    conn: &mut AnyConnection,
    receipt: &UnclaimedReceipt,
    claim_id: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE unclaimed_receipts SET claim_id = $1
         WHERE shop = $2 AND receipt_reference = $3 AND claim_id IS NULL",
    )
    .bind(claim_id)
    .bind(&receipt.shop)
    .bind(&receipt.receipt_reference)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Points an assistant awarded since `since`.
pub async fn points_awarded_since(
    conn: &mut AnyConnection,
    staff_id: &str,
    since: time::OffsetDateTime,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(e.points), 0) AS BIGINT) FROM purchases p
         JOIN loyalty_entries e ON e.id = p.entry_id
         WHERE p.staff_id = $1 AND p.created_at >= $2",
    )
    .bind(staff_id)
    .bind(to_millis(since))
    .fetch_one(&mut *conn)
    .await
}

/// Takes the assistant's row lock, so that two awards by one assistant are checked
/// against the cap one after the other. Returns the assistant's shop.
pub async fn lock_assistant(
    conn: &mut AnyConnection,
    staff_id: &str,
) -> Result<String, sqlx::Error> {
    let shop: Option<String> = sqlx::query_scalar(
        "UPDATE accounts SET change_seq = change_seq WHERE id = $1 RETURNING shop",
    )
    .bind(staff_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(shop.unwrap_or_else(|| DEFAULT_SHOP.to_string()))
}

/// The shop of assistants created before shops existed.
pub const DEFAULT_SHOP: &str = "main";
