//! The signed-in session and where its tokens are kept.
//!
//! On phones tokens belong in the platform's secure storage (iOS Keychain, Android
//! Keystore) behind [`SecretStore`]; on Linux development they live in a file readable only
//! by the user. Tokens never appear in logs: [`Session`]'s `Debug` hides them.

use std::fmt;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::private_files::{self, PrivateFilesError};

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
    /// The platform's secure storage refused.
    #[error("secure storage: {0}")]
    Keyring(#[from] keyring_core::Error),
    /// The session file or its directory could not be made private.
    #[error("session storage: {0}")]
    Private(#[from] PrivateFilesError),
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
    /// The token the server gave this device at an earlier log-in to `email` (lower case).
    /// Kept across log-outs: it lets the owner in while guesses from elsewhere have locked
    /// the account.
    fn device_token(&self, email: &str) -> Result<Option<String>, SessionError>;
    /// Keeps the device token for `email`.
    fn save_device_token(&self, email: &str, token: &str) -> Result<(), SessionError>;
}

/// Device tokens by email, as the file store keeps them.
type DeviceTokens = std::collections::BTreeMap<String, String>;

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

    /// Keeps the session at `path`, after making its directory and the files already there
    /// private ([`private_files`]): a session file left readable by others is narrowed now,
    /// not at the next log-in.
    pub fn open(path: impl Into<PathBuf>) -> Result<Self, SessionError> {
        let store = Self::new(path);
        if let Some(parent) = store.path.parent() {
            private_files::ensure_private_dir(parent)?;
        }
        private_files::ensure_private_file(&store.path)?;
        private_files::ensure_private_file(&store.device_tokens_path())?;
        Ok(store)
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
        write_private(&self.path, &serde_json::to_vec(session)?)
    }

    fn clear(&self) -> Result<(), SessionError> {
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }

    fn device_token(&self, email: &str) -> Result<Option<String>, SessionError> {
        Ok(self.device_tokens()?.remove(email))
    }

    fn save_device_token(&self, email: &str, token: &str) -> Result<(), SessionError> {
        let mut tokens = self.device_tokens()?;
        tokens.insert(email.to_string(), token.to_string());
        write_private(&self.device_tokens_path(), &serde_json::to_vec(&tokens)?)
    }
}

impl FileSecretStore {
    /// Beside the session file, so that clearing the session keeps them.
    fn device_tokens_path(&self) -> PathBuf {
        self.path.with_file_name("device-tokens.json")
    }

