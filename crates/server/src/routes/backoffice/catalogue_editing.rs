//! Rewards and collection points (operations).

use super::*;

#[utoipa::path(get, path = "/v1/backoffice/rewards", tag = "backoffice", security(("bearer" = [])),
    responses(
        (status = 200, body = RewardCatalogue),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: operations or admin only", body = ErrorBody),
    ))]
/// The rewards catalogue, offered or not (operations).
pub async fn reward_catalogue(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
) -> ApiResult<Json<RewardCatalogue>> {
    let actor = Actor::require(&caller, &client, &[StaffRole::Operations])?;
    let mut conn = state.db.pool().acquire().await?;
    let rewards = catalogue_rewards(&mut conn).await?;
    drop(conn);
    actor
        .log_read(&state, "reward_catalogue_read", "none", rewards.len())
        .await?;
    Ok(Json(RewardCatalogue { rewards }))
}

/// Every reward as operations edit it.
async fn catalogue_rewards(conn: &mut AnyConnection) -> ApiResult<Vec<CatalogueReward>> {
    Ok(rewards::catalogue(conn)
        .await?
        .into_iter()
        .map(|(reward, active)| {
            let (name_en, description_en) = reward.text("en");
            CatalogueReward {
                name_en: name_en.to_string(),
                description_en: description_en.to_string(),
                id: reward.id,
                category: reward.category,
                cost_points: reward.cost_points,
                name_pt: reward.name,
                description_pt: reward.description,
                active,
            }
        })
        .collect())
}

/// The essentials of a reward for the audit log's before/after.
fn reward_essentials(reward: &CatalogueReward) -> String {
    format!(
        "{} {} points, {}",
        reward.category.as_str(),
        reward.cost_points,
        if reward.active {
            "offered"
        } else {
            "withdrawn"
        }
    )
}

#[utoipa::path(put, path = "/v1/backoffice/rewards/{id}", tag = "backoffice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Reward id (must match the body's)")),
    request_body = CatalogueReward,
    responses(
        (status = 200, description = "Saved; the app shows the change at its next catalogue refresh", body = CatalogueReward),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: operations or admin only", body = ErrorBody),
        (status = 422, description = "`invalid_request`: what is wrong, field by field", body = ErrorBody),
    ))]
/// Adds or edits a reward (operations), checked exactly like a line of the rewards CSV.
pub async fn save_reward(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<CatalogueReward>,
) -> ApiResult<Json<CatalogueReward>> {
    let actor = Actor::require(&caller, &client, &[StaffRole::Operations])?;
    same_id(&id, &body.id)?;
    let line = catalogues::check_reward(body.clone()).map_err(refused)?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let before = catalogue_rewards(&mut tx)
        .await?
        .into_iter()
        .find(|reward| reward.id == id);
    let added = rewards::upsert(&mut tx, &line.reward, line.active).await?;
    let detail = match (&before, added) {
        (Some(before), false) => format!(
            "edited reward: {} -> {}",
            reward_essentials(before),
            reward_essentials(&body)
        ),
        _ => format!("added reward: {}", reward_essentials(&body)),
    };
    actor
        .log(&mut tx, "reward_saved", None, Some(&id), detail, now)
        .await?;
    tx.commit().await?;
    Ok(Json(body))
}

#[utoipa::path(get, path = "/v1/backoffice/collection-points", tag = "backoffice", security(("bearer" = [])),
    responses(
        (status = 200, body = PointCatalogue),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: operations or admin only", body = ErrorBody),
    ))]
/// The collection points, offered or not (operations).
pub async fn point_catalogue(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
) -> ApiResult<Json<PointCatalogue>> {
    let actor = Actor::require(&caller, &client, &[StaffRole::Operations])?;
    let mut conn = state.db.pool().acquire().await?;
    let collection_points = collection_points::catalogue(&mut conn).await?;
    drop(conn);
    actor
        .log_read(
            &state,
            "collection_points_read",
            "none",
            collection_points.len(),
        )
        .await?;
    Ok(Json(PointCatalogue { collection_points }))
}

#[utoipa::path(put, path = "/v1/backoffice/collection-points/{id}", tag = "backoffice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Collection point id (must match the body's)")),
    request_body = CataloguePoint,
    responses(
        (status = 200, description = "Saved", body = CataloguePoint),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: operations or admin only", body = ErrorBody),
        (status = 422, description = "`invalid_request`: what is wrong, field by field", body = ErrorBody),
    ))]
/// Adds or edits a collection point (operations), checked exactly like a CSV line.
pub async fn save_point(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<CataloguePoint>,
) -> ApiResult<Json<CataloguePoint>> {
    let actor = Actor::require(&caller, &client, &[StaffRole::Operations])?;
    same_id(&id, &body.id)?;
    let line = catalogues::check_point(body.clone()).map_err(refused)?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let row = collection_points::PointRow {
        point: &line.point,
        postal_code: &line.postal_code,
        city: &line.city,
        active: line.active,
    };
    let added = collection_points::upsert(&mut tx, &row).await?;
    let detail = format!(
        "{} collection point",
        if added { "added" } else { "edited" }
    );
    actor
        .log(
            &mut tx,
            "collection_point_saved",
            None,
            Some(&id),
            detail,
            now,
        )
        .await?;
    tx.commit().await?;
    Ok(Json(body))
}

/// The path names the record the body describes.
fn same_id(path: &str, body: &str) -> ApiResult<()> {
    if path == body {
        Ok(())
    } else {
        Err(ApiError::unprocessable(
            ErrorCode::InvalidRequest,
            "The id in the address and in the body differ.",
        ))
    }
}

/// A catalogue entry's problems as one 422.
fn refused(problems: Vec<String>) -> ApiError {
    ApiError::unprocessable(ErrorCode::InvalidRequest, problems.join("; "))
}
