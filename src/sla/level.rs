//! Fault levels (section 1), milestones (section 2) and required actions
//! (sections 4 and 5), with the exact names the JSON interface promises.

use serde::{Deserialize, Serialize};

use super::SlaError;

/// Section 1: level 1 is the most severe. Raising a level lowers the number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u8")]
pub struct Level(u8);

impl Level {
    pub const ALL: [Level; 4] = [Level(1), Level(2), Level(3), Level(4)];

    pub fn new(n: i64) -> Result<Level, SlaError> {
        match n {
            1..=4 => Ok(Level(n as u8)),
            _ => Err(SlaError::BadLevel(n)),
        }
    }

    pub fn number(self) -> u8 {
        self.0
    }

    /// Index into per-level tables (level 1 → 0).
    pub fn index(self) -> usize {
        usize::from(self.0 - 1)
    }

    /// Section 4: one step more severe, or `None` at level 1, which cannot go higher.
    pub fn raised(self) -> Option<Level> {
        (self.0 > 1).then(|| Level(self.0 - 1))
    }
}

impl TryFrom<i64> for Level {
    type Error = SlaError;
    fn try_from(n: i64) -> Result<Self, SlaError> {
        Level::new(n)
    }
}

impl From<Level> for u8 {
    fn from(l: Level) -> u8 {
        l.0
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Section 2. The order here is the order a ticket's milestones are listed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString, strum::EnumIter)]
#[strum(serialize_all = "snake_case")]
pub enum Milestone {
    RemoteResponse,
    ExpertResponse,
    ProcessStart,
    DirectorResponse,
    OnsiteArrival,
    Restoration,
    /// Section 6, "稍候主动回电": the desk's own promise to call back, started
    /// by `callback_promised`. It breaches like the others but never raises
    /// the level, has no window in the policy and is not in [`Milestone::ALL`]
    /// (nor in the compliance figures, which are the contract's deadlines).
    Callback,
    /// Section 6, "项目经理回访": opened by `restored` on a site with a project
    /// manager, due at the end of the policy's follow-up working day; met by
    /// `followup`. Like the call-back, outside [`Milestone::ALL`].
    Followup,
}

impl Milestone {
    pub const ALL: [Milestone; 6] = [
        Milestone::RemoteResponse,
        Milestone::ExpertResponse,
        Milestone::ProcessStart,
        Milestone::DirectorResponse,
        Milestone::OnsiteArrival,
        Milestone::Restoration,
    ];

    /// The section-6 clocks the desk keeps for itself (call-back,
    /// follow-up): shown and breached like the others, but never raising
    /// the level and outside the contract's compliance figures.
    pub fn is_desk_own(self) -> bool {
        matches!(self, Milestone::Callback | Milestone::Followup)
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// The spelling scripts rely on (section 2: "must be spelled exactly so"),
    /// derived from the variant (`strum`, snake case) as serde spells it.
    pub fn name(self) -> &'static str {
        self.into()
    }

    pub fn from_name(s: &str) -> Option<Milestone> {
        s.parse().ok()
    }
}

/// Actions the contract requires when a deadline passes (sections 4 and 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString, strum::EnumIter)]
#[strum(serialize_all = "snake_case")]
pub enum Action {
    StandbyEnvironment,
    HigherTierEngineer,
    VendorExperts,
    WholeUnitReplacement,
    VendorTopTeam,
    FurtherAction,
}

impl Action {
    /// Derived from the variant (`strum`, snake case), as serde spells it.
    pub fn name(self) -> &'static str {
        self.into()
    }

    pub fn from_name(s: &str) -> Option<Action> {
        s.parse().ok()
    }

    /// Every action as `action_done --action` and the rules files take it,
    /// for refusals.
    pub fn names() -> String {
        let names: Vec<&str> = <Action as strum::IntoEnumIterator>::iter()
            .map(Action::name)
            .collect();
        names.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn a_milestones_and_an_actions_name_is_the_one_serde_stores_and_reads_back() {
        for m in Milestone::iter() {
            assert_eq!(
                serde_json::to_string(&m).unwrap(),
                format!("{:?}", m.name())
            );
            assert_eq!(Milestone::from_name(m.name()), Some(m));
        }
        for a in Action::iter() {
            assert_eq!(
                serde_json::to_string(&a).unwrap(),
                format!("{:?}", a.name())
            );
            assert_eq!(Action::from_name(a.name()), Some(a));
        }
        assert_eq!(Milestone::OnsiteArrival.name(), "onsite_arrival");
        assert_eq!(Milestone::from_name("on_site_arrival"), None);
    }

    #[test]
    fn level_five_and_zero_are_rejected() {
        assert_eq!(Level::new(5), Err(SlaError::BadLevel(5)));
        assert_eq!(Level::new(0), Err(SlaError::BadLevel(0)));
    }

    #[test]
    fn raising_walks_four_to_one_and_stops() {
        let l4 = Level::new(4).unwrap();
        let chain: Vec<u8> = std::iter::successors(Some(l4), |l| l.raised())
            .map(Level::number)
            .collect();
        assert_eq!(chain, vec![4, 3, 2, 1]);
    }

    #[test]
    fn milestone_names_round_trip() {
        for m in Milestone::ALL {
            assert_eq!(Milestone::from_name(m.name()), Some(m));
        }
    }
}
