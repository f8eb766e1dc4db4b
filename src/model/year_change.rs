//! What the prose says about a figure against another year
//! (`财政拨款收入15621.11万元，比2023年预算减少876.75万元`): kept in the
//! document's JSON so that the cross-document pass ([`crate::across`]) can
//! check it against the other year's document without reading the source
//! again (a `merge` of shards has only the JSONs).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearChange {
    /// The figure's label as printed before it, normalised (no year,
    /// enumeration, quotes, `其中：` or trailing `为`): `财政拨款收入`.
    pub subject: String,
    /// The fact the figure is the prose source of, when it is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fact: Option<String>,
    /// The figure as printed (digits, separators removed) and its unit.
    pub value: String,
    pub unit: String,
    /// The figure in 元, exact.
    pub yuan: String,
    /// The year compared with; `上年` is the document's year − 1.
    pub other_year: i32,
    /// What of that year: `budget` (比2023年预算), `final_accounts`
    /// (比2023年决算) or null when the prose does not say (比上年).
    #[serde(default)]
    pub other_kind: Option<String>,
    /// +1 increase, −1 decrease, 0 unchanged (持平).
    pub direction: i8,
    /// The change as printed (unsigned digits) and its unit, when printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_unit: Option<String>,
    /// The rate as printed (unsigned digits of the percentage), when printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<String>,
    pub quote: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}
