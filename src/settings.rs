//! The two settings every build reads from the environment when they are set: the account
//! API's address and the data directory. Liveview is configured this way; the phone build
//! has no environment on a phone, so there it only lets tests point a Linux phone build at
//! a test API and a fresh data directory (the build-time defaults stay in force otherwise).

use std::{ffi::OsString, path::PathBuf};

use anyhow::{bail, Context, Result};

/// Base URL of the account API.
pub const API_URL_VAR: &str = "COMPANION_API_URL";
/// Directory of this "phone's" SQLite cache and session.
pub const DATA_DIR_VAR: &str = "COMPANION_DATA_DIR";

/// The API address from [`API_URL_VAR`], else `default`; checked and without a trailing
/// slash, so paths such as `/v1/devices` can be appended as they are.
pub fn api_url(lookup: &impl Fn(&str) -> Option<OsString>, default: &str) -> Result<String> {
    let text = text_var(lookup, API_URL_VAR)?;
    parse_api_url(text.as_deref().unwrap_or(default))
        .with_context(|| format!("invalid {API_URL_VAR}"))
}

/// The data directory from [`DATA_DIR_VAR`], else `default()`. A path need not be UTF-8,
/// so it is taken as the OS gives it; set but empty is an error, not the default.
pub fn data_dir(
    lookup: &impl Fn(&str) -> Option<OsString>,
    default: impl FnOnce() -> PathBuf,
) -> Result<PathBuf> {
    match lookup(DATA_DIR_VAR) {
        Some(dir) if dir.is_empty() => bail!("invalid {DATA_DIR_VAR}: it is set but empty"),
        Some(dir) => Ok(PathBuf::from(dir)),
        None => Ok(default()),
    }
}

/// The variable as text; `None` when unset. Set-but-not-UTF-8 is an error, not a default.
pub fn text_var(lookup: &impl Fn(&str) -> Option<OsString>, name: &str) -> Result<Option<String>> {
    lookup(name)
        .map(|value| {
            value
                .into_string()
                .map_err(|raw| anyhow::anyhow!("invalid {name}: {raw:?} is not valid UTF-8 text"))
        })
        .transpose()
}

/// An example shown in error messages.
const EXAMPLE_API_URL: &str = "http://127.0.0.1:8080";

fn parse_api_url(text: &str) -> Result<String> {
    let url = text.trim();
    let Some(scheme) = ["http://", "https://"]
        .into_iter()
        .find(|scheme| url.starts_with(scheme))
    else {
        bail!("{text:?} must start with http:// or https://, e.g. {EXAMPLE_API_URL}");
    };
    let rest = url[scheme.len()..].trim_end_matches('/');
    if rest.is_empty() || rest.starts_with('/') {
        bail!("{text:?} has no host, e.g. {EXAMPLE_API_URL}");
    }
    if rest.chars().any(char::is_whitespace) {
        bail!("{text:?} contains spaces");
    }
    Ok(format!("{scheme}{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only(name: &'static str, value: &'static str) -> impl Fn(&str) -> Option<OsString> {
        move |asked| (asked == name).then(|| OsString::from(value))
    }

    #[test]
    fn unset_gives_the_default_and_set_wins() {
        let unset = |_: &str| None;
        assert_eq!(
            api_url(&unset, "https://api.companion.pt").unwrap(),
            "https://api.companion.pt"
        );
        assert_eq!(
            api_url(&only(API_URL_VAR, "http://127.0.0.1:9/"), "https://x").unwrap(),
            "http://127.0.0.1:9"
        );
        assert_eq!(
            data_dir(&unset, || PathBuf::from("/d")).unwrap(),
            PathBuf::from("/d")
        );
        assert_eq!(
            data_dir(&only(DATA_DIR_VAR, "/tmp/p"), || PathBuf::from("/d")).unwrap(),
            PathBuf::from("/tmp/p")
        );
    }

    #[test]
    fn a_bad_api_url_is_refused_with_the_variable_named() {
        for bad in ["127.0.0.1:8080", "ftp://x", "http://", "http:// x"] {
            let lookup = move |asked: &str| (asked == API_URL_VAR).then(|| OsString::from(bad));
            let error = api_url(&lookup, "https://x").unwrap_err();
            assert!(
                format!("{error:#}").contains("invalid COMPANION_API_URL"),
                "{bad}: {error:#}"
            );
        }
        let error = data_dir(&only(DATA_DIR_VAR, ""), || PathBuf::from("/d")).unwrap_err();
        assert!(format!("{error:#}").contains("COMPANION_DATA_DIR"));
    }
}
