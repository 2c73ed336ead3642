//! The rule for the phone's data directory on Unix: the directory is `0700` and every file
//! in it `0600`, so no other user of the machine can read the cache (the customer's data)
//! or the session file (tokens that act as the customer).
//!
//! One place for the rule, used by the store (`cache.db` and SQLite's `-wal`/`-shm`), the
//! file secret store (`session.json`, `device-tokens.json`) and the app's start-up (the data
//! directory itself, the link socket's directory). New directories and files are *created*
//! private (no window in which they are readable); a directory or file found wider — left by
//! an older version or created by hand — is narrowed on start and the fix is logged. On
//! other platforms the system's per-app storage is private already and these functions
//! only create what is missing.

use std::fs::OpenOptions;
use std::io;
use std::path::{Path, PathBuf};

/// Permission bits of a private directory: the user may list, enter and write it.
pub const DIR_MODE: u32 = 0o700;
/// Permission bits of a private file: the user may read and write it.
pub const FILE_MODE: u32 = 0o600;

/// Why a directory or file could not be made private.
#[derive(Debug, thiserror::Error)]
pub enum PrivateFilesError {
    /// The directory could not be created.
    #[error("cannot create the directory {}: {source}", path.display())]
    CreateDir {
        /// The directory.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The directory or file exists but its permissions could not be read or narrowed
    /// (e.g. it belongs to another user).
    #[error("cannot make {} private: {source}", path.display())]
    Narrow {
        /// The directory or file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The file could not be created.
    #[error("cannot create the file {}: {source}", path.display())]
    CreateFile {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
}

/// Creates `dir` (and any missing parent) as [`DIR_MODE`]; an existing `dir` found wider is
/// narrowed to [`DIR_MODE`] and the fix logged. Parents that already exist are left as they
/// are: they are not ours (`/tmp`, the user's home).
pub fn ensure_private_dir(dir: &Path) -> Result<(), PrivateFilesError> {
    if dir.as_os_str().is_empty() {
        // The current directory, named by a relative file name: not ours to change.
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(DIR_MODE);
    }
    builder
        .create(dir)
        .map_err(|source| PrivateFilesError::CreateDir {
            path: dir.to_path_buf(),
            source,
        })?;
    narrow(dir, DIR_MODE)
}

/// Narrows `path` to [`FILE_MODE`] if it exists and is wider (the fix is logged); a missing
/// file is fine (it will be created private).
pub fn ensure_private_file(path: &Path) -> Result<(), PrivateFilesError> {
    match std::fs::metadata(path) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(PrivateFilesError::Narrow {
            path: path.to_path_buf(),
            source,
        }),
        Ok(_) => narrow(path, FILE_MODE),
    }
}

/// Creates `path` as an empty [`FILE_MODE`] file if it does not exist (an existing one is
/// kept as it is, contents and all). SQLite gives a database's `-wal` and `-shm` files the
/// database file's own mode, so creating `cache.db` this way before SQLite opens it keeps
/// all three private.
pub fn create_private_file(path: &Path) -> Result<(), PrivateFilesError> {
    private_options()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map(drop)
        .map_err(|source| PrivateFilesError::CreateFile {
            path: path.to_path_buf(),
            source,
        })
}

/// Open options that create a file as [`FILE_MODE`] (on Unix); the caller adds the access
/// mode. An existing file keeps its mode: check it with [`ensure_private_file`].
pub fn private_options() -> OpenOptions {
    #[allow(unused_mut)]
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(FILE_MODE);
    }
    options
}

/// Narrows `path` to `mode` when group or others have any permission on it.
#[cfg(unix)]
fn narrow(path: &Path, mode: u32) -> Result<(), PrivateFilesError> {
    use std::os::unix::fs::PermissionsExt;
    let error = |source| PrivateFilesError::Narrow {
        path: path.to_path_buf(),
        source,
    };
    // A link's own mode means nothing: what it points to is checked (the app makes none).
    let found = std::fs::metadata(path).map_err(error)?.permissions().mode() & 0o7777;
    if found & 0o077 == 0 {
        return Ok(());
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(error)?;
    tracing::warn!(
        path = %path.display(),
        found = format!("{found:o}"),
        now = format!("{mode:o}"),
        "the data directory's permissions were wider than this user only; narrowed"
    );
    Ok(())
}

#[cfg(not(unix))]
fn narrow(_path: &Path, _mode: u32) -> Result<(), PrivateFilesError> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path)
            .expect("exists")
            .permissions()
            .mode()
            & 0o777
    }

    #[test]
    fn a_new_directory_and_its_missing_parents_are_created_private() {
        let root = tempfile::tempdir().expect("temp dir");
        let dir = root.path().join("data/app");
        ensure_private_dir(&dir).expect("created");
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&root.path().join("data")), 0o700);
    }

    #[test]
    fn a_wide_directory_and_file_are_narrowed() {
        let root = tempfile::tempdir().expect("temp dir");
        let dir = root.path().join("app");
        std::fs::create_dir(&dir).expect("dir");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let file = dir.join("cache.db");
        std::fs::write(&file, b"x").expect("file");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).expect("chmod");

        ensure_private_dir(&dir).expect("narrowed");
        ensure_private_file(&file).expect("narrowed");
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&file), 0o600);
        assert_eq!(std::fs::read(&file).expect("read"), b"x", "contents kept");
    }

    #[test]
    fn a_missing_file_is_fine_and_a_created_one_is_private() {
        let root = tempfile::tempdir().expect("temp dir");
        let file = root.path().join("cache.db");
        ensure_private_file(&file).expect("nothing to do");
        create_private_file(&file).expect("created");
        assert_eq!(mode(&file), 0o600);
        std::fs::write(&file, b"kept").expect("write");
        create_private_file(&file).expect("exists already");
        assert_eq!(std::fs::read(&file).expect("read"), b"kept");
    }
}
