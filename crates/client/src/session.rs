//! The signed-in session and where its tokens are kept.
//!
//! On phones tokens belong in the platform's secure storage (iOS Keychain, Android
//! Keystore) behind [`SecretStore`]; on Linux development they live in a file readable only
//! by the user. Tokens never appear in logs: [`Session`]'s `Debug` hides them.

use std::fmt;
use std::io::Write;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// A signed-in session.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Whose session.
    pub account_id: Uuid,
    /// Bearer token for API calls.
    pub access_token: String,
    /// Exchanges for a new pair once.
    pub refresh_token: String,
    /// When the access token expires.
    #[serde(with = "time::serde::rfc3339")]
    pub access_expires_at: OffsetDateTime,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("account_id", &self.account_id)
            .field("access_token", &"<hidden>")
            .field("refresh_token", &"<hidden>")
            .field("access_expires_at", &self.access_expires_at)
            .finish()
    }
}

/// Why the session could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// The storage failed.
    #[error("session storage: {0}")]
    Io(#[from] std::io::Error),
    /// The stored session is unreadable (it is then treated as signed out).
    #[error("the stored session is unreadable: {0}")]
    Corrupt(#[from] serde_json::Error),
}

/// Where the session is kept between launches.
pub trait SecretStore: Send + Sync + 'static {
    /// The stored session, if any.
    fn load(&self) -> Result<Option<Session>, SessionError>;
    /// Replaces the stored session in one step: after a crash, either the old or the new
    /// session is there, never a mix or nothing.
    fn save(&self, session: &Session) -> Result<(), SessionError>;
    /// Forgets the session.
    fn clear(&self) -> Result<(), SessionError>;
}

/// A `0600` JSON file, for Linux development builds.
#[derive(Debug, Clone)]
pub struct FileSecretStore {
    path: PathBuf,
}

impl FileSecretStore {
    /// Keeps the session at `path`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileSecretStore { path: path.into() }
    }
}

impl SecretStore for FileSecretStore {
    fn load(&self) -> Result<Option<Session>, SessionError> {
        match std::fs::read(&self.path) {
            Ok(bytes) => Ok(Some(serde_json::from_slice(&bytes)?)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    fn save(&self, session: &Session) -> Result<(), SessionError> {
        if let Some(parent) = self.path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let temporary = self.path.with_extension("tmp");
        {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let mut file = options.open(&temporary)?;
            file.write_all(&serde_json::to_vec(session)?)?;
            file.sync_all()?;
        }
        // rename is atomic: a crash leaves the old file or the new one.
        std::fs::rename(&temporary, &self.path)?;
        if let Some(parent) = self.path.parent() {
            if let Ok(dir) = std::fs::File::open(parent) {
                let _ = dir.sync_all();
            }
        }
        Ok(())
    }

    fn clear(&self) -> Result<(), SessionError> {
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> Session {
        Session {
            account_id: Uuid::new_v4(),
            access_token: "access-secret".into(),
            refresh_token: "refresh-secret".into(),
            access_expires_at: OffsetDateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn the_file_store_round_trips_is_private_and_clears() {
        let dir = tempfile::tempdir().expect("dir");
        let store = FileSecretStore::new(dir.path().join("nested/session.json"));
        assert_eq!(store.load().expect("load"), None);
        store.save(&session()).expect("save");
        let loaded = store.load().expect("load").expect("saved");
        assert_eq!(loaded.refresh_token, "refresh-secret");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("nested/session.json"))
                .expect("meta")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        store.clear().expect("clear");
        store.clear().expect("clearing twice is fine");
        assert_eq!(store.load().expect("load"), None);
    }

    #[test]
    fn debug_output_never_shows_tokens() {
        let text = format!("{:?}", session());
        assert!(!text.contains("secret"), "{text}");
    }
}
