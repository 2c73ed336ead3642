//! Where the customer is, when they let us know: to list collection points nearest first.
//!
//! The position comes from the WebView's `navigator.geolocation` (the phone's location
//! service, asked only when the customer taps "Use my location"); the ordering is plain
//! Rust so it is the same on every platform and testable without a browser.

use companion_domain::wire::CollectionPoint;

use crate::i18n::Lang;

/// A WGS84 position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    /// Degrees north.
    pub latitude: f64,
    /// Degrees east.
    pub longitude: f64,
}

/// Mean Earth radius (IUGG), in kilometres.
const EARTH_RADIUS_KM: f64 = 6371.0088;

impl Position {
    /// Great-circle distance (haversine): good to a few metres at the scale of a country,
    /// which is all "nearest first" needs.
    pub fn distance_km(self, other: Position) -> f64 {
        let (phi1, phi2) = (self.latitude.to_radians(), other.latitude.to_radians());
        let d_phi = phi2 - phi1;
        let d_lambda = (other.longitude - self.longitude).to_radians();
        let a =
            (d_phi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (d_lambda / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().atan2((1.0 - a).sqrt())
    }

    /// Reads what the geolocation script returns: `[latitude, longitude]`, or `null` when
    /// the customer refused or the phone cannot tell. Anything out of range is refused too.
    pub fn from_script_answer(value: &serde_json::Value) -> Option<Position> {
        let pair = value.as_array()?;
        let (latitude, longitude) = (pair.first()?.as_f64()?, pair.get(1)?.as_f64()?);
        ((-90.0..=90.0).contains(&latitude) && (-180.0..=180.0).contains(&longitude)).then_some(
            Position {
                latitude,
                longitude,
            },
        )
    }
}

/// Asks the WebView for the phone's position; resolves to `[lat, lon]` or `null`, never
/// throws (a refusal, a timeout or no geolocation at all are all "unknown").
pub const GEOLOCATION_SCRIPT: &str = r#"
return await new Promise((resolve) => {
  if (!("geolocation" in navigator)) { resolve(null); return; }
  navigator.geolocation.getCurrentPosition(
    (p) => resolve([p.coords.latitude, p.coords.longitude]),
    () => resolve(null),
    { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
  );
});
"#;

/// Collection points with their distance from `here`, nearest first; in the given order
/// (by name) with no distance when the position is unknown.
pub fn nearest_first(
    points: Vec<CollectionPoint>,
    here: Option<Position>,
) -> Vec<(CollectionPoint, Option<f64>)> {
    let mut listed: Vec<(CollectionPoint, Option<f64>)> = points
        .into_iter()
        .map(|point| {
            let distance = here.map(|here| {
                here.distance_km(Position {
                    latitude: point.latitude,
                    longitude: point.longitude,
                })
            });
            (point, distance)
        })
        .collect();
    if here.is_some() {
        listed.sort_by(|a, b| a.1.unwrap_or(f64::MAX).total_cmp(&b.1.unwrap_or(f64::MAX)));
    }
    listed
}

/// A distance as people read it: metres when close, one decimal under 10 km, whole
/// kilometres beyond; Portuguese writes the decimal with a comma.
pub fn format_distance(lang: Lang, km: f64) -> String {
    if km < 1.0 {
        format!("{} m", ((km * 1000.0) / 10.0).round() * 10.0)
    } else if km < 10.0 {
        let text = format!("{km:.1} km");
        match lang {
            Lang::PtPt => text.replace('.', ","),
            Lang::En => text,
        }
    } else {
        format!("{} km", km.round())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(id: &str, latitude: f64, longitude: f64) -> CollectionPoint {
        CollectionPoint {
            id: id.into(),
            name: id.into(),
            address: String::new(),
            latitude,
            longitude,
            opening_hours: String::new(),
        }
    }

    const LISBON: Position = Position {
        latitude: 38.7223,
        longitude: -9.1393,
    };

    #[test]
    fn lisbon_to_porto_is_about_274_km() {
        let porto = Position {
            latitude: 41.1579,
            longitude: -8.6291,
        };
        let km = LISBON.distance_km(porto);
        assert!((270.0..280.0).contains(&km), "{km}");
        assert_eq!(LISBON.distance_km(LISBON), 0.0);
    }

    #[test]
    fn nearest_first_when_the_position_is_known_and_as_given_otherwise() {
        let points = vec![
            point("faro", 37.0236, -7.9441),
            point("porto", 41.1490, -8.6060),
            point("chiado", 38.7107, -9.1420),
        ];
        let ids = |listed: &[(CollectionPoint, Option<f64>)]| {
            listed.iter().map(|(p, _)| p.id.clone()).collect::<Vec<_>>()
        };
        let near_porto = Position {
            latitude: 41.15,
            longitude: -8.61,
        };
        let listed = nearest_first(points.clone(), Some(near_porto));
        assert_eq!(ids(&listed), ["porto", "chiado", "faro"]);
        assert!(listed[0].1.is_some_and(|km| km < 1.0));
        let listed = nearest_first(points, None);
        assert_eq!(ids(&listed), ["faro", "porto", "chiado"]);
        assert!(listed.iter().all(|(_, km)| km.is_none()));
    }

    #[test]
    fn the_script_answer_is_checked() {
        let json = serde_json::json!([38.7, -9.1]);
        assert_eq!(
            Position::from_script_answer(&json),
            Some(Position {
                latitude: 38.7,
                longitude: -9.1
            })
        );
        for refused in [
            serde_json::json!(null),
            serde_json::json!([]),
            serde_json::json!(["38", "-9"]),
            serde_json::json!([138.0, 0.0]),
            serde_json::json!({"latitude": 1}),
        ] {
            assert_eq!(Position::from_script_answer(&refused), None, "{refused}");
        }
    }

    #[test]
    fn distances_read_naturally_in_each_language() {
        assert_eq!(format_distance(Lang::En, 0.347), "350 m");
        assert_eq!(format_distance(Lang::En, 2.46), "2.5 km");
        assert_eq!(format_distance(Lang::PtPt, 2.46), "2,5 km");
        assert_eq!(format_distance(Lang::PtPt, 273.6), "274 km");
    }
}
