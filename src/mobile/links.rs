//! How links reach the phone build (see `deep_link` for which links and where they lead).
//!
//! - iOS: the system opens the app with the URL (custom scheme, or a universal link of the
//!   `applinks:` domain); tao reports it as `Event::Opened`, at start and while running.
//! - Android: the App Link / scheme intent filter starts the activity with the URL as the
//!   intent's data. Reading the intent needs code in the activity dx generates (JNI), which
//!   is not written yet: the app opens, on its home screen.
//! - Linux: the `.desktop` entry's `Exec=companion %u` passes the URL as an argument. A
//!   second start while the app runs hands the URL to the running one over a Unix socket in
//!   the data directory and ends, as a phone raises the running app instead of a second one.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};

use tokio::sync::mpsc::UnboundedSender;

/// The longest line read from the socket: a link, not a file.
const MAX_LINK_BYTES: u64 = 2048;

/// The socket a running app listens on, in its private data directory.
pub fn socket_path(data_dir: &Path) -> PathBuf {
    data_dir.join("links.sock")
}

/// Hands `link` (empty: none) to an app already running on `data_dir`; false when none is.
pub fn hand_to_running_app(data_dir: &Path, link: &str) -> bool {
    match UnixStream::connect(socket_path(data_dir)) {
        Ok(mut stream) => stream.write_all(format!("{link}\n").as_bytes()).is_ok(),
        Err(_) => false,
    }
}

/// Listens for links from later starts (on a thread of its own) and sends each to `links`.
/// A socket left by a killed app is replaced. Failing to listen only costs this feature.
pub fn listen(data_dir: &Path, links: UnboundedSender<String>) {
    let path = socket_path(data_dir);
    let _ = std::fs::remove_file(&path);
    let listener = match UnixListener::bind(&path) {
        Ok(listener) => listener,
        Err(error) => {
            tracing::warn!(%error, "cannot listen for links from other starts");
            return;
        }
    };
    let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut line = String::new();
            let read = BufReader::new(stream.take(MAX_LINK_BYTES)).read_line(&mut line);
            let link = line.trim();
            if read.is_ok() && !link.is_empty() && links.send(link.to_string()).is_err() {
                return;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_start_hands_its_link_to_the_running_app() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(
            !hand_to_running_app(dir.path(), "companion://register?id=X"),
            "nothing runs yet"
        );
        let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
        listen(dir.path(), sender);
        assert!(hand_to_running_app(
            dir.path(),
            "companion://register?id=MA8KG1GWRKAK"
        ));
        assert_eq!(
            receiver.blocking_recv().as_deref(),
            Some("companion://register?id=MA8KG1GWRKAK")
        );
        let mode = std::fs::metadata(socket_path(dir.path()))
            .expect("socket")
            .permissions();
        assert_eq!(
            mode.mode() & 0o777,
            0o600,
            "only this user may hand links over"
        );
    }
}
