//! Distances between offices and sites from coordinates, with a bundled table
//! of city centres (`assets/geo/cn-cities.csv`) for when only a city is known.

use std::sync::OnceLock;

const CITIES: &str = include_str!("../assets/geo/cn-cities.csv");

/// Straight-line distance understates roads; 1.3 is a common detour factor
/// for Chinese intercity roads. An explicit `--distance-km` always wins.
pub const ROAD_FACTOR: f64 = 1.3;

fn table() -> &'static Vec<(String, f64, f64)> {
    static TABLE: OnceLock<Vec<(String, f64, f64)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        CITIES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut f = l.split(',');
                Some((
                    f.next()?.trim().to_string(),
                    f.next()?.trim().parse().ok()?,
                    f.next()?.trim().parse().ok()?,
                ))
            })
            .collect()
    })
}

/// A city's name, latitude and longitude; "苏州" and "苏州市" both match.
pub fn city(name: &str) -> Option<(&'static str, f64, f64)> {
    let name = name.trim().trim_end_matches('市');
    table()
        .iter()
        .find(|(n, _, _)| n == name)
        .map(|(n, lat, lon)| (n.as_str(), *lat, *lon))
}

/// Great-circle distance in km.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1, lat2, lon2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// Estimated road distance between two points.
pub fn road_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    haversine_km(a, b) * ROAD_FACTOR
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shanghai_to_suzhou_is_about_eighty_km_straight() {
        let (_, a1, a2) = city("上海").unwrap();
        let (_, b1, b2) = city("苏州市").unwrap();
        let d = haversine_km((a1, a2), (b1, b2));
        assert!((75.0..95.0).contains(&d), "{d}");
    }

    #[test]
    fn unknown_cities_are_none() {
        assert!(city("不存在").is_none());
    }
}
