//! The points ledger.
//!
//! Entries are never deleted; an earning is `pending` (shown, not spendable) until its
//! `available_on`, then `posted`. The balance lives on the account row and always equals
//! the sum of the account's posted entries: it moves only in [`move_balance`], by one
//! conditional update that refuses to go below zero. That single statement is the guard
//! against double-spending: concurrent redemptions serialise on the account row, and the
//! second finds the balance already spent.
//!
//! Each earning keeps what is left of it (`remaining`): spending takes from the posted
//! earnings that expire first, and at expiry what is left leaves as one `expiry` entry.
//! The remaining points of posted earnings therefore add up to the balance. Every write
//! to `remaining` or `status` happens while the account row is locked (by the balance
//! update, or [`lock_account`] first), so the account's writers queue in one order and
//! PostgreSQL cannot deadlock them.

use companion_domain::wire::{
    EntryStatus, LoyaltyEntry, LoyaltyEntryKind, LoyaltyOutlook, NotificationKind, PointsOn,
};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::clock::{from_millis, to_millis};
use crate::db::col;
use crate::error::ApiError;
use crate::points::Validity;
use crate::store::changes::FeedRecord;
use crate::store::{accounts, changes, notifications};

/// The columns [`from_row`] reads.
pub const ENTRY_COLUMNS: &str =
    "id, points, kind, description, balance_after, created_at, entry_no, \
     status, available_on, expires_on";

/// Maps a row selected with [`ENTRY_COLUMNS`].
pub fn from_row(row: &AnyRow) -> Result<LoyaltyEntry, ApiError> {
    let kind: String = col(row, "kind")?;
    let status: String = col(row, "status")?;
    Ok(LoyaltyEntry {
        id: accounts::parse_uuid(&col::<String>(row, "id")?)?,
        points: col(row, "points")?,
        kind: LoyaltyEntryKind::from_name(&kind)
            .ok_or_else(|| anyhow::anyhow!("unknown entry kind {kind:?}"))?,
        description: col(row, "description")?,
        balance_after: col(row, "balance_after")?,
        created_at: from_millis(col(row, "created_at")?),
        status: EntryStatus::from_name(&status)
            .ok_or_else(|| anyhow::anyhow!("unknown entry status {status:?}"))?,
        available_on: col::<Option<i64>>(row, "available_on")?.map(from_millis),
        expires_on: col::<Option<i64>>(row, "expires_on")?.map(from_millis),
    })
}

/// A page of the account's history, newest first: up to `limit` entries numbered below
/// `before`, and the `before` of the next page when more wait.
pub async fn history_page(
    conn: &mut AnyConnection,
    account_id: &str,
    before: i64,
    limit: i64,
) -> Result<(Vec<LoyaltyEntry>, Option<i64>), ApiError> {
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM loyalty_entries WHERE account_id = $1 AND entry_no < $2 ORDER BY entry_no DESC LIMIT $3"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(account_id)
        .bind(before)
        .bind(limit + 1)
        .fetch_all(&mut *conn)
        .await?;
    let has_more = rows.len() as i64 > limit;
    let rows = &rows[..rows.len().min(limit as usize)];
    let next_before = match rows.last() {
        Some(last) if has_more => Some(col::<i64>(last, "entry_no")?),
        _ => None,
    };
    let entries = rows.iter().map(from_row).collect::<Result<_, _>>()?;
    Ok((entries, next_before))
}

