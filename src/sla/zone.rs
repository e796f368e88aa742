//! Section 3: distance zones from the nearest office to the site.

use serde::Serialize;

/// A zone number 1–9 as the policy's zone table defines it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Zone(pub u8);

impl Zone {
    /// Section 3: a distance exactly on a boundary belongs to the lower zone
    /// (40 km is zone 1, 40.1 km is zone 2). `limits` are the zones' upper
    /// bounds in order, `None` for the open-ended last zone.
    ///
    /// ```
    /// use faultline::sla::Zone;
    /// let policy = faultline::config::Rules::builtin().unwrap().policy;
    /// assert_eq!(policy.zone_for(40.0), Some(Zone(1)));
    /// assert_eq!(policy.zone_for(40.1), Some(Zone(2)));
    /// assert_eq!(policy.zone_for(1500.0), Some(Zone(8)));
    /// assert_eq!(policy.zone_for(1500.1), Some(Zone(9))); // negotiated
    /// assert_eq!(policy.zone_for(-1.0), None);
    /// ```
    pub fn from_distance_km(km: f64, limits: &[(u8, Option<f64>)]) -> Option<Zone> {
        if !km.is_finite() || km < 0.0 {
            return None;
        }
        // The bounds grow, so the zone is as many zones in as bounds the
        // distance passes: counted without a branch per zone (every replay
        // looks its ticket's zone up, and a search loop's exit was
        // mispredicted on a desk of mixed distances).
        let passed = limits
            .iter()
            .filter(|(_, max)| max.is_some_and(|max| km > max))
            .count();
        limits.get(passed).map(|(z, _)| Zone(*z))
    }
}

impl std::fmt::Display for Zone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}
