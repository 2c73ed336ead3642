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
//!   The socket sits in a directory of its own created `0700` before the bind, so no other
//!   user can reach it at any moment (a chmod after the bind would leave a window); and each
//!   connection is read for at most [`READ_TIMEOUT`], so one that sends nothing cannot stop
//!   the links after it.

use std::io::{ErrorKind, Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use companion_client::private_files;
use tokio::sync::mpsc::UnboundedSender;

/// The longest line read from the socket: a link, not a file.
const MAX_LINK_BYTES: usize = 2048;

/// How long one connection may take to send its link. A second start writes it at once;
/// anything slower is not a start of this app.
pub const READ_TIMEOUT: Duration = Duration::from_secs(2);

/// The private directory the socket lives in, inside the data directory.
fn socket_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("links")
}

/// The socket a running app listens on, in its private directory.
pub fn socket_path(data_dir: &Path) -> PathBuf {
    socket_dir(data_dir).join("links.sock")
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
    let dir = socket_dir(data_dir);
    if let Err(error) = private_files::ensure_private_dir(&dir) {
        tracing::warn!(%error, "cannot listen for links from other starts");
        return;
    }
    let path = socket_path(data_dir);
    let _ = std::fs::remove_file(&path);
    let listener = match UnixListener::bind(&path) {
        Ok(listener) => listener,
        Err(error) => {
            tracing::warn!(%error, "cannot listen for links from other starts");
            return;
        }
    };
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let Some(link) = read_link(stream, READ_TIMEOUT) else {
                continue;
            };
            if links.send(link).is_err() {
                return;
            }
        }
    });
}

/// The link one connection sends: its first line, trimmed, read within `timeout` in all
/// (a deadline, not a per-read limit, so a byte now and then cannot hold the listener).
/// `None` when it sent nothing usable in time or more than [`MAX_LINK_BYTES`].
fn read_link(mut stream: UnixStream, timeout: Duration) -> Option<String> {
    let deadline = Instant::now() + timeout;
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 512];
    while !bytes.contains(&b'\n') {
        let left = deadline.checked_duration_since(Instant::now())?;
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return None;
        }
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(read) => bytes.extend_from_slice(&chunk[..read]),
            Err(error) if error.kind() == ErrorKind::Interrupted => continue,
            Err(_) => return None,
        }
        if bytes.len() > MAX_LINK_BYTES {
            return None;
        }
    }
    let line = bytes
        .split(|&byte| byte == b'\n')
        .next()
        .unwrap_or_default();
    let link = std::str::from_utf8(line).ok()?.trim();
    (!link.is_empty()).then(|| link.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

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
        let socket_dir = socket_path(dir.path())
            .parent()
            .expect("in a directory")
            .to_path_buf();
        let mode = std::fs::metadata(&socket_dir)
            .expect("socket directory")
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o700,
            "only this user may reach the socket to hand links over"
        );
    }

    #[test]
    fn a_connection_that_sends_nothing_does_not_hold_up_the_next_link() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
        listen(dir.path(), sender);
        let silent = UnixStream::connect(socket_path(dir.path())).expect("connects");
        let started = Instant::now();
        assert!(hand_to_running_app(dir.path(), "companion://wallet"));
        assert_eq!(
            receiver.blocking_recv().as_deref(),
            Some("companion://wallet")
        );
        let waited = started.elapsed();
        assert!(
            waited < READ_TIMEOUT + Duration::from_secs(2),
            "the silent connection held the listener for {waited:?}"
        );
        drop(silent);
    }

    #[test]
    fn a_link_dribbled_byte_by_byte_past_the_deadline_is_dropped() {
        let (mut writer, reader) = UnixStream::pair().expect("pair");
        let dribble = std::thread::spawn(move || {
            for byte in b"companion://wallet\n" {
                if writer.write_all(&[*byte]).is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(40));
            }
        });
        assert_eq!(read_link(reader, Duration::from_millis(200)), None);
        dribble.join().expect("writer");

        let (mut writer, reader) = UnixStream::pair().expect("pair");
        writer
            .write_all(b"  companion://wallet \nrest")
            .expect("write");
        assert_eq!(
            read_link(reader, READ_TIMEOUT).as_deref(),
            Some("companion://wallet")
        );
    }
}