/// The account's whole history, oldest first (the data export).
pub async fn all_entries(
    conn: &mut AnyConnection,
    account_id: &str,
) -> Result<Vec<LoyaltyEntry>, ApiError> {
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM loyalty_entries WHERE account_id = $1 ORDER BY entry_no"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(account_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// The account's latest `limit` entries of `kind`, newest first (support's view of a
/// customer's recent purchases beside their claims).
pub async fn latest_of_kind(
    conn: &mut AnyConnection,
    account_id: &str,
    kind: LoyaltyEntryKind,
    limit: i64,
) -> Result<Vec<LoyaltyEntry>, ApiError> {
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM loyalty_entries WHERE account_id = $1 AND kind = $2 ORDER BY entry_no DESC LIMIT $3"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(account_id)
        .bind(kind.as_str())
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// One entry by id.
pub async fn find(conn: &mut AnyConnection, entry_id: &str) -> Result<LoyaltyEntry, ApiError> {
    let sql = format!("SELECT {ENTRY_COLUMNS} FROM loyalty_entries WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(entry_id)
        .fetch_one(&mut *conn)
        .await?;
    from_row(&row)
}

/// Adds points earned: posted at once when `validity.available_on` is not after `now`,
/// pending until then otherwise. Earning never fails for lack of points.
pub async fn earn(
    conn: &mut AnyConnection,
    account_id: &str,
    points: i64,
    kind: LoyaltyEntryKind,
    description: &str,
    validity: Validity,
    now: OffsetDateTime,
) -> Result<LoyaltyEntry, ApiError> {
    if points <= 0 {
        return Err(anyhow::anyhow!("an earning of {points} points").into());
    }
    let posted = validity.available_on <= now;
    let counted = if posted { points } else { 0 };
    let moved = move_balance(conn, account_id, counted, counted, 1)
        .await?
        .ok_or_else(|| anyhow::anyhow!("a positive ledger entry was refused"))?;
    let entry = LoyaltyEntry {
        id: uuid::Uuid::new_v4(),
        points,
        kind,
        description: description.to_string(),
        balance_after: moved.balance,
        created_at: now,
        status: if posted {
            EntryStatus::Posted
        } else {
            EntryStatus::Pending
        },
        available_on: Some(validity.available_on),
        expires_on: Some(validity.expires_on),
    };
    insert(conn, account_id, moved.entry_no, &entry, points).await?;
    announce(conn, account_id, &entry).await?;
    Ok(entry)
}

/// Spends `points` (positive) of the posted balance, from the earnings that expire first.
/// `Ok(None)` when the posted balance is smaller: pending points are never spendable.
pub async fn spend(
    conn: &mut AnyConnection,
    account_id: &str,
    points: i64,
    kind: LoyaltyEntryKind,
    description: &str,
    now: OffsetDateTime,
) -> Result<Option<LoyaltyEntry>, ApiError> {
    if points <= 0 {
        return Err(anyhow::anyhow!("a spend of {points} points").into());
    }
    let Some(moved) = move_balance(conn, account_id, -points, 0, 1).await? else {
        return Ok(None);
    };
    take_oldest_first(conn, account_id, points).await?;
    let entry = LoyaltyEntry {
        id: uuid::Uuid::new_v4(),
        points: -points,
        kind,
        description: description.to_string(),
        balance_after: moved.balance,
        created_at: now,
        status: EntryStatus::Posted,
        available_on: Some(now),
        expires_on: None,
    };
    insert(conn, account_id, moved.entry_no, &entry, 0).await?;
    announce(conn, account_id, &entry).await?;
    Ok(Some(entry))
}

/// A ledger entry due to post or expire, as the timed step finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// The entry.
    pub entry_id: String,
    /// Its account.
    pub account_id: String,
}

/// Up to `limit` pending entries whose time to post has come.
pub async fn due_to_post(
    conn: &mut AnyConnection,
    now: OffsetDateTime,
    limit: i64,
) -> Result<Vec<Due>, ApiError> {
    let rows = sqlx::query(
        "SELECT id, account_id FROM loyalty_entries
         WHERE status = 'pending' AND available_on <= $1 ORDER BY available_on LIMIT $2",
    )
    .bind(to_millis(now))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(due_from_row).collect()
}

/// Up to `limit` posted earnings past their validity with points left.
pub async fn due_to_expire(
    conn: &mut AnyConnection,
    now: OffsetDateTime,
    limit: i64,
) -> Result<Vec<Due>, ApiError> {
    let rows = sqlx::query(
        "SELECT id, account_id FROM loyalty_entries
         WHERE expires_on <= $1 AND status = 'posted' AND remaining > 0 ORDER BY expires_on LIMIT $2",
    )
    .bind(to_millis(now))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(due_from_row).collect()
}

fn due_from_row(row: &AnyRow) -> Result<Due, ApiError> {
    Ok(Due {
        entry_id: col(row, "id")?,
        account_id: col(row, "account_id")?,
    })
}

/// Posts a pending entry whose time has come: its points join the balance (and the
/// lifetime total that decides the tier). The conditional update is the guard: of two
/// instances posting the same entry, the second changes no row and does nothing.
/// Returns whether this call posted it.
pub async fn post(
    conn: &mut AnyConnection,
    due: &Due,
    now: OffsetDateTime,
) -> Result<bool, ApiError> {
    lock_account(conn, &due.account_id).await?;
    let points: Option<i64> = sqlx::query_scalar(
        "UPDATE loyalty_entries SET status = 'posted'
         WHERE id = $1 AND status = 'pending' AND available_on <= $2 RETURNING points",
    )
    .bind(&due.entry_id)
    .bind(to_millis(now))
    .fetch_optional(&mut *conn)
    .await?;
    let Some(points) = points else {
        return Ok(false);
    };
    let moved = move_balance(conn, &due.account_id, points, points, 0)
        .await?
        .ok_or_else(|| anyhow::anyhow!("posting positive points was refused"))?;
    sqlx::query("UPDATE loyalty_entries SET balance_after = $1 WHERE id = $2")
        .bind(moved.balance)
        .bind(&due.entry_id)
        .execute(&mut *conn)
        .await?;
    let entry = find(conn, &due.entry_id).await?;
    announce(conn, &due.account_id, &entry).await?;
    let mut params = serde_json::Map::new();
    params.insert("points".into(), points.to_string().into());
    notifications::add(
        conn,
        &due.account_id,
        NotificationKind::PointsPosted,
        Some(&due.entry_id),
        params,
        now,
    )
    .await?;
    Ok(true)
}

/// Up to `limit` earnings with points left that expire before `horizon` (and after `now`)
/// and whose owner has not been warned yet.
pub async fn due_to_warn(
    conn: &mut AnyConnection,
    now: OffsetDateTime,
    horizon: OffsetDateTime,
    limit: i64,
) -> Result<Vec<Due>, ApiError> {
    let rows = sqlx::query(
        "SELECT id, account_id FROM loyalty_entries
         WHERE status = 'posted' AND remaining > 0 AND expiry_warned_at IS NULL
           AND expires_on > $1 AND expires_on <= $2 ORDER BY expires_on LIMIT $3",
    )
    .bind(to_millis(now))
    .bind(to_millis(horizon))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(due_from_row).collect()
}

/// Tells the owner in the app that what is left of an earning expires soon, once: one
/// conditional update marks it warned, so of two instances only one writes the
/// notification. False when it was warned already (or has nothing left).
pub async fn warn_expiry(
    conn: &mut AnyConnection,
    due: &Due,
    now: OffsetDateTime,
) -> Result<bool, ApiError> {
    let row = sqlx::query(
        "UPDATE loyalty_entries SET expiry_warned_at = $2
         WHERE id = $1 AND expiry_warned_at IS NULL AND remaining > 0
         RETURNING remaining, expires_on",
    )
    .bind(&due.entry_id)
    .bind(to_millis(now))
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(false);
    };
    let remaining: i64 = col(&row, "remaining")?;
    let expires_on = from_millis(col(&row, "expires_on")?);
    let mut params = serde_json::Map::new();
    params.insert("points".into(), remaining.to_string().into());
    params.insert("on".into(), expires_on.date().to_string().into());
    notifications::add(
        conn,
        &due.account_id,
        NotificationKind::PointsExpiring,
        Some(&due.entry_id),
        params,
        now,
    )
    .await?;
    Ok(true)
}

/// Expires what is left of a posted earning past its validity, as one `expiry` entry.
/// One statement moves what is left into `expired_points` and empties `remaining`, so of
/// two instances expiring the same earning, the second finds nothing left. Returns the
/// points that expired (0 when another call did it).
pub async fn expire(
    conn: &mut AnyConnection,
    due: &Due,
    now: OffsetDateTime,
) -> Result<i64, ApiError> {
    lock_account(conn, &due.account_id).await?;
    let row = sqlx::query(
        "UPDATE loyalty_entries SET expired_points = remaining, remaining = 0
         WHERE id = $1 AND status = 'posted' AND remaining > 0 AND expires_on <= $2
         RETURNING expired_points, description",
    )
    .bind(&due.entry_id)
    .bind(to_millis(now))
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(0) };
    let points: i64 = col(&row, "expired_points")?;
    let description: String = col(&row, "description")?;
    let moved = move_balance(conn, &due.account_id, -points, 0, 1)
        .await?
        .ok_or_else(|| anyhow::anyhow!("expiring points left the balance below zero"))?;
    let entry = LoyaltyEntry {
        id: uuid::Uuid::new_v4(),
        points: -points,
        kind: LoyaltyEntryKind::Expiry,
        description,
        balance_after: moved.balance,
        created_at: now,
        status: EntryStatus::Posted,
        available_on: Some(now),
        expires_on: None,
    };
    insert(conn, &due.account_id, moved.entry_no, &entry, 0).await?;
    announce(conn, &due.account_id, &entry).await?;
    Ok(points)
}

