//! Across documents: checks that need two documents of one department
//! (rule `year_over_year`, [`year_over_year`]), run after every document
//! of a batch is processed.
//!
//! The pass is pure ([`year_over_year::checks`]: linked documents in,
//! checks out); [`apply`] puts its checks into the written JSONs: a JSON's
//! `year_over_year` checks are replaced by the ones computed now (and its
//! summary counts adjusted), atomically, and only when they differ. So the
//! pass is idempotent, and a run, a `--resume`, and shards merged with
//! `yusuan merge` (which reruns the pass over all documents) end with the
//! same files.

pub mod messages;
pub mod spool;
pub mod year_over_year;

pub use spool::LinkSpool;

use crate::model::{CanonicalDocument, Check, CheckStatus, Summary, YearChange};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::LazyLock;
use year_over_year::Figure;

#[derive(Debug, Deserialize)]
pub struct Rules {
    pub initial_budget_suffix: String,
    pub opening_fact: String,
    pub closing_rows: Vec<String>,
    pub closing_templates: Vec<String>,
    pub carry_over_kinds: Vec<String>,
}

static RULES: LazyLock<Rules> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../data/year_over_year.json"))
        .expect("data/year_over_year.json is valid")
});

pub fn rules() -> &'static Rules {
    &RULES
}

/// What the pass needs of one document (a batch spools one per document:
/// [`LinkSpool`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Linked {
    /// The output's id (`<id>.json`).
    pub id: String,
    /// The input's file name, as messages name it.
    pub file: String,
    pub key: String,
    pub year: i32,
    pub kind: String,
    pub scope: Option<String>,
    /// (key, value as printed, unit) of every fact with a value in 元.
    pub facts: Vec<(String, String, String)>,
    pub changes: Vec<YearChange>,
    /// 年末结转和结余 of the 收支总表, when printed.
    pub closing: Option<Figure>,
    /// A digest of the `year_over_year` checks the JSON holds now ([`digest`];
    /// `None` without any): the checks themselves name every disagreeing
    /// document of the department, so a department's documents holding them
    /// together grew with the square of its size.
    pub existing: Option<String>,
}

impl Linked {
    /// `None` for a document without department key, year or kind: it
    /// cannot be linked (and gets no check and no warning).
    pub fn of(id: &str, doc: &CanonicalDocument) -> Option<Linked> {
        let d = &doc.document;
        let existing: Vec<&Check> = doc
            .checks
            .iter()
            .filter(|c| c.rule == year_over_year::RULE)
            .collect();
        let existing = digest(&existing);
        Some(Linked {
            id: id.to_string(),
            file: file_name(&doc.source.path),
            key: d.department_key.clone()?,
            year: d.year?,
            kind: d.kind.clone()?,
            scope: d.scope.clone(),
            facts: doc
                .facts
                .iter()
                .filter(|f| f.yuan.is_some())
                .map(|f| (f.key.clone(), f.value.clone(), f.unit.clone()))
                .collect(),
            changes: doc.year_changes.clone(),
            closing: closing(doc),
            existing,
        })
    }

    /// A fact as a printed figure; `None` when absent or not an amount.
    pub fn fact(&self, key: &str) -> Option<Figure> {
        let (_, v, u) = self.facts.iter().find(|(k, _, _)| k == key)?;
        Figure::printed(v, u)
    }
}

fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_string()
}

fn norm(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .skip_while(|c| "一二三四五六七八九十、.(（）)".contains(*c))
        .collect()
}

/// The 年末结转和结余 of the 收支总表's expenditure side: one figure only.
fn closing(doc: &CanonicalDocument) -> Option<Figure> {
    let r = rules();
    let mut found: Vec<Figure> = Vec::new();
    for t in doc.tables.iter().filter(|t| {
        t.template
            .as_ref()
            .is_some_and(|k| r.closing_templates.contains(k))
    }) {
        let (Some(scale), Some(unit)) = (t.scale.as_deref(), t.unit.as_deref()) else {
            continue;
        };
        let _ = scale;
        for row in &t.rows {
            if row.side.as_deref() == Some("income") {
                continue;
            }
            let Some(name) = row.name.as_deref() else {
                continue;
            };
            if !r.closing_rows.contains(&norm(name)) {
                continue;
            }
            if let Some((_, v)) = row.values.iter().find(|(k, _)| k == "total")
                && let Some(f) = Figure::printed(v, unit)
            {
                found.push(f);
            }
        }
    }
    let first = found.first()?.clone();
    found.iter().all(|f| f.yuan == first.yuan).then_some(first)
}

