//! The Voluntary Guarantee: a faulty registered device is replaced without proof of
//! purchase within three years.
//!
//! With no receipt, the first time the device was ever registered stands in for the
//! purchase date. It is fixed at that first registration, so releasing and re-registering a
//! device (or a new owner) never extends it.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::age::same_day_years_later;

/// Length of the guarantee, in years from the first registration.
pub const GUARANTEE_YEARS: i32 = 3;

/// The legal guarantee of conformity for goods bought in Portugal (Decree-Law 84/2021,
/// article 12), owed by the seller from delivery, whatever the brand offers on top; the
/// app explains it next to the Voluntary Guarantee so a customer knows which one applies.
pub const LEGAL_GUARANTEE_YEARS: i32 = 3;

/// The last day a replacement can be requested for a device first registered on `first`.
pub fn guarantee_until(first_registered_on: Date) -> Date {
    same_day_years_later(first_registered_on, GUARANTEE_YEARS)
}

/// Whether a device is still covered, as shown on the device card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GuaranteeStatus {
    /// A replacement can be requested.
    Active,
    /// The guarantee period is over.
    Expired,
}

impl GuaranteeStatus {
    /// The status on `today` for a guarantee ending on `until` (inclusive).
    pub fn on(until: Date, today: Date) -> Self {
        if today <= until {
            GuaranteeStatus::Active
        } else {
            GuaranteeStatus::Expired
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_guarantee_lasts_three_years_including_the_last_day() {
        let until = guarantee_until(date!(2024 - 03 - 10));
        assert_eq!(until, date!(2027 - 03 - 10));
        assert_eq!(
            GuaranteeStatus::on(until, date!(2027 - 03 - 10)),
            GuaranteeStatus::Active
        );
        assert_eq!(
            GuaranteeStatus::on(until, date!(2027 - 03 - 11)),
            GuaranteeStatus::Expired
        );
    }

    #[test]
    fn a_leap_day_registration_ends_on_28_february() {
        assert_eq!(
            guarantee_until(date!(2024 - 02 - 29)),
            date!(2027 - 02 - 28)
        );
    }
}
