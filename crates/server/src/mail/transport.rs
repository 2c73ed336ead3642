//! Where a message goes: an SMTP server (`SMTP_URL`: `smtp://host:port` with STARTTLS when
//! offered… see lettre's URL forms; `smtps://` for TLS from the start; credentials in the
//! URL), or, for development, one `.eml` file per message in `MAIL_OUTBOX_DIR`. Either way
//! lettre does the work, asynchronously, with a timeout.

use std::time::Duration;

use lettre::transport::file::AsyncFileTransport;
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};

use crate::config::MailSettings;

/// Longest one SMTP command may take before the attempt counts as failed (and is tried
/// again later). A server taking 20 s per message still gets through.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(60);

/// Why a message could not be built.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The address or message could not be built.
    #[error("cannot build the message: {0}")]
    Build(String),
}

/// Why a message did not leave, and whether trying again can help.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// A 4xx answer, a connection that failed or timed out, a full disk: later may work.
    #[error("{0}")]
    Transient(String),
    /// A 5xx answer (no such mailbox, refused): it will never work.
    #[error("{0}")]
    Permanent(String),
}

/// Sends mail through the configured transport.
#[derive(Clone)]
pub enum Mailer {
    /// Development sink: one `.eml` file per message.
    Files(AsyncFileTransport<Tokio1Executor>),
    /// Real SMTP.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

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
                    .timeout(Some(SMTP_TIMEOUT))
                    .build(),
            )),
        }
    }

    /// Sends one message.
    pub async fn send(&self, message: Message) -> Result<(), SendError> {
        match self {
            Mailer::Files(transport) => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| SendError::Transient(e.to_string())),
            Mailer::Smtp(transport) => match transport.send(message).await {
                Ok(_) => Ok(()),
                Err(error) if error.is_permanent() => Err(SendError::Permanent(error.to_string())),
                Err(error) => Err(SendError::Transient(error.to_string())),
            },
        }
    }
}