/// Replace the `year_over_year` checks of `doc` by `new` and adjust its
/// summary counts.
pub fn replace_checks(doc: &mut CanonicalDocument, new: &[Check]) {
    doc.checks.retain(|c| c.rule != year_over_year::RULE);
    doc.checks.extend(new.iter().cloned());
    recount(&mut doc.summary, &doc.checks);
}

fn recount(s: &mut Summary, checks: &[Check]) {
    let n = |st: CheckStatus| checks.iter().filter(|c| c.status == st).count();
    s.checks_pass = n(CheckStatus::Pass);
    s.checks_rounding = n(CheckStatus::Rounding);
    s.checks_fail = n(CheckStatus::Fail);
    s.checks_skip = n(CheckStatus::Skip);
}

/// A digest of `checks` (SHA-256 of their JSON), `None` for none: what
/// [`Linked`] keeps of a JSON's checks to tell whether they change.
pub fn digest<C: Serialize>(checks: &[C]) -> Option<String> {
    if checks.is_empty() {
        return None;
    }
    let json = serde_json::to_vec(checks).expect("checks always serialise");
    Some(crate::input::sha256_hex(&json))
}

/// Told of every JSON the pass rewrites, as it was and as it is written
/// (a batch's report follows the documents that change instead of reading
/// every JSON again).
pub trait Rewrites {
    fn before(&mut self, id: &str, doc: &CanonicalDocument);
    fn after(&mut self, id: &str, doc: &CanonicalDocument);
}

/// Nobody to tell.
impl Rewrites for () {
    fn before(&mut self, _: &str, _: &CanonicalDocument) {}
    fn after(&mut self, _: &str, _: &CanonicalDocument) {}
}

/// Run the pass over `linked` (the documents of `out`) and rewrite every
/// JSON of `out` whose `year_over_year` checks change, telling `rewrites`.
/// Returns whether any JSON was rewritten. The checks are computed one
/// document at a time and dropped once written, so memory holds one
/// department's linked documents and one document's checks, whatever the
/// size of the batch.
pub fn apply(
    out: &Path,
    linked: &[Linked],
    lang: crate::messages::Lang,
    rewrites: &mut dyn Rewrites,
) -> std::io::Result<bool> {
    let mut changed = false;
    for group in year_over_year::departments(linked) {
        for l in &group {
            let mut new = year_over_year::checks_of(l, &group);
            // In the run's language, as the JSONs hold their checks.
            for c in &mut new {
                c.localise(lang);
            }
            if digest(&new) == l.existing {
                continue;
            }
            let path = out.join(format!("{}.json", l.id));
            let bytes = std::fs::read(&path)?;
            let mut doc: CanonicalDocument = serde_json::from_slice(&bytes)
                .map_err(|e| std::io::Error::other(format!("{}.json: {e}", l.id)))?;
            drop(bytes);
            rewrites.before(&l.id, &doc);
            replace_checks(&mut doc, &new);
            crate::output::write_atomic(&path, crate::output::to_json(&doc).as_bytes())?;
            rewrites.after(&l.id, &doc);
            changed = true;
        }
    }
    Ok(changed)
}

/// Whether two JSONs of one document differ in more than their
/// `year_over_year` checks (a shard's JSON against one a merge rewrote).
pub fn same_but_year_over_year(a: &[u8], b: &[u8]) -> bool {
    let parse = |x: &[u8]| -> Option<CanonicalDocument> {
        let mut d: CanonicalDocument = serde_json::from_slice(x).ok()?;
        replace_checks(&mut d, &[]);
        Some(d)
    };
    match (parse(a), parse(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}
