//! The age rule: the app and its account are for adults only (18 or over in Portugal).
//!
//! The 18th birthday itself counts as adult. Someone born on 29 February comes of age on
//! 28 February in a year without that day: Portugal's Civil Code (art. 279 c)) ends a
//! period counted in years on the last day of the month when the matching day is missing.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// The minimum age to hold an account.
pub const ADULT_AGE: i32 = 18;

/// A plausible date of birth: not in the future and not before 1900.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BirthDate(Date);

/// Why a date of birth is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BirthDateError {
    /// Not a `YYYY-MM-DD` calendar date.
    #[error("Enter your date of birth as YYYY-MM-DD.")]
    Malformed,
    /// A date after today.
    #[error("The date of birth cannot be in the future.")]
    InFuture,
    /// A date before 1900, almost surely a typo.
    #[error("Check the year of your date of birth.")]
    Implausible,
    /// Under 18 today.
    #[error("You must be 18 or older to use this app.")]
    Underage,
}

impl BirthDate {
    /// Parses `YYYY-MM-DD` and checks plausibility against `today` (not the age rule).
    pub fn parse(text: &str, today: Date) -> Result<Self, BirthDateError> {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let date = Date::parse(text.trim(), &format).map_err(|_| BirthDateError::Malformed)?;
        Self::new(date, today)
    }

    /// Checks plausibility of an already-typed date against `today`.
    pub fn new(date: Date, today: Date) -> Result<Self, BirthDateError> {
        if date > today {
            return Err(BirthDateError::InFuture);
        }
        if date.year() < 1900 {
            return Err(BirthDateError::Implausible);
        }
        Ok(BirthDate(date))
    }

    /// Parses and applies the age rule in one step, as sign-up does.
    pub fn parse_adult(text: &str, today: Date) -> Result<Self, BirthDateError> {
        let birth = Self::parse(text, today)?;
        if birth.is_adult_on(today) {
            Ok(birth)
        } else {
            Err(BirthDateError::Underage)
        }
    }

    /// The calendar date.
    pub fn date(&self) -> Date {
        self.0
    }

    /// The day this person turns `years` old (see the module note on 29 February).
    pub fn anniversary(&self, years: i32) -> Date {
        same_day_years_later(self.0, years)
    }

    /// Whether this person is 18 or older on `today`.
    pub fn is_adult_on(&self, today: Date) -> bool {
        today >= self.anniversary(ADULT_AGE)
    }
}

/// The same month and day `years` later, or the last day of that month when the day does
/// not exist (29 February in a common year).
pub fn same_day_years_later(date: Date, years: i32) -> Date {
    let year = date.year() + years;
    let month: Month = date.month();
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).unwrap_or(date)
}

impl fmt::Display for BirthDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_eighteenth_birthday_itself_is_allowed() {
        let birth = BirthDate::parse("2008-11-25", date!(2026 - 11 - 25)).expect("plausible");
        assert!(birth.is_adult_on(date!(2026 - 11 - 25)));
        assert!(!birth.is_adult_on(date!(2026 - 11 - 24)));
    }

    #[test]
    fn leap_day_births_come_of_age_on_28_february_in_common_years() {
        let birth = BirthDate::new(date!(2008 - 02 - 29), date!(2026 - 01 - 01)).expect("ok");
        assert!(!birth.is_adult_on(date!(2026 - 02 - 27)));
        assert!(birth.is_adult_on(date!(2026 - 02 - 28)));
        // In a leap year the 29th exists and is the day.
        let birth = BirthDate::new(date!(2010 - 02 - 28), date!(2026 - 01 - 01)).expect("ok");
        assert_eq!(birth.anniversary(18), date!(2028 - 02 - 28));
        let leap = BirthDate::new(date!(2012 - 02 - 29), date!(2026 - 01 - 01)).expect("ok");
        assert_eq!(leap.anniversary(20), date!(2032 - 02 - 29));
    }

    #[test]
    fn sign_up_refuses_minors_future_dates_and_garbage() {
        let today = date!(2026 - 11 - 25);
        assert_eq!(
            BirthDate::parse_adult("2008-11-26", today),
            Err(BirthDateError::Underage)
        );
        assert_eq!(
            BirthDate::parse_adult("2027-01-01", today),
            Err(BirthDateError::InFuture)
        );
        assert_eq!(
            BirthDate::parse_adult("1899-12-31", today),
            Err(BirthDateError::Implausible)
        );
        assert_eq!(
            BirthDate::parse_adult("25/11/2000", today),
            Err(BirthDateError::Malformed)
        );
        assert_eq!(
            BirthDate::parse_adult("2001-02-30", today),
            Err(BirthDateError::Malformed)
        );
        assert!(BirthDate::parse_adult("1980-05-17", today).is_ok());
    }
}
