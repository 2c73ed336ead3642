//! Every path of the account API the phone calls, once: the endpoints, the actions and the
//! tests all name them from here.

/// Sign-up.
pub const ACCOUNTS: &str = "/v1/accounts";
/// Log-in.
pub const SESSIONS: &str = "/v1/sessions";
/// Refreshing the token pair.
pub const SESSIONS_REFRESH: &str = "/v1/sessions/refresh";
/// Log-out.
pub const SESSIONS_CURRENT: &str = "/v1/sessions/current";
/// The customer's account (read, change).
pub const ACCOUNT: &str = "/v1/account";
/// Everything held about the customer.
pub const ACCOUNT_EXPORT: &str = "/v1/account/export";
/// Changing the password.
pub const ACCOUNT_PASSWORD: &str = "/v1/account/password";
/// The customer's sessions.
pub const ACCOUNT_SESSIONS: &str = "/v1/account/sessions";
/// Asking for a reset code.
pub const PASSWORD_RESETS: &str = "/v1/password-resets";
/// Setting a password with a code.
pub const PASSWORD_RESETS_CONFIRM: &str = "/v1/password-resets/confirm";
/// The customer's devices; registering one.
pub const DEVICES: &str = "/v1/devices";
/// Rewards.
pub const REWARDS: &str = "/v1/rewards";
/// Redeeming points.
pub const REDEMPTIONS: &str = "/v1/redemptions";
/// Collection points.
pub const COLLECTION_POINTS: &str = "/v1/collection-points";
/// Replacement requests.
pub const GUARANTEE_REQUESTS: &str = "/v1/guarantee-requests";
/// Support requests.
pub const SUPPORT_REQUESTS: &str = "/v1/support-requests";
/// Missing-points claims.
pub const POINTS_CLAIMS: &str = "/v1/points-claims";
/// The in-app inbox.
pub const NOTIFICATIONS: &str = "/v1/notifications";
/// The change feed.
pub const CHANGES: &str = "/v1/changes";
/// Device transfers: asking for a device, the customer's transfers.
pub const DEVICE_TRANSFERS: &str = "/v1/device-transfers";
/// How troubleshooting sessions ended.
pub const TROUBLESHOOTING_SESSIONS: &str = "/v1/troubleshooting-sessions";
/// Shop staff: assisted sign-up.
pub const STAFF_ACCOUNTS: &str = "/v1/staff/accounts";
/// Shop staff: points for a purchase.
pub const STAFF_PURCHASES: &str = "/v1/staff/purchases";

/// One of the customer's sessions.
pub fn account_session(id: &str) -> String {
    format!("{ACCOUNT_SESSIONS}/{id}")
}

/// One registered device.
pub fn device(device_id: &str) -> String {
    format!("{DEVICES}/{device_id}")
}

/// Marking one notification read.
pub fn notification_read(id: &str) -> String {
    format!("{NOTIFICATIONS}/{id}/read")
}

/// The owner's answer to a transfer.
pub fn device_transfer_decision(id: &str) -> String {
    format!("{DEVICE_TRANSFERS}/{id}/decision")
}

/// The change feed after a cursor.
pub fn changes_since(cursor: &str) -> String {
    format!("{CHANGES}?since={cursor}")
}
