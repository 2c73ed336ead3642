//! The outbox: the customer's changes, in the order they were made, each with the
//! idempotency key fixed when it was made. An entry is written in the same transaction as
//! its staged rows ([`LocalStore::queue`]) and leaves only in the same transaction that
//! applies the server's answer or undoes the change, so a crash at any point leaves
//! either the before or the after. What each change does is its action's business
//! ([`crate::actions`]); this module only moves entries.

use rusqlite::{OptionalExtension, Transaction};
use time::OffsetDateTime;
use uuid::Uuid;

use super::apply::apply_change;
use super::{to_millis, LocalStore, StoreError, StoreResult};
use crate::actions::{self, ApiRequest, OfflineAction, Staged};
use crate::errors::CallError;

/// An outbox entry: a change with its fixed idempotency key.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    /// Position in the outbox (send order).
    pub seq: i64,
    /// Sent as `Idempotency-Key`, the same on every retry.
    pub key: Uuid,
    /// The action's kind ([`OfflineAction::KIND`]).
    pub kind: String,
    /// The action, as JSON.
    pub payload: String,
    /// Failed attempts so far.
    pub attempts: i64,
}

impl OutboxEntry {
    /// The request that sends it.
    pub fn request(&self) -> StoreResult<ApiRequest> {
        actions::handler(&self.kind)?.request(&self.payload)
    }
}

impl LocalStore {
    /// Makes a change: stages it in the cache (the screens show it at once) and queues it
    /// for the server, in one transaction. `Ok(None)` when there was nothing to do.
    pub fn queue<A: OfflineAction>(
        &self,
        mut action: A,
        now: OffsetDateTime,
    ) -> StoreResult<Option<Uuid>> {
        let queued = self.write(|tx| {
            if action.stage(tx, now)? == Staged::NothingToDo {
                return Ok(None);
            }
            let key = Uuid::new_v4();
            tx.execute(
                "INSERT INTO outbox (idem_key, kind, payload, created_at) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![
                    key.to_string(),
                    A::KIND,
                    serde_json::to_string(&action)?,
                    to_millis(now)
                ],
            )?;
            let seq = tx.last_insert_rowid();
            for row in action.rows() {
                tx.execute(
                    "INSERT OR IGNORE INTO outbox_rows (seq, row_key) VALUES (?1, ?2)",
                    rusqlite::params![seq, row.as_str()],
                )?;
            }
            Ok(Some(key))
        })?;
        if queued.is_some() {
            self.announce_outbox();
        }
        Ok(queued)
    }

    /// The oldest change not yet accepted.
    pub fn outbox_head(&self) -> StoreResult<Option<OutboxEntry>> {
        let connection = self.reader();
        let row = connection
            .query_row(
                "SELECT seq, idem_key, kind, payload, attempts FROM outbox ORDER BY seq LIMIT 1",
                [],
                |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, String>(3)?,
                        row.get::<_, i64>(4)?,
                    ))
                },
            )
            .optional()?;
        row.map(|(seq, key, kind, payload, attempts)| {
            Ok(OutboxEntry {
                seq,
                key: Uuid::parse_str(&key)
                    .map_err(|e| StoreError::CorruptValue(format!("outbox key: {e}")))?,
                kind,
                payload,
                attempts,
            })
        })
        .transpose()
    }

    /// The server accepted `entry` with this answer (its JSON body, empty for 204): the
    /// action applies it and the entry leaves. The server's versions of the rows it
    /// touched that arrived meanwhile are older than this answer and are dropped.
    pub fn complete(&self, entry: &OutboxEntry, answer: &[u8]) -> StoreResult<()> {
        self.write(|tx| {
            let Some(rows) = take_entry(tx, entry)? else {
                return Ok(()); // Already applied (a duplicate answer): nothing more to do.
            };
            actions::handler(&entry.kind)?.accept(tx, &entry.payload, answer)?;
            settle_rows(tx, &rows, Deferred::Drop)
        })
    }

    /// The server refused `entry` for good: the action undoes its change, the entry leaves,
    /// the server's versions of its rows (if the feed brought any meanwhile) are applied,
    /// and a notice explains why.
    pub fn refuse(
        &self,
        entry: &OutboxEntry,
        error: &CallError,
        now: OffsetDateTime,
    ) -> StoreResult<()> {
        self.write(|tx| {
            let Some(rows) = take_entry(tx, entry)? else {
                return Ok(());
            };
            let subject = actions::handler(&entry.kind)?.undo(tx, &entry.payload)?;
            settle_rows(tx, &rows, Deferred::Apply)?;
            let code = error
                .code()
                .map(|c| c.as_str().to_string())
                .unwrap_or_else(|| "refused".into());
            tx.execute(
                "INSERT INTO notices (created_at, code, message, subject) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![to_millis(now), code, error.to_string(), subject],
            )?;
            Ok(())
        })
    }

    /// An entry that cannot be read (damaged, or from a newer app) leaves the outbox with
    /// a notice, and its staged rows stay as they are until the feed settles them.
    pub fn discard(
        &self,
        entry: &OutboxEntry,
        problem: &StoreError,
        now: OffsetDateTime,
    ) -> StoreResult<()> {
        self.write(|tx| {
            if let Some(rows) = take_entry(tx, entry)? {
                settle_rows(tx, &rows, Deferred::Apply)?;
                tx.execute(
                    "INSERT INTO notices (created_at, code, message, subject) VALUES (?1, ?2, ?3, NULL)",
                    rusqlite::params![to_millis(now), "unreadable_change", problem.to_string()],
                )?;
            }
            Ok(())
        })
    }

    /// A retryable failure: count it (the entry stays first in line).
    pub fn record_failure(&self, entry: &OutboxEntry, error: &CallError) -> StoreResult<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?1 WHERE seq = ?2",
                rusqlite::params![error.to_string(), entry.seq],
            )?;
            Ok(())
        })
    }
}

