//! Collection points where a replacement can be picked up.

use companion_domain::wire::CollectionPoint;
use sqlx::AnyConnection;

use crate::db::col;
use crate::error::ApiError;

/// Every collection point, by name (the route sorts by distance when it knows where the
/// customer is).
pub async fn all(conn: &mut AnyConnection) -> Result<Vec<CollectionPoint>, ApiError> {
    let rows = sqlx::query(
        "SELECT id, name, address, latitude, longitude, opening_hours FROM collection_points ORDER BY name, id",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(CollectionPoint {
                id: col(row, "id")?,
                name: col(row, "name")?,
                address: col(row, "address")?,
                latitude: col(row, "latitude")?,
                longitude: col(row, "longitude")?,
                opening_hours: col(row, "opening_hours")?,
            })
        })
        .collect()
}

/// Whether a collection point with this id exists (a request may only name a real one).
pub async fn exists(conn: &mut AnyConnection, id: &str) -> Result<bool, sqlx::Error> {
    let known: Option<String> =
        sqlx::query_scalar("SELECT id FROM collection_points WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(known.is_some())
}

/// Adds a collection point unless one has its id already, so seeding twice is harmless.
pub async fn insert_if_new(
    conn: &mut AnyConnection,
    point: &CollectionPoint,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO collection_points (id, name, address, latitude, longitude, opening_hours)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
    )
    .bind(&point.id)
    .bind(&point.name)
    .bind(&point.address)
    .bind(point.latitude)
    .bind(point.longitude)
    .bind(&point.opening_hours)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
