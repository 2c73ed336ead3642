//! The second factor of staff who see customers' data (support, operations, admin):
//! TOTP (RFC 6238) as every authenticator app speaks it — SHA-1, 6 digits, 30-second
//! steps, one step of clock drift either side. The codes are computed and checked by
//! `totp-rs`; this module decides what a code means.
//!
//! - A log-in with a right password gets a challenge (a single-use token that lives
//!   [`CHALLENGE_LIFETIME`] and dies after [`WRONG_CODES_PER_CHALLENGE`] wrong codes), and
//!   on the first log-in the enrolment (a new secret). A right code spends the challenge
//!   and issues the session; the first right code also confirms the factor.
//! - A code is accepted once: the newest step accepted is kept per staff member and only a
//!   later step passes (one conditional update, shared by every instance).
//! - Dangerous actions ask for a fresh code in the body ([`step_up`]).
//! - Every wrong code counts in the staff member's own throttle bucket, at log-in and at
//!   step-up alike, so guessing is bounded however many challenges are opened.

use std::time::Duration;

use base64::Engine;
use companion_domain::wire::MfaEnrolment;
use companion_domain::ErrorCode;
use rand::RngCore;
use sqlx::AnyConnection;
use time::OffsetDateTime;
use totp_rs::{Algorithm, Secret, Totp};

use crate::auth::throttle::{Bucket, Space};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::staff_factors;

/// How long the token between password and code lives.
pub const CHALLENGE_LIFETIME: Duration = Duration::from_secs(5 * 60);
/// Wrong codes one challenge survives; the next attempt finds it dead.
pub const WRONG_CODES_PER_CHALLENGE: i64 = 5;
/// The issuer shown in authenticator apps.
pub const ISSUER: &str = "Companion";
/// Bytes of a new secret (160 bits, RFC 4226's recommendation).
const SECRET_BYTES: usize = 20;

/// A fresh random secret, base32.
pub fn new_secret() -> String {
    let mut bytes = vec![0u8; SECRET_BYTES];
    rand::rng().fill_bytes(&mut bytes);
    Secret::from(bytes).to_base32()
}

/// The TOTP of a stored secret; `label` names the account in authenticator apps.
fn totp(secret: &str, label: &str) -> anyhow::Result<Totp> {
    let secret = Secret::try_from_base32(secret)
        .map_err(|e| anyhow::anyhow!("a stored factor secret does not decode: {e:?}"))?;
    totp_rs::Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_skew(1)
        .with_secret(secret)
        .with_issuer(Some(ISSUER))
        .with_account_name(label.replace(':', ""))
        .build()
        .map_err(|e| anyhow::anyhow!("cannot build the TOTP: {e:?}"))
}

/// What a staff member adds to their authenticator app: the secret, the `otpauth://` URI
/// and the same URI as a QR code.
pub fn enrolment(secret: &str, email: &str) -> anyhow::Result<MfaEnrolment> {
    let mut uri = totp(secret, email)?
        .to_url()
        .map_err(|e| anyhow::anyhow!("cannot write the otpauth URI: {e:?}"))?;
    // Said explicitly, though they are the defaults: some apps read nothing else right.
    uri.push_str("&algorithm=SHA1&digits=6&period=30");
    let svg = qrcode::QrCode::new(uri.as_bytes())
        .map_err(|e| anyhow::anyhow!("cannot draw the QR code: {e}"))?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(220, 220)
        .build();
    let qr_code = format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(svg)
    );
    Ok(MfaEnrolment {
        secret: secret.to_string(),
        otpauth_uri: uri,
        qr_code,
    })
}

/// What a presented code turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    /// Right, and never used: accepted (and now spent).
    Accepted,
    /// Not a code of this factor within a step of now.
    Wrong,
    /// Right, but a code of this step (or a later one) was accepted already.
    Reused,
}