/// Removes the entry and returns the rows it touched; `None` if it was gone already.
fn take_entry(tx: &Transaction<'_>, entry: &OutboxEntry) -> StoreResult<Option<Vec<String>>> {
    let mut statement = tx.prepare("SELECT row_key FROM outbox_rows WHERE seq = ?1")?;
    let rows = statement
        .query_map([entry.seq], |row| row.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    drop(statement);
    tx.execute("DELETE FROM outbox_rows WHERE seq = ?1", [entry.seq])?;
    if tx.execute("DELETE FROM outbox WHERE seq = ?1", [entry.seq])? != 1 {
        return Ok(None);
    }
    Ok(Some(rows))
}

/// What to do with a settled row's deferred feed version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Deferred {
    /// The change was accepted: the server's answer is newer.
    Drop,
    /// The change was refused: the server's version is the truth.
    Apply,
}

/// Whether a later outbox entry still touches `row_key`.
pub(crate) fn row_is_pending(tx: &Transaction<'_>, row_key: &str) -> StoreResult<bool> {
    Ok(tx
        .query_row(
            "SELECT 1 FROM outbox_rows WHERE row_key = ?1 LIMIT 1",
            [row_key],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// For each row no other entry still touches, drops or applies the feed's version kept
/// aside while the change waited.
fn settle_rows(tx: &Transaction<'_>, rows: &[String], deferred: Deferred) -> StoreResult<()> {
    for row_key in rows {
        if row_is_pending(tx, row_key)? {
            continue;
        }
        let kept: Option<String> = tx
            .query_row(
                "SELECT change FROM deferred_changes WHERE row_key = ?1",
                [row_key],
                |row| row.get(0),
            )
            .optional()?;
        tx.execute("DELETE FROM deferred_changes WHERE row_key = ?1", [row_key])?;
        if let (Some(change), Deferred::Apply) = (kept, deferred) {
            apply_change(tx, &serde_json::from_str(&change)?)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use companion_domain::wire::{
        Account, Change, ChangeEntity, ChangeOp, ChangesPage, UpdateAccountRequest,
    };

    use super::*;
    use crate::actions::UpdateProfile;

    fn account(given_name: &str, balance: i64) -> Account {
        serde_json::from_value(serde_json::json!({
            "id": "6f1d3c52-8c2e-4a59-9a39-3f0a8b6c1d11", "email": "ana@example.pt",
            "given_name": given_name, "family_name": "Silva", "birth_date": "1990-04-25",
            "country": "PT", "member_code": "M1", "tier": "silver", "balance": balance,
            "lifetime_points": balance, "marketing_opt_in": false, "role": "customer",
            "created_at": "2026-06-15T10:00:00Z"
        }))
        .expect("an account")
    }

    fn page(account: &Account, cursor: &str) -> ChangesPage {
        ChangesPage {
            cursor: cursor.to_string(),
            changes: vec![Change {
                entity: ChangeEntity::Account,
                id: account.id.to_string(),
                op: ChangeOp::Upsert,
                data: Some(serde_json::to_value(account).expect("json")),
            }],
            has_more: false,
        }
    }

    fn store_with(account: &Account) -> (tempfile::TempDir, LocalStore) {
        let dir = tempfile::tempdir().expect("dir");
        let store = LocalStore::open(&dir.path().join("cache.db")).expect("store");
        store.save_account(account).expect("saved");
        (dir, store)
    }

    fn rename(to: &str) -> UpdateProfile {
        UpdateProfile::new(UpdateAccountRequest {
            given_name: Some(to.to_string()),
            family_name: None,
            marketing_opt_in: None,
        })
    }

    /// Ana (100 points) on the phone, renamed to Joana there and not yet sent.
    fn renamed_offline() -> (tempfile::TempDir, LocalStore) {
        let (dir, store) = store_with(&account("Ana", 100));
        store
            .queue(rename("Joana"), OffsetDateTime::now_utc())
            .expect("queued");
        (dir, store)
    }

    fn shown(store: &LocalStore) -> Account {
        store.account().expect("read").expect("signed in")
    }

    #[test]
    fn a_feed_page_never_overwrites_a_change_waiting_to_be_sent_and_acceptance_keeps_it() {
        let (_dir, store) = renamed_offline();
        // The pull lands before the push, with the server's old name (and new points).
        store
            .apply_changes(&page(&account("Ana", 150), "c1"))
            .expect("applied");
        assert_eq!(
            shown(&store).given_name,
            "Joana",
            "the screen keeps the change"
        );
        assert_eq!(store.cursor().expect("cursor").as_deref(), Some("c1"));

        let entry = store.outbox_head().expect("read").expect("queued");
        let answer = serde_json::to_vec(&account("Joana", 150)).expect("json");
        store.complete(&entry, &answer).expect("accepted");
        let now = shown(&store);
        assert_eq!((now.given_name.as_str(), now.balance), ("Joana", 150));
        // Later pages apply again as usual.
        store
            .apply_changes(&page(&account("Joana", 175), "c2"))
            .expect("applied");
        assert_eq!(shown(&store).balance, 175);
    }

    #[test]
    fn a_refused_change_gives_way_to_the_servers_latest_version_kept_aside() {
        let (_dir, store) = renamed_offline();
        store
            .apply_changes(&page(&account("Ana", 150), "c1"))
            .expect("applied");
        store
            .apply_changes(&page(&account("Ana", 160), "c2"))
            .expect("applied");
        assert_eq!(shown(&store).given_name, "Joana");
        let entry = store.outbox_head().expect("read").expect("queued");
        let refusal = CallError::Refused {
            status: 422,
            code: crate::errors::ErrorCode::InvalidName,
            message: "no".into(),
        };
        store
            .refuse(&entry, &refusal, OffsetDateTime::now_utc())
            .expect("refused");
        let now = shown(&store);
        assert_eq!(
            (now.given_name.as_str(), now.balance),
            ("Ana", 160),
            "the server's latest version"
        );
        assert!(store.outbox_head().expect("read").is_none());
    }

    #[test]
    fn a_refusal_without_news_from_the_feed_restores_the_values_before_the_change() {
        let (_dir, store) = renamed_offline();
        let entry = store.outbox_head().expect("read").expect("queued");
        let refusal = CallError::Refused {
            status: 422,
            code: crate::errors::ErrorCode::InvalidName,
            message: "no".into(),
        };
        store
            .refuse(&entry, &refusal, OffsetDateTime::now_utc())
            .expect("refused");
        assert_eq!(shown(&store).given_name, "Ana");
    }

    #[test]
    fn a_garbled_answer_applies_nothing_and_keeps_the_entry() {
        let (_dir, store) = renamed_offline();
        let entry = store.outbox_head().expect("read").expect("queued");
        let garbled = store.complete(&entry, b"{\"id\": \"6f1d");
        assert!(
            matches!(garbled, Err(StoreError::UnreadableAnswer(_))),
            "{garbled:?}"
        );
        assert_eq!(store.outbox_head().expect("read"), Some(entry));
    }

    #[test]
    fn the_store_announces_its_commits_and_new_outbox_entries() {
        let (_dir, store) = store_with(&account("Ana", 100));
        let commits = store.commits();
        let before = *commits.borrow();
        store
            .queue(rename("Joana"), OffsetDateTime::now_utc())
            .expect("queued");
        let after = *commits.borrow();
        assert!(after.version > before.version);
        assert_eq!(after.outbox, before.outbox + 1);
        store
            .apply_changes(&page(&account("Ana", 150), "c1"))
            .expect("applied");
        assert!(commits.borrow().version > after.version);
        assert_eq!(
            commits.borrow().outbox,
            after.outbox,
            "a pull queues nothing"
        );
    }
}