    fn device_tokens(&self) -> Result<DeviceTokens, SessionError> {
        match std::fs::read(self.device_tokens_path()) {
            Ok(bytes) => Ok(serde_json::from_slice(&bytes).unwrap_or_default()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(DeviceTokens::new()),
            Err(e) => Err(e.into()),
        }
    }
}

/// Writes `bytes` to `path` readable by this user only, atomically: a crash leaves the old
/// file or the new one.
fn write_private(path: &std::path::Path, bytes: &[u8]) -> Result<(), SessionError> {
    {
        if let Some(parent) = path.parent() {
            private_files::ensure_private_dir(parent)?;
        }
        let temporary = path.with_extension("tmp");
        // A temporary file left by a crash keeps its mode when opened again.
        private_files::ensure_private_file(&temporary)?;
        {
            let mut file = private_files::private_options()
                .write(true)
                .create(true)
                .truncate(true)
                .open(&temporary)?;
            file.write_all(bytes)?;
            file.sync_all()?;
        }
        // rename is atomic: a crash leaves the old file or the new one.
        std::fs::rename(&temporary, path)?;
        if let Some(parent) = path.parent() {
            if let Ok(dir) = std::fs::File::open(parent) {
                let _ = dir.sync_all();
            }
        }
    }
    Ok(())
}

/// The session in a keyring: the platform's secure storage on phones (Android Keystore,
/// iOS Keychain), reached through `keyring-core` so that the code is the same everywhere.
pub struct KeyringSecretStore {
    store: Arc<keyring_core::CredentialStore>,
    entry: keyring_core::Entry,
}

/// The keyring service name under which the session is kept.
pub const KEYRING_SERVICE: &str = "pt.companion.app";

impl KeyringSecretStore {
    /// Keeps the session in `store` under [`KEYRING_SERVICE`] / `slot`.
    pub fn new(
        store: &Arc<keyring_core::CredentialStore>,
        slot: &str,
    ) -> Result<Self, SessionError> {
        Ok(KeyringSecretStore {
            store: store.clone(),
            entry: keyring_core::Entry::new_in_store(store, KEYRING_SERVICE, slot)?,
        })
    }
}

impl SecretStore for KeyringSecretStore {
    fn load(&self) -> Result<Option<Session>, SessionError> {
        match self.entry.get_password() {
            Ok(text) => Ok(Some(serde_json::from_str(&text)?)),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    fn save(&self, session: &Session) -> Result<(), SessionError> {
        // A keyring write replaces the secret as a whole.
        Ok(self.entry.set_password(&serde_json::to_string(session)?)?)
    }

    fn clear(&self) -> Result<(), SessionError> {
        match self.entry.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    fn device_token(&self, email: &str) -> Result<Option<String>, SessionError> {
        match self.device_entry(email)?.get_password() {
            Ok(token) => Ok(Some(token)),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    fn save_device_token(&self, email: &str, token: &str) -> Result<(), SessionError> {
        Ok(self.device_entry(email)?.set_password(token)?)
    }
}

impl KeyringSecretStore {
    fn device_entry(&self, email: &str) -> Result<keyring_core::Entry, SessionError> {
        let slot = format!("device-token:{email}");
        Ok(keyring_core::Entry::new_in_store(
            &self.store,
            KEYRING_SERVICE,
            &slot,
        )?)
    }
}

/// Where this build keeps the session: the platform keyring on Android and iOS, a `0600`
/// file in the data directory elsewhere (Linux development, the liveview build).
pub fn platform_secret_store(
    data_dir: &std::path::Path,
) -> Result<Arc<dyn SecretStore>, SessionError> {
    #[cfg(target_os = "android")]
    {
        let _ = data_dir;
        let store: Arc<keyring_core::CredentialStore> = android_native_keyring_store::Store::new()?;
        return Ok(Arc::new(KeyringSecretStore::new(&store, "session")?));
    }
    #[cfg(target_os = "ios")]
    {
        let _ = data_dir;
        let store: Arc<keyring_core::CredentialStore> =
            apple_native_keyring_store::protected::Store::new()?;
        return Ok(Arc::new(KeyringSecretStore::new(&store, "session")?));
    }
    #[allow(unreachable_code)]
    Ok(Arc::new(FileSecretStore::open(
        data_dir.join("session.json"),
    )?))
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
    fn device_tokens_outlive_the_session_and_are_kept_per_email() {
        let dir = tempfile::tempdir().expect("dir");
        let store = FileSecretStore::new(dir.path().join("session.json"));
        assert_eq!(store.device_token("ana@example.pt").expect("read"), None);
        store.save(&session()).expect("save");
        store
            .save_device_token("ana@example.pt", "device-a")
            .expect("keep");
        store
            .save_device_token("rui@example.pt", "device-r")
            .expect("keep");
        store.clear().expect("log out");
        assert_eq!(store.load().expect("load"), None);
        assert_eq!(
            store
                .device_token("ana@example.pt")
                .expect("read")
                .as_deref(),
            Some("device-a")
        );
        assert_eq!(
            store
                .device_token("rui@example.pt")
                .expect("read")
                .as_deref(),
            Some("device-r")
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("device-tokens.json"))
                .expect("meta")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
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

    #[cfg(unix)]
    #[test]
    fn opening_the_file_store_narrows_a_session_left_readable_by_others() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |path: &std::path::Path| {
            std::fs::metadata(path).expect("meta").permissions().mode() & 0o777
        };
        let root = tempfile::tempdir().expect("dir");
        let dir = root.path().join("app");
        std::fs::create_dir(&dir).expect("dir");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let path = dir.join("session.json");
        std::fs::write(&path, serde_json::to_vec(&session()).expect("json")).expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");

        let store = platform_secret_store(&dir).expect("opens");
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&path), 0o600);
        assert_eq!(
            store.load().expect("load").map(|s| s.refresh_token),
            Some("refresh-secret".to_string()),
            "the session is kept"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_keyring_store_round_trips_through_a_real_keyring() {
        // A login session gives each process a session keyring it may write; a test runner
        // in a container inherits one it may not, so join a fresh anonymous one, as
        // `keyctl session -` does. SAFETY: KEYCTL_JOIN_SESSION_KEYRING (1) with a null name
        // only replaces this process's session keyring; it touches no memory of ours.
        let joined =
            unsafe { libc::syscall(libc::SYS_keyctl, 1, std::ptr::null::<libc::c_char>()) };
        assert!(
            joined >= 0,
            "cannot join a session keyring: {}",
            std::io::Error::last_os_error()
        );
        let store: Arc<keyring_core::CredentialStore> =
            match linux_keyutils_keyring_store::Store::new() {
                Ok(store) => store,
                Err(error) => panic!("the kernel keyring is unavailable here: {error}"),
            };
        let slot = format!("test-{}", Uuid::new_v4());
        let secrets = KeyringSecretStore::new(&store, &slot).expect("entry");
        assert_eq!(secrets.load().expect("load"), None);
        secrets.save(&session()).expect("save");
        assert_eq!(
            secrets.load().expect("load").map(|s| s.refresh_token),
            Some("refresh-secret".to_string())
        );
        let mut rotated = session();
        rotated.refresh_token = "rotated".into();
        secrets.save(&rotated).expect("replace");
        assert_eq!(
            secrets.load().expect("load").map(|s| s.refresh_token),
            Some("rotated".to_string())
        );
        secrets.clear().expect("clear");
        secrets.clear().expect("clearing twice is fine");
        assert_eq!(secrets.load().expect("load"), None);
    }

    #[test]
    fn debug_output_never_shows_tokens() {
        let text = format!("{:?}", session());
        assert!(!text.contains("secret"), "{text}");
    }
}