/// The digits as typed, without the spaces apps show in the middle.
fn digits(code: &str) -> String {
    code.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Checks `code` against `account_id`'s factor at `now` and, if right, spends its step.
/// No factor (or a secret that does not decode) is simply wrong.
pub async fn check_code(
    conn: &mut AnyConnection,
    account_id: &str,
    code: &str,
    now: OffsetDateTime,
) -> ApiResult<CodeCheck> {
    let Some(factor) = staff_factors::factor(conn, account_id).await? else {
        return Ok(CodeCheck::Wrong);
    };
    let code = digits(code);
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Ok(CodeCheck::Wrong);
    }
    let at = u64::try_from(now.unix_timestamp()).unwrap_or(0);
    let Some(step) = totp(&factor.secret, account_id)?.check(&code, at) else {
        return Ok(CodeCheck::Wrong);
    };
    let step = i64::try_from(step).map_err(|e| anyhow::anyhow!("step out of range: {e}"))?;
    if staff_factors::accept_step(conn, account_id, step, now).await? {
        Ok(CodeCheck::Accepted)
    } else {
        Ok(CodeCheck::Reused)
    }
}

/// The code and explanation for a code that did not pass.
pub fn refusal(check: CodeCheck) -> (ErrorCode, &'static str) {
    match check {
        CodeCheck::Reused => (
            ErrorCode::CodeReused,
            "This code was used already. Wait for the next one in your authenticator app.",
        ),
        _ => (
            ErrorCode::InvalidMfaCode,
            "The code is wrong or out of time. Type the 6 digits your authenticator app shows now.",
        ),
    }
}

/// The staff member's own bucket of wrong codes.
pub fn bucket(account_id: &str) -> Bucket {
    Bucket::new(Space::MfaAccount, account_id)
}

/// Step-up for a dangerous back-office action: the caller must send a fresh code from
/// their own authenticator app. Missing: 403 `mfa_required`; wrong or reused: 403 with
/// `invalid_mfa_code` or `code_reused`. Counted in the caller's bucket like a log-in code.
pub async fn step_up(
    state: &AppState,
    caller: &Caller,
    code: Option<&str>,
    action: &str,
) -> ApiResult<()> {
    let Some(code) = code.filter(|c| !c.trim().is_empty()) else {
        return Err(ApiError::StepUpRefused {
            code: ErrorCode::MfaRequired,
            message: "This action needs a fresh code from your authenticator app (mfa_code).",
        });
    };
    let now = state.clock.now();
    let attempt = state
        .throttle
        .attempt(vec![bucket(&caller.account_id)], now)
        .await?;
    let mut conn = state.db.pool().acquire().await?;
    let check = check_code(&mut conn, &caller.account_id, code, now).await?;
    if check == CodeCheck::Accepted {
        attempt.succeeded().await?;
        return Ok(());
    }
    tracing::warn!(target: "security", event = "mfa_step_up_failed", account_id = %caller.account_id, action, ?check, "step-up code refused");
    let (code, message) = refusal(check);
    Err(ApiError::StepUpRefused { code, message })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enrolment_speaks_what_authenticator_apps_expect() {
        let secret = new_secret();
        assert_eq!(secret.len(), 32, "160 bits in base32");
        let enrolment = enrolment(&secret, "ana@companion.pt").expect("enrolment");
        assert!(enrolment
            .otpauth_uri
            .starts_with("otpauth://totp/Companion:ana%40companion.pt?"));
        for part in [
            &format!("secret={secret}"),
            "issuer=Companion",
            "algorithm=SHA1",
            "digits=6",
            "period=30",
        ] {
            assert!(enrolment.otpauth_uri.contains(part), "{part}");
        }
        assert!(enrolment.qr_code.starts_with("data:image/svg+xml;base64,"));
    }

    #[test]
    fn codes_of_the_neighbouring_steps_pass_and_others_do_not() {
        let secret = new_secret();
        let totp = totp(&secret, "x").expect("totp");
        let now = 1_780_000_000u64;
        for (offset, passes) in [
            (0i64, true),
            (-30, true),
            (30, true),
            (-60, false),
            (60, false),
        ] {
            let code = totp.generate((now as i64 + offset) as u64).to_string();
            assert_eq!(totp.check(&code, now).is_some(), passes, "offset {offset}");
        }
        assert_eq!(digits(" 123 456 "), "123456");
    }
}