/// Pending points, the next posting and the next expiry of the account. Aggregates over
/// indexed columns: it runs after every change to the ledger.
pub async fn outlook(
    conn: &mut AnyConnection,
    account_id: &str,
) -> Result<LoyaltyOutlook, ApiError> {
    let pending: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM loyalty_entries
         WHERE account_id = $1 AND status = 'pending'",
    )
    .bind(account_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(LoyaltyOutlook {
        pending_points: pending,
        next_posting: first_day(conn, account_id, Upcoming::Posting).await?,
        next_expiry: first_day(conn, account_id, Upcoming::Expiry).await?,
    })
}

/// What the outlook looks ahead to.
#[derive(Clone, Copy)]
enum Upcoming {
    /// Pending points, by `available_on`.
    Posting,
    /// What is left of posted earnings, by `expires_on`.
    Expiry,
}

/// The points of `upcoming` on the first (UTC) day any are due.
async fn first_day(
    conn: &mut AnyConnection,
    account_id: &str,
    upcoming: Upcoming,
) -> Result<Option<PointsOn>, ApiError> {
    let (points, at, filter) = match upcoming {
        Upcoming::Posting => ("points", "available_on", "status = 'pending'"),
        Upcoming::Expiry => (
            "remaining",
            "expires_on",
            "status = 'posted' AND remaining > 0 AND expires_on IS NOT NULL",
        ),
    };
    let sql = format!("SELECT MIN({at}) FROM loyalty_entries WHERE account_id = $1 AND {filter}");
    let first: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(account_id)
        .fetch_one(&mut *conn)
        .await?;
    let Some(first) = first else { return Ok(None) };
    let on = from_millis(first).date();
    let day_start = on.midnight().assume_utc();
    let sql = format!(
        "SELECT CAST(COALESCE(SUM({points}), 0) AS BIGINT) FROM loyalty_entries
         WHERE account_id = $1 AND {filter} AND {at} >= $2 AND {at} < $3"
    );
    let points: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(account_id)
        .bind(to_millis(day_start))
        .bind(to_millis(day_start + time::Duration::DAY))
        .fetch_one(&mut *conn)
        .await?;
    Ok(Some(PointsOn { points, on }))
}

