//! Every email the server sends, as one typed value each: the handler says what happened,
//! this says which template that is and what it needs, so a handler never builds JSON or
//! text for an email.

use companion_domain::wire::{Language, StaffRole};
use serde_json::{json, Value};

use super::templates::Template;

/// Who an email goes to, and in which language it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    /// The address.
    pub address: String,
    /// The recipient's account, when there is one (erasure removes the row with it).
    pub account_id: Option<String>,
    /// The account's language (Portuguese for an address without an account).
    pub language: Language,
}

/// An email to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mail {
    /// "Forgot password": the code, 30 minutes.
    PasswordReset {
        /// The grouped code.
        code: String,
    },
    /// Assisted sign-up in a shop: the code to set a password, 7 days.
    Invitation {
        /// The grouped code.
        code: String,
    },
    /// A new staff account: the code, naming the role.
    StaffInvitation {
        /// The grouped code.
        code: String,
        /// The account's role.
        role: StaffRole,
    },
    /// An admin reset a staff member's password.
    StaffPasswordReset {
        /// The grouped code.
        code: String,
        /// The account's role.
        role: StaffRole,
    },
    /// Support answered a request.
    SupportReply {
        /// The request's reference.
        reference: String,
        /// The agent's text.
        message: String,
        /// The masked address the account signs in with ("I forgot my email").
        hint: Option<String>,
        /// A password-reset code went to the account's own address.
        reset_sent: bool,
    },
    /// A replacement device left with the carrier.
    ReplacementShipped {
        /// The old device's ID, grouped.
        device_id: String,
        /// The carrier's tracking number.
        tracking_number: String,
    },
    /// A replacement device waits at the collection point.
    ReplacementReady {
        /// The old device's ID, grouped.
        device_id: String,
    },
}

impl Mail {
    /// Its template.
    pub fn template(&self) -> Template {
        match self {
            Mail::PasswordReset { .. } => Template::PasswordReset,
            Mail::Invitation { .. } => Template::Invitation,
            Mail::StaffInvitation { .. } => Template::StaffInvitation,
            Mail::StaffPasswordReset { .. } => Template::StaffPasswordReset,
            Mail::SupportReply { .. } => Template::SupportReply,
            Mail::ReplacementShipped { .. } => Template::ReplacementShipped,
            Mail::ReplacementReady { .. } => Template::ReplacementReady,
        }
    }

    /// The template's values, as stored in the outbox row.
    pub fn params(&self) -> Value {
        match self {
            Mail::PasswordReset { code } | Mail::Invitation { code } => json!({ "code": code }),
            Mail::StaffInvitation { code, role } | Mail::StaffPasswordReset { code, role } => {
                json!({
                    "code": code,
                    "role": role.as_str(),
                    "second_factor": role.needs_second_factor(),
                })
            }
            Mail::SupportReply {
                reference,
                message,
                hint,
                reset_sent,
            } => json!({
                "reference": reference,
                "message": message,
                "hint": hint,
                "reset_sent": reset_sent,
            }),
            Mail::ReplacementShipped {
                device_id,
                tracking_number,
            } => json!({ "device_id": device_id, "tracking_number": tracking_number }),
            Mail::ReplacementReady { device_id } => json!({ "device_id": device_id }),
        }
    }
}

impl Recipient {
    /// An address with no account behind it (a signed-out support request's contact
    /// address): written in Portuguese.
    pub fn address_only(address: &str) -> Recipient {
        Recipient {
            address: address.to_string(),
            account_id: None,
            language: Language::default(),
        }
    }
}

/// The live account `account_id` as a recipient: its own address, in its language.
pub async fn recipient(
    conn: &mut sqlx::AnyConnection,
    account_id: &str,
) -> crate::error::ApiResult<Recipient> {
    let (address, language) = crate::store::accounts::mail_address(conn, account_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("account {account_id} has no address to write to"))?;
    Ok(Recipient {
        address,
        account_id: Some(account_id.to_string()),
        language,
    })
}
