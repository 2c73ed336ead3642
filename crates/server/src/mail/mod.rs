//! Outgoing mail, through a durable outbox.
//!
//! A request that causes an email writes a row to `mail_outbox` in its own transaction
//! ([`enqueue`]) and answers at once; a worker in every `serve` process ([`run_forever`],
//! around the step [`deliver_due`] that tests call) renders the row's template in the
//! recipient's language and hands it to lettre: an SMTP server (`SMTP_URL`) or, in
//! development, one `.eml` file per message in `MAIL_OUTBOX_DIR`. A refused or failed
//! attempt is tried again with exponential backoff for about a day; a permanent refusal
//! (SMTP 5xx) fails the row at once. `docs/mail.md` is the operator's side.

mod compose;
mod messages;
mod outbox;
mod templates;
mod transport;

pub use compose::{compose, From, BRAND, SUPPORT_EMAIL};
pub use messages::{recipient, Mail, Recipient};
pub use outbox::{
    backoff, deliver_due, deliver_one, enqueue, run_forever, Attempt, Delivered, LEASE,
    MAX_ATTEMPTS, POLL_EVERY,
};
pub use templates::{render, Rendered, Template, TemplateError};
pub use transport::{MailError, Mailer, SendError};