/// The account row after its balance moved.
struct Moved {
    balance: i64,
    entry_no: i64,
}

/// The only statement that changes a balance: adds `points` (refused, `None`, when that
/// would take it below zero), `earned` to the lifetime total, `entries` to the count that
/// numbers the account's entries.
async fn move_balance(
    conn: &mut AnyConnection,
    account_id: &str,
    points: i64,
    earned: i64,
    entries: i64,
) -> Result<Option<Moved>, ApiError> {
    let row = sqlx::query(
        "UPDATE accounts
         SET balance = balance + $1, lifetime_points = lifetime_points + $2, ledger_count = ledger_count + $3
         WHERE id = $4 AND balance + $1 >= 0
         RETURNING balance, ledger_count",
    )
    .bind(points)
    .bind(earned)
    .bind(entries)
    .bind(account_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        Ok(Moved {
            balance: col(&row, "balance")?,
            entry_no: col(&row, "ledger_count")?,
        })
    })
    .transpose()
}

/// Takes the account row's write lock before touching its entries, so posting and expiry
/// queue behind a spend of the same account (and it behind them) in one order.
async fn lock_account(conn: &mut AnyConnection, account_id: &str) -> Result<(), ApiError> {
    sqlx::query("UPDATE accounts SET ledger_count = ledger_count WHERE id = $1")
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Takes `points` from what is left of the account's posted earnings, those that expire
/// first first (points from before expiry existed, which never expire, are the oldest).
/// Runs after the balance update, under the account row's lock, which no writer of
/// `remaining` goes without: what is read here cannot change before it is written.
async fn take_oldest_first(
    conn: &mut AnyConnection,
    account_id: &str,
    points: i64,
) -> Result<(), ApiError> {
    let rows = sqlx::query(
        "SELECT id, remaining FROM loyalty_entries
         WHERE account_id = $1 AND status = 'posted' AND remaining > 0
         ORDER BY COALESCE(expires_on, 0), entry_no",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut left = points;
    for row in &rows {
        if left == 0 {
            break;
        }
        let remaining: i64 = col(row, "remaining")?;
        let take = remaining.min(left);
        sqlx::query("UPDATE loyalty_entries SET remaining = remaining - $1 WHERE id = $2")
            .bind(take)
            .bind(col::<String>(row, "id")?)
            .execute(&mut *conn)
            .await?;
        left -= take;
    }
    if left > 0 {
        return Err(anyhow::anyhow!(
            "the balance of {account_id} is not covered by its earnings ({left} points short)"
        )
        .into());
    }
    Ok(())
}

async fn insert(
    conn: &mut AnyConnection,
    account_id: &str,
    entry_no: i64,
    entry: &LoyaltyEntry,
    remaining: i64,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO loyalty_entries (id, account_id, entry_no, points, kind, description, balance_after, created_at,
             status, available_on, expires_on, remaining)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(entry.id.to_string())
    .bind(account_id)
    .bind(entry_no)
    .bind(entry.points)
    .bind(entry.kind.as_str())
    .bind(&entry.description)
    .bind(entry.balance_after)
    .bind(to_millis(entry.created_at))
    .bind(entry.status.as_str())
    .bind(entry.available_on.map(to_millis))
    .bind(entry.expires_on.map(to_millis))
    .bind(remaining)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Puts the entry, the account (balance, tier) and the outlook in the feed.
async fn announce(
    conn: &mut AnyConnection,
    account_id: &str,
    entry: &LoyaltyEntry,
) -> Result<(), ApiError> {
    changes::upserted(conn, account_id, entry).await?;
    accounts::publish(conn, account_id).await?;
    let outlook = outlook(conn, account_id).await?;
    changes::upserted(
        conn,
        account_id,
        &OutlookOf {
            account_id,
            outlook: &outlook,
        },
    )
    .await
}

/// An account's outlook as a feed record (its id is the account's).
#[derive(Serialize)]
struct OutlookOf<'a> {
    #[serde(skip)]
    account_id: &'a str,
    #[serde(flatten)]
    outlook: &'a LoyaltyOutlook,
}

impl FeedRecord for OutlookOf<'_> {
    const ENTITY: companion_domain::wire::ChangeEntity =
        companion_domain::wire::ChangeEntity::LoyaltyOutlook;
    fn feed_id(&self) -> String {
        self.account_id.to_string()
    }
}
