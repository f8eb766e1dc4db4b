//! The canonical document: the output contract of `../shared/SPEC.md`
//! (`schema/yusuan-1.schema.json`). Every amount is a decimal string exactly
//! as printed (thousands separators removed); never a float.

use serde::{Deserialize, Serialize};

pub const SCHEMA_ID: &str = "yusuan/1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CanonicalDocument {
    pub schema: String,
    pub source: Source,
    pub document: DocumentMeta,
    pub tables: Vec<Table>,
    pub facts: Vec<Fact>,
    pub checks: Vec<Check>,
    pub summary: Summary,
    pub warnings: Vec<String>,
    /// Prose statements about another year's figure, for the cross-document
    /// checks (`year_over_year`); absent when the prose makes none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub year_changes: Vec<super::YearChange>,
}

impl CanonicalDocument {
    /// Give every check message in `lang`.
    pub fn localise(&mut self, lang: crate::messages::Lang) {
        for c in &mut self.checks {
            c.localise(lang);
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub path: String,
    pub sha256: String,
    /// `pdf`, `pdf-ocr` or `text`.
    pub format: String,
    pub pages: u32,
    /// Version of yusuan that wrote the output (batch runs; `--resume`
    /// reprocesses outputs of another version).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub yusuan: Option<String>,
    /// Where the input was crawled from, as the caller's manifest says
    /// (`--manifest`); absent when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crawl_date: Option<String>,
    /// The caller's own identifier of the input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_id: Option<String>,
    /// What was wrong with the file's structure (a truncated or damaged
    /// PDF read as far as it goes); absent for a sound file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub damage: Option<Damage>,
}

/// A PDF that had to be read around damage: what was wrong, and the pages
/// whose content could not be read (their figures are missing).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Damage {
    pub problems: Vec<String>,
    pub unreadable_pages: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DocumentMeta {
    pub department: Option<String>,
    /// The coverage printed after the department's name: `本级` (the
    /// department's own organ, its units not consolidated) or `汇总` (all its
    /// units consolidated). Absent when not printed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub coverage: Option<String>,
    pub year: Option<i32>,
    /// `budget`, `final_accounts` or null.
    pub kind: Option<String>,
    /// The document's main unit (the unit most of its tables declare).
    pub unit: Option<String>,
    /// `department` (部门预算/决算, 汇总) or `unit` (单位预算/决算, 本级):
    /// a department's consolidated disclosure and the one of its own unit
    /// share department, year and kind. Absent when neither the title nor
    /// the printed coverage says which.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The department's name normalised so that one department's documents
    /// of several years link (`facts::department_key`); absent without a
    /// department name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub key: String,
    pub header: String,
}

/// Amount cells of a row, keyed by column key, in column order.
pub type Values = Vec<(String, String)>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub code: Option<String>,
    pub name: Option<String>,
    /// `income` / `expenditure` in two-sided tables, else null.
    pub side: Option<String>,
    /// A budget unit's own code (单位编码), when the row carries one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit_code: Option<String>,
    /// Text cells other than code and name (单位名称, 项目内容, 绩效指标 …),
    /// keyed like the columns.
    #[serde(skip_serializing_if = "Vec::is_empty", default, with = "ordered_map")]
    pub texts: Values,
    #[serde(with = "ordered_map")]
    pub values: Values,
    /// Amount columns whose printed cell is not a readable amount (an OCR
    /// misread): the value is unknown, not blank.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub unread: Vec<String>,
    /// The printed text of each `unread` cell, keyed like it (internal: the
    /// arithmetic choice among readings, `reconcile::readings`, starts from it).
    #[serde(skip)]
    pub readings: Values,
    /// 1-based page the row was printed on.
    pub page: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub id: String,
    pub template: Option<String>,
    pub title: Option<String>,
    pub match_score: f64,
    pub pages: Vec<u32>,
    pub unit: Option<String>,
    pub scale: Option<String>,
    pub empty: bool,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FactSource {
    Table {
        table: String,
        row: String,
        column: String,
    },
    Text {
        quote: String,
        #[serde(skip_serializing_if = "Option::is_none", default)]
        page: Option<u32>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    pub key: String,
    pub value: String,
    pub unit: String,
    /// Value in 元 (exact), null for head counts.
    pub yuan: Option<String>,
    pub sources: Vec<FactSource>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Pass,
    Rounding,
    Fail,
    Skip,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckRow {
    pub code: Option<String>,
    pub name: Option<String>,
}

/// A cell a failing check points at as the likely culprit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellRef {
    pub table: String,
    pub row: CheckRow,
    pub column: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub rule: String,
    pub table: Option<String>,
    pub template: Option<String>,
    pub row: Option<CheckRow>,
    pub column: Option<String>,
    pub expected: Option<String>,
    pub actual: Option<String>,
    pub status: CheckStatus,
    pub message: String,
    /// Page of the row the check is about.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub page: Option<u32>,
    /// The cell most likely wrong, then other candidates (failing checks only).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub blame: Vec<CellRef>,
    /// The message in both languages (`message` is one of them, chosen by
    /// `--lang`), so a report or merge can give the other.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub wording: Option<crate::messages::Text>,
}

impl Check {
    /// Set the message from its two wordings (`message` in Chinese until
    /// [`Check::localise`] picks a language).
    pub fn set_message(&mut self, t: crate::messages::Text) {
        self.message = t.zh.clone();
        self.wording = Some(t);
    }

    /// Append to the message in both languages.
    pub fn append_message(&mut self, t: &crate::messages::Text) {
        let Some(w) = self.wording.as_mut() else {
            self.message.push_str(&t.zh);
            return;
        };
        // After `localise` the wording of the message's language is empty.
        self.message
            .push_str(if w.en.is_empty() && !w.zh.is_empty() {
                &t.en
            } else {
                &t.zh
            });
        if !w.zh.is_empty() {
            w.zh.push_str(&t.zh);
        }
        if !w.en.is_empty() {
            w.en.push_str(&t.en);
        }
    }

    /// Give the message in `lang`, keeping the other wording in `wording`
    /// (the one `message` holds is left out of it, so the JSON carries
    /// each wording once). A check without wordings, as written by an
    /// older version, keeps its message.
    pub fn localise(&mut self, lang: crate::messages::Lang) {
        use crate::messages::Lang;
        let Some(w) = self.wording.as_mut() else {
            return;
        };
        if w.zh.is_empty() {
            w.zh = std::mem::take(&mut self.message);
        } else if w.en.is_empty() {
            w.en = std::mem::take(&mut self.message);
        }
        self.message = match lang {
            Lang::Zh => std::mem::take(&mut w.zh),
            Lang::En => std::mem::take(&mut w.en),
        };
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Summary {
    pub tables: usize,
    pub recognised: usize,
    pub checks_pass: usize,
    pub checks_rounding: usize,
    pub checks_fail: usize,
    #[serde(default)]
    pub checks_skip: usize,
}

/// Serialise `Vec<(String, String)>` as a JSON object, keeping order.
mod ordered_map {
    use serde::de::{MapAccess, Visitor};
    use serde::ser::SerializeMap;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[(String, String)], s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(v.len()))?;
        for (k, val) in v {
            m.serialize_entry(k, val)?;
        }
        m.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, String)>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Vec<(String, String)>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = a.next_entry::<String, String>()? {
                    out.push((k, v));
                }
                Ok(out)
            }
        }
        d.deserialize_map(V)
    }
}
