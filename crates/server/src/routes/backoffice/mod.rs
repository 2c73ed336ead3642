//! `/v1/backoffice/…`: the brand's staff at work. Support finds customers and answers the
//! inbox; operations moves replacement requests along; an admin reads the audit log. Every
//! endpoint checks the caller's staff role (customers and sales assistants get 403), and
//! every action, lookups included, is written to the audit log with who, what and from where.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use companion_domain::wire::{
    AccountQuery, AuditEntry, AuditLog, AuditQuery, CataloguePoint, CatalogueReward,
    CustomerDevice, CustomerLookup, CustomerRecord, Delivery, ErasureRequest, ErrorBody,
    GuaranteeQueueQuery, GuaranteeRequest, GuaranteeRequestList, GuaranteeRequestStatus,
    GuaranteeStatusChange, MailCounts, MailMessage, MailQueue, MailQueueQuery, NewStaffRequest,
    NotificationKind, OpenRequestSummary, PointCatalogue, ReplyAction, RewardCatalogue, StaffList,
    StaffRole, StaffRoleChange, StepUp, SupportInbox, SupportInboxQuery, SupportReply,
    SupportStatus, SupportTopic,
};
use companion_domain::{text, Email, ErrorCode};
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::auth::{mfa, Caller};
use crate::catalogues;
use crate::client_addr::ClientAddr;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath, ApiQuery, StepUpBody};
use crate::mail::{self, Mail, Recipient};
use crate::one_time_codes::{self, Purpose};
use crate::state::AppState;
use crate::store::accounts::{self, CustomerKey};
use crate::store::{
    audit, collection_points, devices, erasure, guarantee, mail_outbox, notifications, purchases,
    rewards, sessions, support_requests,
};
use crate::validate;

mod audit_trail;
mod catalogue_editing;
mod customer_lookup;
mod mail_queue;
mod points;
mod replacements;
mod staff_accounts;
mod support_inbox;
mod transfers_and_faults;

pub use audit_trail::*;
pub use catalogue_editing::*;
pub use customer_lookup::*;
pub use mail_queue::*;
pub use points::*;
pub use replacements::*;
pub use staff_accounts::*;
pub use support_inbox::*;
pub use transfers_and_faults::*;

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/backoffice/accounts", get(find_customer))
        .route("/v1/backoffice/support-requests", get(support_inbox))
        .route("/v1/backoffice/support-requests/{id}/reply", post(reply))
        .route("/v1/backoffice/guarantee-requests", get(guarantee_queue))
        .route(
            "/v1/backoffice/guarantee-requests/{id}/status",
            post(move_guarantee_request),
        )
        .route("/v1/backoffice/audit", get(audit_log))
        .route("/v1/backoffice/mail", get(mail_queue))
        .route("/v1/backoffice/mail/{id}/retry", post(retry_mail))
        .route("/v1/backoffice/accounts/{id}", delete(erase_customer))
        .route("/v1/backoffice/staff", get(staff_list).post(create_staff))
        .route("/v1/backoffice/staff/{id}/disable", post(disable_staff))
        .route("/v1/backoffice/staff/{id}/enable", post(enable_staff))
        .route("/v1/backoffice/staff/{id}/role", post(change_staff_role))
        .route(
            "/v1/backoffice/staff/{id}/reset-mfa",
            post(reset_staff_factor),
        )
        .route("/v1/backoffice/rewards", get(reward_catalogue))
        .route("/v1/backoffice/rewards/{id}", put(save_reward))
        .route("/v1/backoffice/collection-points", get(point_catalogue))
        .route("/v1/backoffice/collection-points/{id}", put(save_point))
        .route(
            "/v1/backoffice/staff/{id}/reset",
            post(reset_staff_password),
        )
        .route("/v1/backoffice/points-claims", get(claims_queue))
        .route(
            "/v1/backoffice/points-claims/{id}/decision",
            post(decide_claim),
        )
        .route("/v1/backoffice/accounts/{id}/points", post(grant_goodwill))
        .route("/v1/backoffice/device-transfers", get(transfer_queue))
        .route(
            "/v1/backoffice/device-transfers/{id}/decision",
            post(decide_transfer),
        )
        .route(
            "/v1/backoffice/troubleshooting/stats",
            get(troubleshooting_stats),
        )
}

/// Who is acting, for the audit log.
struct Actor<'a> {
    caller: &'a Caller,
    role: StaffRole,
    client: &'a str,
}

impl<'a> Actor<'a> {
    /// The caller acting in one of the `allowed` roles (an admin in any), from `client`;
    /// 403 otherwise.
    fn require(caller: &'a Caller, client: &'a str, allowed: &[StaffRole]) -> ApiResult<Self> {
        let role = caller.require(allowed)?;
        Ok(Actor {
            caller,
            role,
            client,
        })
    }

    /// Appends what was done to the audit log.
    async fn log(
        &self,
        conn: &mut AnyConnection,
        action: &str,
        account_id: Option<&str>,
        target_id: Option<&str>,
        detail: String,
        now: OffsetDateTime,
    ) -> ApiResult<()> {
        let entry = AuditEntry {
            id: uuid::Uuid::new_v4(),
            at: now,
            actor_id: accounts::parse_uuid(&self.caller.account_id)?,
            actor_role: self.role,
            action: action.to_string(),
            account_id: account_id.map(accounts::parse_uuid).transpose()?,
            target_id: target_id.map(str::to_string),
            client: self.client.to_string(),
            detail,
        };
        audit::append(conn, &entry).await?;
        tracing::info!(target: "security", event = "backoffice", action, actor_id = %self.caller.account_id,
            account_id = ?account_id, client = %self.client, "back-office action");
        Ok(())
    }

    /// Audits a read of a list: which filter, how many rows were shown. A read is
    /// personal-data access like any other ("who saw this customer?").
    async fn log_read(
        &self,
        state: &AppState,
        action: &str,
        filter: &str,
        rows: usize,
    ) -> ApiResult<()> {
        let now = state.clock.now();
        let mut tx = state.db.begin_write().await?;
        let detail = format!("filter {filter}; {rows} rows");
        self.log(&mut tx, action, None, None, detail, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The caller acting in one of the `allowed` roles with a fresh code from their
    /// authenticator app for `action` (a dangerous one: step-up).
    async fn require_with_code(
        caller: &'a Caller,
        client: &'a str,
        allowed: &[StaffRole],
        state: &AppState,
        code: Option<&str>,
        action: &str,
    ) -> ApiResult<Self> {
        let actor = Actor::require(caller, client, allowed)?;
        actor.step_up(state, code, action).await?;
        Ok(actor)
    }

    /// Step-up: a fresh code from the acting staff member's authenticator app.
    async fn step_up(&self, state: &AppState, code: Option<&str>, action: &str) -> ApiResult<()> {
        mfa::step_up(state, self.caller, code, action).await
    }
}
