//! In-store purchases that earned points: one per receipt and shop, and what each sales
//! assistant awarded, for the daily cap.

use sqlx::AnyConnection;

use crate::clock::to_millis;

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

/// Whether this shop's receipt already earned points.
pub async fn receipt_used(
    conn: &mut AnyConnection,
    shop: &str,
    receipt_reference: &str,
) -> Result<bool, sqlx::Error> {
    let seen: Option<String> = sqlx::query_scalar(
        "SELECT receipt_reference FROM purchases WHERE shop = $1 AND receipt_reference = $2",
    )
    .bind(shop)
    .bind(receipt_reference)
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
        "INSERT INTO purchases (shop, receipt_reference, account_id, entry_id, staff_id, amount_cents, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(purchase.shop)
    .bind(purchase.receipt_reference)
    .bind(purchase.account_id)
    .bind(purchase.entry_id)
    .bind(purchase.staff_id)
    .bind(purchase.amount_cents)
    .bind(to_millis(purchase.at))
    .execute(&mut *conn)
    .await?;
    Ok(())
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
