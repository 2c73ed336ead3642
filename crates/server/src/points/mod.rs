//! The loyalty programme's timed rules on the server: how long in-store points wait before
//! they can be spent, how long points last, the step that posts and expires what fell due
//! (`due`), and missing-points claims (`claims`).

use std::time::Duration;

use time::OffsetDateTime;

pub mod claims;
pub mod due;

/// How long points wait and last (`POINTS_PENDING_HOURS`, `POINTS_VALIDITY_DAYS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// In-store purchases stay pending this long: the return window (0 posts at once).
    pub pending: Duration,
    /// Posted earnings expire this long after they post.
    pub validity: Duration,
}

/// The programme's defaults: the brand's 72-hour return window, a year's validity.
pub const DEFAULT_PENDING_HOURS: u64 = 72;
/// See [`DEFAULT_PENDING_HOURS`].
pub const DEFAULT_VALIDITY_DAYS: u64 = 365;

impl Default for Rules {
    fn default() -> Self {
        Rules {
            pending: Duration::from_secs(DEFAULT_PENDING_HOURS * 3600),
            validity: Duration::from_secs(DEFAULT_VALIDITY_DAYS * 24 * 3600),
        }
    }
}

/// When earned points count and until when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Validity {
    /// Spendable from (pending until then).
    pub available_on: OffsetDateTime,
    /// What is left of them expires then.
    pub expires_on: OffsetDateTime,
}

impl Rules {
    /// Points that count at once (registration bonuses, claims support credits, goodwill).
    pub fn at_once(&self, now: OffsetDateTime) -> Validity {
        self.posting_at(now)
    }

    /// Points of an in-store purchase made at `purchased_at`: pending for the return
    /// window (also when a claim credits them later, so a claim is no way around it).
    pub fn in_store(&self, purchased_at: OffsetDateTime) -> Validity {
        self.posting_at(purchased_at + self.pending)
    }

    fn posting_at(&self, available_on: OffsetDateTime) -> Validity {
        Validity {
            available_on,
            expires_on: available_on + self.validity,
        }
    }
}
