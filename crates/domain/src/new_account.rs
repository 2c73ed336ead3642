//! A new customer's details, checked once for both ways in: the customer's own sign-up and
//! the sales assistant's assisted sign-up. The server calls it before creating the
//! account; the app can call it to explain a field before sending.

use time::Date;

use crate::age::{BirthDate, BirthDateError};
use crate::credentials::{Email, EmailError};
use crate::text::{self, TextError};
use crate::wire::{SignUpRequest, StaffSignUpRequest};

/// The only country served.
pub const COUNTRY: &str = "PT";

/// A new account's checked details (the password is checked on its own, against these).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    /// Login email.
    pub email: Email,
    /// First name(s).
    pub given_name: String,
    /// Surname(s).
    pub family_name: String,
    /// An adult's date of birth.
    pub birth_date: BirthDate,
    /// Country code (`PT`).
    pub country: String,
    /// Marketing consent.
    pub marketing_opt_in: bool,
}

/// Which name field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameField {
    /// First name(s).
    Given,
    /// Surname(s).
    Family,
}

impl NameField {
    /// The field's name in English, for API messages.
    pub fn label(self) -> &'static str {
        match self {
            NameField::Given => "first name",
            NameField::Family => "surname",
        }
    }
}

/// Why the details cannot make an account.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NewAccountError {
    /// Not an email address.
    #[error("{0}")]
    Email(EmailError),
    /// A name is empty, too long or holds forbidden characters.
    #[error("the {field} is {error}", field = .0.label(), error = .1)]
    Name(NameField, TextError),
    /// Malformed, implausible, or under 18.
    #[error("{0}")]
    BirthDate(BirthDateError),
    /// Not Portugal.
    #[error("the app is available in Portugal only")]
    Country,
    /// The terms were not accepted.
    #[error("the terms of use must be accepted")]
    TermsNotAccepted,
}

/// The fields both sign-ups share, as typed.
struct Typed<'a> {
    email: &'a str,
    given_name: &'a str,
    family_name: &'a str,
    birth_date: &'a str,
    country: &'a str,
    accept_terms: bool,
    marketing_opt_in: bool,
}

impl Typed<'_> {
    fn check(&self, today: Date) -> Result<NewAccount, NewAccountError> {
        let email = Email::parse(self.email).map_err(NewAccountError::Email)?;
        let given_name = text::PERSON_NAME
            .clean(self.given_name)
            .map_err(|e| NewAccountError::Name(NameField::Given, e))?;
        let family_name = text::PERSON_NAME
            .clean(self.family_name)
            .map_err(|e| NewAccountError::Name(NameField::Family, e))?;
        let birth_date =
            BirthDate::parse_adult(self.birth_date, today).map_err(NewAccountError::BirthDate)?;
        let country = self.country.trim().to_ascii_uppercase();
        if country != COUNTRY {
            return Err(NewAccountError::Country);
        }
        if !self.accept_terms {
            return Err(NewAccountError::TermsNotAccepted);
        }
        Ok(NewAccount {
            email,
            given_name,
            family_name,
            birth_date,
            country,
            marketing_opt_in: self.marketing_opt_in,
        })
    }
}

impl SignUpRequest {
    /// The account these details make, as of `today` (the age rule), or what to fix.
    pub fn new_account(&self, today: Date) -> Result<NewAccount, NewAccountError> {
        Typed {
            email: &self.email,
            given_name: &self.given_name,
            family_name: &self.family_name,
            birth_date: &self.birth_date,
            country: &self.country,
            accept_terms: self.accept_terms,
            marketing_opt_in: self.marketing_opt_in,
        }
        .check(today)
    }
}

impl StaffSignUpRequest {
    /// The account these details make, as of `today`; the in-person age check is the
    /// caller's to require first.
    pub fn new_account(&self, today: Date) -> Result<NewAccount, NewAccountError> {
        Typed {
            email: &self.email,
            given_name: &self.given_name,
            family_name: &self.family_name,
            birth_date: &self.birth_date,
            country: &self.country,
            accept_terms: self.accept_terms,
            marketing_opt_in: self.marketing_opt_in,
        }
        .check(today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn request() -> SignUpRequest {
        SignUpRequest {
            email: " Ana@Example.pt ".into(),
            password: "irrelevant here".into(),
            given_name: " Ana ".into(),
            family_name: "Silva".into(),
            birth_date: "1990-04-25".into(),
            country: "pt".into(),
            accept_terms: true,
            marketing_opt_in: false,
        }
    }

    #[test]
    fn good_details_come_back_cleaned() {
        let account = request().new_account(date!(2026 - 11 - 27)).expect("valid");
        assert_eq!(account.given_name, "Ana");
        assert_eq!(account.country, "PT");
        assert_eq!(account.email.as_str(), "ana@example.pt");
    }

    #[test]
    fn each_problem_is_named() {
        let today = date!(2026 - 11 - 27);
        let mut minor = request();
        minor.birth_date = "2010-01-01".into();
        assert_eq!(
            minor.new_account(today),
            Err(NewAccountError::BirthDate(BirthDateError::Underage))
        );
        let mut hostile = request();
        hostile.family_name = "Silva\u{202E}".into();
        assert_eq!(
            hostile.new_account(today),
            Err(NewAccountError::Name(
                NameField::Family,
                TextError::ForbiddenCharacter
            ))
        );
        let mut abroad = request();
        abroad.country = "ES".into();
        assert_eq!(abroad.new_account(today), Err(NewAccountError::Country));
        let mut no_terms = request();
        no_terms.accept_terms = false;
        assert_eq!(
            no_terms.new_account(today),
            Err(NewAccountError::TermsNotAccepted)
        );
    }
}
