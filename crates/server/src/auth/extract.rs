//! Extractors that authenticate the caller from `Authorization: Bearer <access token>`.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use companion_domain::wire::{Role, StaffRole};

use crate::auth::tokens::hash_token;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::sessions;

/// A signed-in caller.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The account.
    pub account_id: String,
    /// The session the token belongs to.
    pub session_id: String,
    /// Customer or staff.
    pub role: Role,
    /// For staff, what they may do.
    pub staff_role: Option<StaffRole>,
}

impl Caller {
    /// The idempotency scope for this caller's requests.
    pub fn scope(&self) -> String {
        format!("account:{}", self.account_id)
    }
}

/// A caller that may be signed out (support requests).
#[derive(Debug, Clone)]
pub struct MaybeCaller(pub Option<Caller>);

/// A signed-in sales assistant.
#[derive(Debug, Clone)]
pub struct StaffCaller(pub Caller);

fn bearer(parts: &Parts) -> Result<Option<&str>, ApiError> {
    let Some(value) = parts.headers.get(AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value.to_str().map_err(|_| ApiError::InvalidToken)?;
    match value.split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
        {
            Ok(Some(token.trim()))
        }
        _ => Err(ApiError::InvalidToken),
    }
}

async fn authenticate(token: &str, state: &AppState) -> Result<Caller, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let owner = sessions::caller_by_access_token(&mut conn, &hash_token(token), state.clock.now())
        .await?
        .ok_or(ApiError::InvalidToken)?;
    Ok(Caller {
        account_id: owner.account_id,
        session_id: owner.session_id,
        role: owner.role,
        staff_role: owner.staff_role,
    })
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(parts)?.ok_or(ApiError::Unauthenticated)?;
        authenticate(token, state).await
    }
}

impl FromRequestParts<AppState> for MaybeCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match bearer(parts)? {
            Some(token) => Ok(MaybeCaller(Some(authenticate(token, state).await?))),
            None => Ok(MaybeCaller(None)),
        }
    }
}

impl FromRequestParts<AppState> for StaffCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        // The shop's endpoints are for sales assistants only (support or operations staff
        // neither sign customers up nor award points).
        if caller.staff_role == Some(StaffRole::Sales) {
            Ok(StaffCaller(caller))
        } else {
            Err(ApiError::Forbidden)
        }
    }
}

impl Caller {
    /// The caller's staff role if it is one of `allowed` (an admin may do what support and
    /// operations do); 403 otherwise.
    pub fn require(&self, allowed: &[StaffRole]) -> Result<StaffRole, ApiError> {
        match self.staff_role {
            Some(role) if allowed.contains(&role) || role == StaffRole::Admin => Ok(role),
            _ => Err(ApiError::Forbidden),
        }
    }
}
