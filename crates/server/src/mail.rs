//! Outgoing mail: password-reset codes and assisted sign-up invitations.
//!
//! In development each message is written as an `.eml` file to `MAIL_OUTBOX_DIR`; with
//! `SMTP_URL` it goes through a real SMTP server. Either way it is lettre doing the work.

use lettre::message::{header::ContentType, Mailbox};
use lettre::transport::file::AsyncFileTransport;
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};

use crate::config::MailSettings;

/// Why a message could not be sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The address or message could not be built.
    #[error("cannot build the message: {0}")]
    Build(String),
    /// The transport refused or failed.
    #[error("cannot send the message: {0}")]
    Send(String),
}

/// Sends mail through the configured transport.
#[derive(Clone)]
pub enum Mailer {
    /// Development sink: one `.eml` file per message.
    Files(AsyncFileTransport<Tokio1Executor>),
    /// Real SMTP.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

/// The sender address.
const FROM: &str = "Companion <no-reply@companion.pt>";

impl Mailer {
    /// Builds the transport from settings (creating the outbox folder if needed).
    pub fn from_settings(settings: &MailSettings) -> anyhow::Result<Self> {
        match settings {
            MailSettings::OutboxDir(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| {
                    anyhow::anyhow!("cannot create MAIL_OUTBOX_DIR {}: {e}", dir.display())
                })?;
                Ok(Mailer::Files(AsyncFileTransport::new(dir)))
            }
            MailSettings::Smtp { url } => Ok(Mailer::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| anyhow::anyhow!("SMTP_URL is not usable: {e}"))?
                    .build(),
            )),
        }
    }

    /// Sends a plain-text message.
    pub async fn send(&self, to: &str, subject: &str, body: String) -> Result<(), MailError> {
        let from: Mailbox = FROM.parse().map_err(|e| MailError::Build(format!("{e}")))?;
        let to: Mailbox = to.parse().map_err(|e| MailError::Build(format!("{e}")))?;
        let message = Message::builder()
            .from(from)
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| MailError::Build(e.to_string()))?;
        match self {
            Mailer::Files(transport) => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| MailError::Send(e.to_string())),
            Mailer::Smtp(transport) => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| MailError::Send(e.to_string())),
        }
    }
}
