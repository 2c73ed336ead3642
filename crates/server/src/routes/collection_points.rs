//! Collection points where a replacement can be picked up.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use companion_domain::wire::{CollectionPointList, ErrorBody};
use companion_domain::ErrorCode;
use serde::Deserialize;

use crate::error::{ApiError, ApiResult};
use crate::extract::ApiQuery;
use crate::state::AppState;
use crate::store::collection_points;

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new().route("/v1/collection-points", get(list))
}

/// Where the customer is, to list the nearest first.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Near {
    /// Latitude, -90 to 90.
    latitude: Option<f64>,
    /// Longitude, -180 to 180.
    longitude: Option<f64>,
}

#[utoipa::path(get, path = "/v1/collection-points", tag = "guarantee",
    operation_id = "list_collection_points", security(()),
    params(Near),
    responses((status = 200, body = CollectionPointList), (status = 400, body = ErrorBody)))]
/// All collection points; nearest first when a position is given, else by name.
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(near): ApiQuery<Near>,
) -> ApiResult<Json<CollectionPointList>> {
    let mut conn = state.db.pool().acquire().await?;
    let mut points = collection_points::all(&mut conn).await?;
    match (near.latitude, near.longitude) {
        (Some(lat), Some(lon))
            if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) =>
        {
            points.sort_by(|a, b| {
                distance_km(lat, lon, a.latitude, a.longitude).total_cmp(&distance_km(
                    lat,
                    lon,
                    b.latitude,
                    b.longitude,
                ))
            });
        }
        (None, None) => {}
        _ => {
            return Err(ApiError::bad_request(
                ErrorCode::InvalidQuery,
                "Give both latitude (-90 to 90) and longitude (-180 to 180), or neither.",
            ))
        }
    }
    Ok(Json(CollectionPointList {
        collection_points: points,
    }))
}

/// Great-circle distance (haversine), good to a few metres at these scales.
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    6371.0 * 2.0 * a.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::distance_km;

    #[test]
    fn lisbon_to_porto_is_about_275_km() {
        let d = distance_km(38.7223, -9.1393, 41.1579, -8.6291);
        assert!((270.0..280.0).contains(&d), "{d}");
    }
}
