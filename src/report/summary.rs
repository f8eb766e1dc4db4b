//! What the report knows about a batch: totals, breakdowns, and one small
//! summary per document. Serialised as `report.json`.

use crate::model::{Check, CheckStatus};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Default, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct StatusCounts {
    pub pass: usize,
    pub rounding: usize,
    pub fail: usize,
    pub skip: usize,
}

impl StatusCounts {
    pub fn add(&mut self, s: CheckStatus) {
        match s {
            CheckStatus::Pass => self.pass += 1,
            CheckStatus::Rounding => self.rounding += 1,
            CheckStatus::Fail => self.fail += 1,
            CheckStatus::Skip => self.skip += 1,
        }
    }
    pub fn merge(&mut self, o: &StatusCounts) {
        self.pass += o.pass;
        self.rounding += o.rounding;
        self.fail += o.fail;
        self.skip += o.skip;
    }
    /// Take out counts added before (never below zero).
    pub fn take(&mut self, o: &StatusCounts) {
        self.pass = self.pass.saturating_sub(o.pass);
        self.rounding = self.rounding.saturating_sub(o.rounding);
        self.fail = self.fail.saturating_sub(o.fail);
        self.skip = self.skip.saturating_sub(o.skip);
    }
    /// Checks that were decided (not skipped).
    pub fn decided(&self) -> usize {
        self.pass + self.rounding + self.fail
    }
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct BatchTotals {
    pub documents: usize,
    pub inputs_failed: usize,
    pub pages: u64,
    pub tables: usize,
    pub recognised: usize,
    /// recognised / tables, 0 when there are no tables.
    pub recognised_share: f64,
    pub checks: StatusCounts,
    pub documents_with_failures: usize,
}

/// A failing check as a person needs it to find the cell in the PDF.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FailingCheck {
    pub rule: String,
    pub table: Option<String>,
    pub table_title: String,
    pub template: Option<String>,
    pub page: Option<u32>,
    pub code: Option<String>,
    pub name: Option<String>,
    pub column: Option<String>,
    pub printed: Option<String>,
    pub expected: Option<String>,
    pub difference: Option<String>,
    pub blamed: Option<String>,
    pub message: String,
    /// The check's picture (`evidence/<id>/check<K>.svg`, relative to the
    /// report), when one was drawn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    /// Pages of the source to open: the blamed cell's first, then the
    /// check's own (a prose page quoting the table).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<u32>,
}

