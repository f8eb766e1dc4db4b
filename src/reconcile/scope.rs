//! Fund scope: what money a table covers. `all` (every source) ⊇ `fiscal`
//! (财政拨款) ⊇ `general_budget` / `gov_fund` / `state_capital`. Two tables
//! of different scope print the same figure only when the document's income
//! makes the scopes coincide (a department funded only by 一般公共预算), which
//! the 收支总表's income rows (or the 收入总表's 合计 row) tell.

use super::cells;
use super::tolerance::Settings;
use super::vocab::vocab;
use crate::model::Table;

/// Whether two scopes print the same figures in this document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coincide {
    /// Same scope, or the document's income shows they coincide: compare.
    Yes,
    /// The document shows other money: the figures legitimately differ.
    No,
    /// Cannot tell: equal figures pass, different ones are skipped.
    Unknown,
}

/// What the document's income shows.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocScope {
    /// Some(true): all income is 财政拨款; Some(false): some is not.
    pub fiscal_only: Option<bool>,
    /// Some(true): all 财政拨款 is 一般公共预算; Some(false): some is not.
    pub general_only: Option<bool>,
}

/// The scope a template covers by default (`expenditure_summary` → `all`).
pub fn template_scope(template: &str) -> Option<String> {
    vocab().scope.template_default.get(template).cloned()
}

pub fn table_scope(t: &Table) -> Option<String> {
    let sv = &vocab().scope;
    let by_default = t
        .template
        .as_deref()
        .and_then(|k| sv.template_default.get(k))
        .cloned();
    // A title narrower than the template's default (一般公共预算安排项目支出表) wins.
    if let Some(title) = t.title.as_deref() {
        for (word, scope) in &sv.title_keywords {
            if title.contains(word.as_str())
                && narrower(scope, by_default.as_deref().unwrap_or("all"))
            {
                return Some(scope.clone());
            }
        }
    }
    by_default
}

fn rank(scope: &str) -> u8 {
    match scope {
        "all" => 0,
        "fiscal" => 1,
        "unknown" => 3,
        _ => 2,
    }
}

fn narrower(a: &str, b: &str) -> bool {
    rank(a) > rank(b)
}

pub fn coincide(a: &str, b: &str, doc: DocScope) -> Coincide {
    if a == "unknown" || b == "unknown" {
        return Coincide::Unknown;
    }
    if a == b {
        return Coincide::Yes;
    }
    let (wide, narrow) = if rank(a) <= rank(b) { (a, b) } else { (b, a) };
    if rank(wide) == rank(narrow) {
        // general_budget vs gov_fund: disjoint money.
        return Coincide::No;
    }
    let fiscal_ok = match wide {
        "all" => doc.fiscal_only,
        _ => Some(true),
    };
    let narrow_ok = match narrow {
        "fiscal" => Some(true),
        "general_budget" => doc.general_only,
        _ => Some(false),
    };
    match (fiscal_ok, narrow_ok) {
        (Some(true), Some(true)) => Coincide::Yes,
        (Some(false), _) | (_, Some(false)) => Coincide::No,
        _ => Coincide::Unknown,
    }
}

/// Read the document's scope from the 收支总表's income side (rows above
/// 本年收入合计; carried-in money of unknown kind leaves it unknown).
pub fn doc_scope(tables: &[Table], s: &Settings) -> DocScope {
    let v = vocab();
    let Some(t) = tables
        .iter()
        .find(|t| t.template.as_deref() == Some("revenue_expenditure_summary"))
    else {
        return DocScope::default();
    };
    let mut fiscal_only = true;
    let mut general_only = true;
    let mut general_unknown = false;
    let mut unknown = false;
    let mut seen_current = false;
    let mut any = false;
    for r in t
        .rows
        .iter()
        .filter(|r| r.side.as_deref() == Some("income"))
    {
        if cells::is_sub_item(r) || cells::is_total_row(r) {
            continue;
        }
        if cells::name_in(r, &v.two_sided.income_total) {
            break;
        }
        if cells::name_in(r, &v.two_sided.income_current) {
            seen_current = true;
            continue;
        }
        let nonzero = r
            .values
            .iter()
            .any(|(k, _)| cells::amount(r, k, s).is_some_and(|a| !a.value.is_zero()));
        if !nonzero {
            continue;
        }
        any = true;
        if seen_current {
            // Carried-in money (上年结转): its kind is not printed reliably.
            unknown = true;
            continue;
        }
        let name = r.name.as_deref().unwrap_or("");
        match v
            .scope
            .income_keywords
            .iter()
            .find(|(w, _)| name.contains(w.as_str()))
            .map(|(_, sc)| sc.as_str())
        {
            Some("general_budget") => {}
            // 财政拨款 without its fund: general budget or not, cannot tell.
            Some("fiscal") => general_unknown = true,
            Some(_) => general_only = false,
            None => fiscal_only = false,
        }
    }
    if !any {
        return DocScope::default();
    }
    let known = |b: bool| if unknown && b { None } else { Some(b) };
    let general = if general_unknown && general_only {
        None
    } else {
        known(general_only)
    };
    DocScope {
        fiscal_only: known(fiscal_only),
        general_only: general,
    }
}
