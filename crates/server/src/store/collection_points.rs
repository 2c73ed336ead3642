//! Collection points where a replacement can be picked up.

use companion_domain::wire::{CataloguePoint, CollectionPoint};
use sqlx::AnyConnection;

use crate::db::col;
use crate::error::ApiError;

/// Every collection point on offer, by name (the route sorts by distance when it knows
/// where the customer is).
pub async fn all(conn: &mut AnyConnection) -> Result<Vec<CollectionPoint>, ApiError> {
    let rows = sqlx::query(
        "SELECT id, name, address, latitude, longitude, opening_hours FROM collection_points
         WHERE active = 1 ORDER BY name, id",
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

/// Whether a collection point with this id is on offer (a request may only name one).
pub async fn exists(conn: &mut AnyConnection, id: &str) -> Result<bool, sqlx::Error> {
    let known: Option<String> =
        sqlx::query_scalar("SELECT id FROM collection_points WHERE id = $1 AND active = 1")
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

/// A collection point from the operations catalogue.
#[derive(Debug)]
pub struct PointRow<'a> {
    /// The point as the app shows it.
    pub point: &'a CollectionPoint,
    /// `NNNN-NNN`.
    pub postal_code: &'a str,
    /// Town.
    pub city: &'a str,
    /// On offer.
    pub active: bool,
}

/// Writes a collection point: added, or updated in place (its id is the key). Returns
/// whether it was new.
pub async fn upsert(conn: &mut AnyConnection, row: &PointRow<'_>) -> Result<bool, sqlx::Error> {
    let existed: Option<String> =
        sqlx::query_scalar("SELECT id FROM collection_points WHERE id = $1")
            .bind(&row.point.id)
            .fetch_optional(&mut *conn)
            .await?;
    sqlx::query(
        "INSERT INTO collection_points (id, name, address, latitude, longitude, opening_hours, postal_code, city, active)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address,
             latitude = excluded.latitude, longitude = excluded.longitude,
             opening_hours = excluded.opening_hours, postal_code = excluded.postal_code,
             city = excluded.city, active = excluded.active",
    )
    .bind(&row.point.id)
    .bind(&row.point.name)
    .bind(&row.point.address)
    .bind(row.point.latitude)
    .bind(row.point.longitude)
    .bind(&row.point.opening_hours)
    .bind(row.postal_code)
    .bind(row.city)
    .bind(i64::from(row.active))
    .execute(&mut *conn)
    .await?;
    Ok(existed.is_none())
}

/// Every collection point, offered or not, for operations, with its address in parts.
pub async fn catalogue(conn: &mut AnyConnection) -> Result<Vec<CataloguePoint>, ApiError> {
    let rows = sqlx::query(
        "SELECT id, name, address, postal_code, city, latitude, longitude, opening_hours, active
         FROM collection_points ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let postal_code: Option<String> = col(row, "postal_code")?;
            let city: Option<String> = col(row, "city")?;
            let address: String = col(row, "address")?;
            // Imported points store "street, NNNN-NNN Town" for the app; give the street back.
            let suffix = match (&postal_code, &city) {
                (Some(code), Some(city)) => format!(", {code} {city}"),
                _ => String::new(),
            };
            let street = address
                .strip_suffix(&suffix)
                .filter(|_| !suffix.is_empty())
                .unwrap_or(&address)
                .to_string();
            Ok(CataloguePoint {
                id: col(row, "id")?,
                name: col(row, "name")?,
                address: street,
                postal_code: postal_code.unwrap_or_default(),
                city: city.unwrap_or_default(),
                latitude: col(row, "latitude")?,
                longitude: col(row, "longitude")?,
                opening_hours: col(row, "opening_hours")?,
                active: col::<i64>(row, "active")? != 0,
            })
        })
        .collect()
}