impl FailingCheck {
    pub fn from_check(c: &Check, table_title: String, table_pages: Vec<u32>) -> Self {
        let difference = match (c.actual.as_deref(), c.expected.as_deref()) {
            (Some(a), Some(e)) => match (crate::amount::decimal(a), crate::amount::decimal(e)) {
                (Some(a), Some(e)) => Some((a - e).to_string()),
                _ => None,
            },
            _ => None,
        };
        let blamed = c.blame.first().map(|b| {
            let row = [b.row.code.as_deref(), b.row.name.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let mut s = format!("{} · {} · {}", b.table, row, b.column);
            if let Some(v) = &b.value {
                s.push_str(&format!(" = {v}"));
            }
            if let Some(p) = b.page {
                s.push_str(&format!(" (p. {p})"));
            }
            s
        });
        let mut pages: Vec<u32> = Vec::new();
        for p in c
            .blame
            .first()
            .and_then(|b| b.page)
            .into_iter()
            .chain(c.page)
        {
            if !pages.contains(&p) {
                pages.push(p);
            }
        }
        if pages.is_empty() {
            pages.extend(table_pages.first().copied());
        }
        FailingCheck {
            rule: c.rule.clone(),
            table: c.table.clone(),
            table_title,
            template: c.template.clone(),
            page: c.page.or_else(|| table_pages.first().copied()),
            code: c.row.as_ref().and_then(|r| r.code.clone()),
            name: c.row.as_ref().and_then(|r| r.name.clone()),
            column: c.column.clone(),
            printed: c.actual.clone(),
            expected: c.expected.clone(),
            difference,
            blamed,
            message: c.message.clone(),
            picture: None,
            pages,
        }
    }
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct DocSummary {
    pub id: String,
    pub file: String,
    pub department: Option<String>,
    pub year: Option<i32>,
    pub kind: Option<String>,
    pub format: String,
    pub pages: u32,
    pub tables: usize,
    pub recognised: usize,
    pub facts: usize,
    pub checks: StatusCounts,
    /// 0–100: share of decided checks that pass or round, scaled down by
    /// unrecognised tables. 100 for a document with no decided checks and
    /// all tables recognised.
    pub quality: u32,
    /// The PDF was damaged (truncated, pages or content missing) and read
    /// around it; `source.damage` of its JSON says how.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub damaged: bool,
    /// Pages whose content is missing from the file.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub unreadable_pages: u32,
    pub failures: Vec<FailingCheck>,
    pub warnings_total: usize,
    pub warnings: Vec<String>,
    pub unrecognised: Vec<String>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Highest quality a damaged PDF can score, whatever its checks say: what
/// was read may be consistent, but part of the document may be missing, so
/// it must not land in the bands that need no attention (95–100).
pub const DAMAGED_QUALITY_CAP: u32 = 79;

impl DocSummary {
    /// 0–100: share of decided checks that pass or round, times the share
    /// of tables recognised, times the share of pages readable; a damaged
    /// file at most [`DAMAGED_QUALITY_CAP`].
    pub fn quality_score(&self) -> u32 {
        let decided = self.checks.decided();
        let check_share = if decided == 0 {
            1.0
        } else {
            (decided - self.checks.fail) as f64 / decided as f64
        };
        let table_share = if self.tables == 0 {
            1.0
        } else {
            self.recognised as f64 / self.tables as f64
        };
        let page_share = if self.pages == 0 {
            1.0
        } else {
            self.pages.saturating_sub(self.unreadable_pages) as f64 / self.pages as f64
        };
        let q = (check_share * table_share * page_share * 100.0).round() as u32;
        if self.damaged {
            q.min(DAMAGED_QUALITY_CAP)
        } else {
            q
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct InputError {
    pub file: String,
    pub error: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct QualityBand {
    pub band: String,
    pub documents: usize,
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct Report {
    pub totals: BatchTotals,
    pub tables_by_template: BTreeMap<String, usize>,
    pub checks_by_rule: BTreeMap<String, StatusCounts>,
    pub checks_by_template: BTreeMap<String, StatusCounts>,
    /// Documents per quality band, lowest first: `0-49`, `50-79`, `80-94`, `95-99`, `100`.
    pub quality_bands: Vec<QualityBand>,
    pub documents: Vec<DocSummary>,
    pub errors: Vec<InputError>,
}

pub const QUALITY_BANDS: [(&str, u32, u32); 5] = [
    ("0-49", 0, 49),
    ("50-79", 50, 79),
    ("80-94", 80, 94),
    ("95-99", 95, 99),
    ("100", 100, 100),
];

impl Report {
    /// The report with derived figures filled in; `bands` counts documents
    /// per entry of [`QUALITY_BANDS`] (the builder counts them as documents
    /// arrive, since it does not keep the documents in memory).
    pub fn finished(&self, bands: &[usize; 5]) -> Report {
        let mut r = self.clone();
        r.totals.recognised_share = if r.totals.tables == 0 {
            0.0
        } else {
            r.totals.recognised as f64 / r.totals.tables as f64
        };
        r.quality_bands = QUALITY_BANDS
            .iter()
            .zip(bands)
            .map(|((name, _, _), n)| QualityBand {
                band: name.to_string(),
                documents: *n,
            })
            .collect();
        r
    }
}

/// Index of the quality band a score falls in.
pub fn band_of(quality: u32) -> usize {
    QUALITY_BANDS
        .iter()
        .position(|(_, lo, hi)| (*lo..=*hi).contains(&quality))
        .unwrap_or(0)
}
