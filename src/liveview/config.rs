//! The liveview app's configuration, read from the environment.
//!
//! Environment variables (not flags) because the same binary runs under the end-to-end
//! tests, the one-command demo and CI, which all set variables; two `companion` processes
//! with different `COMPANION_DATA_DIR`s are two independent phones.

use std::{ffi::OsString, net::SocketAddr, path::PathBuf};

use anyhow::{Context, Result};

use crate::settings::{api_url, data_dir, text_var};

/// Where the liveview UI listens.
pub const UI_ADDR_VAR: &str = "COMPANION_UI_ADDR";

/// Default UI address: loopback only, so a development app is not exposed on the network.
pub const DEFAULT_UI_ADDR: &str = "127.0.0.1:3000";
/// Default API URL: the server's own default `BIND_ADDR`.
pub const DEFAULT_API_URL: &str = "http://127.0.0.1:8080";
/// Default data directory, relative to where the app is started (like the server's `./data/`).
pub const DEFAULT_DATA_DIR: &str = "./data/app";

/// Typed configuration: everything is checked once at start, so a typo fails with a clear
/// message instead of surfacing later as a confusing network error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Socket address the UI server binds; port 0 picks a free port (the real one is printed).
    pub ui_addr: SocketAddr,
    /// Base URL of the account API, `http://` or `https://`, without a trailing slash so
    /// paths such as `/v1/devices` can be appended as they are.
    pub api_url: String,
    /// Directory for the local SQLite cache, outbox and session.
    pub data_dir: PathBuf,
}

impl Config {
    /// Reads the configuration from the process environment, with defaults for local use.
    pub fn from_env() -> Result<Self> {
        Self::from_lookup(|name| std::env::var_os(name))
    }

    /// Reads the configuration through `lookup` (a stand-in for the environment), which lets
    /// tests cover defaults and errors without mutating the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<OsString>) -> Result<Self> {
        let ui_addr = text_var(&lookup, UI_ADDR_VAR)?;
        let ui_addr = parse_ui_addr(ui_addr.as_deref().unwrap_or(DEFAULT_UI_ADDR))
            .with_context(|| format!("invalid {UI_ADDR_VAR}"))?;

        let api_url = api_url(&lookup, DEFAULT_API_URL)?;
        let data_dir = data_dir(&lookup, || PathBuf::from(DEFAULT_DATA_DIR))?;

        Ok(Config {
            ui_addr,
            api_url,
            data_dir,
        })
    }
}

fn parse_ui_addr(text: &str) -> Result<SocketAddr> {
    let text = text.trim();
    text.parse().with_context(|| {
        format!("{text:?} is not an IP address and port, e.g. {DEFAULT_UI_ADDR} or 0.0.0.0:0")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{API_URL_VAR, DATA_DIR_VAR};
    use std::collections::HashMap;

    fn config_with(vars: &[(&str, &str)]) -> Result<Config> {
        let vars: HashMap<String, OsString> = vars
            .iter()
            .map(|(name, value)| (name.to_string(), OsString::from(value)))
            .collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn defaults_are_for_local_use() {
        let config = config_with(&[]).expect("defaults are valid");
        assert_eq!(config.ui_addr, "127.0.0.1:3000".parse().unwrap());
        assert_eq!(config.api_url, "http://127.0.0.1:8080");
        assert_eq!(config.data_dir, PathBuf::from("./data/app"));
    }

    #[test]
    fn values_from_the_environment_win() {
        let config = config_with(&[
            (UI_ADDR_VAR, "0.0.0.0:0"),
            (API_URL_VAR, "https://api.example.test/"),
            (DATA_DIR_VAR, "/tmp/phone-2"),
        ])
        .expect("valid values");
        assert_eq!(config.ui_addr, "0.0.0.0:0".parse().unwrap());
        assert_eq!(
            config.api_url, "https://api.example.test",
            "trailing slash dropped"
        );
        assert_eq!(config.data_dir, PathBuf::from("/tmp/phone-2"));
    }

    #[test]
    fn a_bad_address_names_the_variable_and_shows_an_example() {
        let error = config_with(&[(UI_ADDR_VAR, "localhost")]).unwrap_err();
        let message = format!("{error:#}");
        assert!(message.contains("invalid COMPANION_UI_ADDR"), "{message}");
        assert!(message.contains("\"localhost\""), "{message}");
        assert!(message.contains("127.0.0.1:3000"), "{message}");
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_text_is_an_error_not_a_panic() {
        use std::os::unix::ffi::OsStringExt;
        let bad = OsString::from_vec(vec![0x66, 0xff]);
        let error =
            Config::from_lookup(|name| (name == UI_ADDR_VAR).then(|| bad.clone())).unwrap_err();
        assert!(format!("{error:#}").contains("not valid UTF-8"));
    }
}
