//! File descriptors: every connection holds one, so the process raises its soft
//! `RLIMIT_NOFILE` to the hard limit at start, and the connection cap is kept below what is
//! left after the database, the log and the mail files, so `accept` never meets EMFILE.

use std::sync::OnceLock;

/// Descriptors kept back from connections: the listener, the database pool and its files
/// (an SQLite file, its WAL and shared memory per connection), mail files, stdio.
pub const RESERVED_FOR_THE_PROCESS: u64 = 128;

/// Raises the soft limit on open files to the hard limit, once per process, and returns
/// the soft limit in force (None where the platform has no such limit or it cannot be read).
pub fn raise_to_hard_limit() -> Option<u64> {
    static RAISED: OnceLock<Option<u64>> = OnceLock::new();
    *RAISED.get_or_init(|| match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => {
            tracing::info!(limit, "open-file limit raised to the hard limit");
            Some(limit)
        }
        Err(error) => {
            let current = rlimit::getrlimit(rlimit::Resource::NOFILE)
                .ok()
                .map(|(soft, _hard)| soft);
            tracing::warn!(%error, ?current, "cannot raise the open-file limit");
            current
        }
    })
}

/// The connection cap actually used: the configured one, lowered to what the open-file
/// limit leaves after [`RESERVED_FOR_THE_PROCESS`] (never below one connection).
pub fn connection_cap(configured: usize, open_file_limit: Option<u64>) -> usize {
    let Some(limit) = open_file_limit else {
        return configured.max(1);
    };
    let room = limit.saturating_sub(RESERVED_FOR_THE_PROCESS).max(1);
    configured
        .min(usize::try_from(room).unwrap_or(usize::MAX))
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_leaves_room_for_the_process_under_the_open_file_limit() {
        assert_eq!(connection_cap(10_000, Some(1024)), 896);
        assert_eq!(connection_cap(50, Some(1024)), 50);
        assert_eq!(connection_cap(10_000, None), 10_000);
        assert_eq!(connection_cap(10_000, Some(64)), 1);
        assert_eq!(connection_cap(0, None), 1);
    }

    #[test]
    fn raising_the_limit_never_lowers_it() {
        let before = rlimit::getrlimit(rlimit::Resource::NOFILE)
            .expect("readable")
            .0;
        let after = raise_to_hard_limit().expect("linux has the limit");
        assert!(after >= before, "{after} < {before}");
    }
}
