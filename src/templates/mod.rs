//! Template matching: which standard table each [`RawTable`] is, what each
//! column means, and the canonical rows (codes, names, sides, amounts).
//! The catalog is data (`data/catalog.json`), loaded once.
//!
//! One table goes through named steps, each in its own file:
//! [`matcher`] (title, else header row → template and score) →
//! [`columns`] (header paths → key and role per column) → [`sides`]
//! (two-sided and side-by-side tables → segments) → [`rows`] (cells →
//! code, name, texts, amounts) → [`placement`] (packed amounts → columns by
//! the table's arithmetic) → [`units`] and [`empty`].

use crate::model::{LaidOut, Placement, RawTable, Table};

pub mod catalog;
pub mod columns;
pub mod empty;
pub mod matcher;
pub mod placement;
pub mod rows;
pub mod sides;
pub mod sums;
pub mod units;

use catalog::{Catalog, catalog};
use columns::Role;
use rows::Draft;

/// Tolerances and thresholds of template matching, in one place.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Lowest title score accepted as a match (normalised Levenshtein; an
    /// identical normalised title scores 1, a contained catalog title ≥ 0.8).
    pub min_title_score: f64,
    /// Score given to a table recognised by its header row only.
    pub header_match_score: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            min_title_score: 0.72,
            header_match_score: 0.6,
        }
    }
}

/// Canonical tables (ids `t1`, `t2`, … in document order) and warnings.
pub fn canonicalize(laid: &LaidOut) -> (Vec<Table>, Vec<String>) {
    canonicalize_with(laid, &Settings::default())
}

/// [`canonicalize`] with explicit settings.
pub fn canonicalize_with(laid: &LaidOut, settings: &Settings) -> (Vec<Table>, Vec<String>) {
    let cat = catalog();
    let doc_final = laid
        .tables
        .iter()
        .any(|t| t.title.as_deref().is_some_and(|x| x.contains("决算")));
    let mut warnings = Vec::new();
    let mut tables: Vec<Table> = laid
        .tables
        .iter()
        .enumerate()
        .map(|(i, raw)| table(raw, i + 1, cat, settings, doc_final, &mut warnings))
        .collect();
    unit_from_page_prose(&mut tables, laid);
    (tables, warnings)
}

/// A table whose caption did not reach it (layout left the `单位：万元` line
/// in the prose) takes the unit of a short caption-like prose line on its
/// first page, when that page declares exactly one unit.
fn unit_from_page_prose(tables: &mut [Table], laid: &LaidOut) {
    for t in tables.iter_mut().filter(|t| t.unit.is_none()) {
        let Some(&page) = t.pages.first() else {
            continue;
        };
        let mut found: Vec<(String, String)> = laid
            .prose
            .iter()
            .filter(|l| l.page == page && l.text.chars().count() <= 60)
            .filter_map(|l| units::detect(std::slice::from_ref(&l.text), None, &[]))
            .collect();
        found.dedup();
        if let [(u, s)] = found.as_slice() {
            t.unit = Some(u.clone());
            t.scale = Some(s.clone());
        }
    }
}

/// Canonicalise one raw table.
pub fn table(
    raw: &RawTable,
    n: usize,
    cat: &Catalog,
    settings: &Settings,
    doc_final: bool,
    warnings: &mut Vec<String>,
) -> Table {
    let title = raw
        .title
        .as_deref()
        .map(rows::clean_label)
        .filter(|t| !t.is_empty());
    let by_title = title
        .as_deref()
        .and_then(|t| matcher::match_title(t, cat, settings));
    let matched = by_title.or_else(|| matcher::match_headers(&raw.columns, cat, settings));
    let template = matched.as_ref().and_then(|m| cat.template(&m.key));
    let label = title.clone().unwrap_or_else(|| {
        format!(
            "t{n} (untitled, page {})",
            raw.pages.first().copied().unwrap_or(0)
        )
    });

    let is_final = title.as_deref().is_some_and(|t| t.contains("决算"))
        || columns::headers_say_final(&raw.columns, cat)
        || (doc_final && title.is_none());
    let holds_codes: Vec<bool> = (0..raw.columns.len())
        .map(|i| {
            columns::cells_are_codes(
                raw.rows
                    .iter()
                    .filter(|r| r.placement == Placement::Aligned)
                    .filter_map(|r| r.cells.get(i).map(String::as_str)),
            )
        })
        .collect();
    // Only aligned rows say a column is blank; a packed row's cells sit in
    // no column.
    let all_aligned = raw.rows.iter().all(|r| r.placement == Placement::Aligned);
    let blank: Vec<bool> = (0..raw.columns.len())
        .map(|i| {
            all_aligned
                && !raw.rows.is_empty()
                && raw
                    .rows
                    .iter()
                    .all(|r| r.cells.get(i).is_none_or(|c| c.trim().is_empty()))
        })
        .collect();
    let holds_text: Vec<bool> = (0..raw.columns.len())
        .map(|i| mostly_text(raw, i))
        .collect();
    let no_number: Vec<bool> = (0..raw.columns.len())
        .map(|i| all_aligned && !raw.rows.is_empty() && prints_no_number(raw, i))
        .collect();
    let shapes = columns::CellShapes {
        codes: &holds_codes,
        text: &holds_text,
        blank: &blank,
        no_number: &no_number,
    };
    let mut plan = columns::plan_with_cells(&raw.columns, &shapes, cat, is_final);
    if template.is_none() {
        // Unrecognised: keep every column, keyed by position.
        for (i, r) in plan.roles.iter_mut().enumerate() {
            if let Role::Amount(_) = r {
                *r = Role::Amount(format!("c{}", i + 1));
            }
        }
    }
    text_for_unknown_columns(&mut plan, raw);
    let two_sided = template.is_some_and(|t| t.two_sided)
        || sides::headers_name_both_sides(&plan.headers, &plan.segments);
    if two_sided {
        let names_expenditure: Vec<bool> = (0..raw.columns.len())
            .map(|i| names_expenditure(raw, i))
            .collect();
        let orphans = sides::orphaned_side_columns(
            &plan.roles,
            &plan.headers,
            &plan.segments,
            &names_expenditure,
        );
        if !orphans.is_empty() {
            let heads: Vec<&str> = orphans
                .iter()
                .filter_map(|&i| plan.headers.get(i).map(String::as_str))
                .collect();
            warnings.push(format!(
                "table {label}: the 支出 side's labels were not read apart from the 收入 side (one label column); its columns {} are left out",
                heads.join(", ")
            ));
            for i in orphans {
                if let Some(r) = plan.roles.get_mut(i) {
                    *r = Role::Ignore;
                }
            }
        }
    }
    let side_names = if two_sided {
        sides::side_names(&plan.headers, &plan.segments)
    } else {
        Vec::new()
    };
    let seg_keys: placement::SegmentKeys = plan
        .segments
        .iter()
        .map(|s| plan.amount_columns(s).into_iter().map(|(_, k)| k).collect())
        .collect();
    let has_code_cols = plan
        .roles
        .iter()
        .any(|r| matches!(r, Role::Code | Role::UnitCode));
    let income_words = ["收入", "结转", "结余", "上年", "拨款"];

    let mut drafts: Vec<Draft> = Vec::new();
    for raw_row in &raw.rows {
        if is_header_echo(&raw_row.cells, &plan.headers)
            || rows::is_column_number_row(&raw_row.cells)
        {
            continue;
        }
        match raw_row.placement {
            Placement::Aligned => {
                let mut line: Vec<Draft> = Vec::new();
                for (s, seg) in plan.segments.iter().enumerate() {
                    let side = side_names.get(s).copied();
                    if let Some(row) =
                        rows::build_aligned(&raw_row.cells, &plan, seg, raw_row.page, side)
                    {
                        for key in &row.unread {
                            let cell = rows::amount_cell(&raw_row.cells, &plan, seg, key);
                            warnings.push(format!(
                                "table {label}: page {}: row {}: column {key}: «{cell}» is not a readable amount; left out",
                                raw_row.page,
                                rows::label_of(&row)
                            ));
                        }
                        line.push(Draft {
                            row,
                            segment: s,
                            packed: None,
                        });
                    }
                }
                if two_sided || plan.segments.len() > 1 {
                    sides::join_spanning_labels(&mut line);
                }
                drafts.extend(line);
            }
            Placement::Packed => {
                let counts: Vec<usize> = seg_keys.iter().map(Vec::len).collect();
                let groups = if plan.segments.len() > 1 {
                    sides::split_packed(
                        &raw_row.cells,
                        |c| {
                            crate::amount::normalize(c).is_none()
                                || rows::is_code_like(c) && !c.contains('.') && has_code_cols
                        },
                        &counts,
                        &income_words,
                    )
                } else {
                    vec![raw_row.cells.clone()]
                };
                for (s, cells) in groups.iter().enumerate() {
                    if cells.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    let Some(seg) = plan.segments.get(s) else {
                        continue;
                    };
                    let side = side_names.get(s).copied();
                    let n_amounts = seg_keys.get(s).map(Vec::len).unwrap_or(0);
                    let (labels, amounts) =
                        rows::split_packed_cells(cells, has_code_cols, n_amounts);
                    let row = rows::assign_labels(&labels, &plan, seg, raw_row.page, side);
                    drafts.push(Draft {
                        row,
                        segment: s,
                        packed: Some(amounts),
                    });
                }
            }
        }
    }
    let relations = template.map(|t| t.relations.clone()).unwrap_or_default();
    let of_which: Vec<Vec<placement::OfWhich>> = plan
        .segments
        .iter()
        .map(|s| {
            let heads: Vec<&str> = plan
                .amount_columns(s)
                .iter()
                .filter_map(|(i, _)| plan.headers.get(*i).map(String::as_str))
                .collect();
            placement::of_which_columns(&heads, cat)
        })
        .collect();
    placement::place(
        &mut drafts,
        &seg_keys,
        &of_which,
        &relations,
        cat,
        &label,
        warnings,
    );

    // Two-sided tables: all income rows, then all expenditure rows; tables
    // printed side by side: the left half, then the right half.
    drafts.sort_by_key(|d| d.segment);
    if two_sided && plan.segments.len() == 1 {
        sides::sides_in_one_column(&mut drafts);
    }
    let mut columns = plan.output_columns();
    let mut rows_out: Vec<crate::model::Row> = drafts.into_iter().map(|d| d.row).collect();
    // Keys placed by packed-row placement that are not printed columns
    // (a parent such as `project`) get a column so the output is complete.
    for r in &rows_out {
        for (k, _) in &r.values {
            if !columns.iter().any(|c| &c.key == k) && !k.is_empty() {
                let header = cat
                    .columns
                    .iter()
                    .find(|c| &c.key == k)
                    .and_then(|c| c.aliases.first().cloned())
                    .unwrap_or_else(|| k.clone());
                columns.push(crate::model::Column {
                    key: k.clone(),
                    header,
                });
            }
        }
    }
    rows_out.retain(|r| {
        r.code.is_some()
            || r.name.is_some()
            || r.unit_code.is_some()
            || !r.texts.is_empty()
            || !r.values.is_empty()
    });

    let (unit, scale) = match units::detect(&raw.caption, raw.title.as_deref(), &raw.columns) {
        Some((u, s)) => (Some(u), Some(s)),
        None => (None, None),
    };
    let has_amounts = plan.roles.iter().any(Role::is_amount);
    let empty = empty::is_empty(&rows_out, has_amounts);
    if !empty
        && empty::note_says_empty(&raw.notes, &cat.empty_phrases)
        && empty::has_nonzero(&rows_out)
    {
        warnings.push(format!(
            "table {label}: a note says the table is empty but it prints non-zero amounts"
        ));
    }
    Table {
        id: format!("t{n}"),
        template: matched.as_ref().map(|m| m.key.clone()),
        title,
        match_score: matched
            .as_ref()
            .map(|m| (m.score * 1000.0).round() / 1000.0)
            .unwrap_or(0.0),
        pages: raw.pages.clone(),
        unit,
        scale,
        empty,
        columns,
        rows: rows_out,
        notes: raw.notes.clone(),
    }
}

/// A column nothing in the catalog names (`c3`) holds text when most of its
/// aligned cells are not amounts (单位性质, 经费保障形式 …): keep them as texts.
fn text_for_unknown_columns(plan: &mut columns::ColumnPlan, raw: &RawTable) {
    for (i, role) in plan.roles.iter_mut().enumerate() {
        let Role::Amount(k) = role else { continue };
        if *k != format!("c{}", i + 1) {
            continue;
        }
        if mostly_text(raw, i) {
            *role = Role::Text(k.clone());
        }
    }
}

/// Do words outnumber amounts among column `i`'s filled aligned cells?
/// Does column `i` print no number (its cells blank, `无`, `-`)?
fn prints_no_number(raw: &RawTable, i: usize) -> bool {
    raw.rows
        .iter()
        .filter(|r| r.placement == Placement::Aligned)
        .filter_map(|r| r.cells.get(i).map(|c| c.trim()))
        .all(|c| !c.chars().any(|ch| ch.is_ascii_digit()) || crate::amount::normalize(c).is_none())
}

/// Does some aligned cell of column `i` name a 支出 line (支出 without
/// 收入)? The other side's labels of a two-sided table.
fn names_expenditure(raw: &RawTable, i: usize) -> bool {
    raw.rows
        .iter()
        .filter(|r| r.placement == Placement::Aligned)
        .filter_map(|r| r.cells.get(i))
        .any(|c| c.contains("支出") && !c.contains("收入"))
}

fn mostly_text(raw: &RawTable, i: usize) -> bool {
    let (mut text, mut num) = (0, 0);
    for r in raw
        .rows
        .iter()
        .filter(|r| r.placement == Placement::Aligned)
    {
        match r.cells.get(i).map(|c| c.trim()) {
            Some("") | None => {}
            Some(c)
                if crate::amount::normalize(c).is_some() || crate::amount::is_placeholder(c) =>
            {
                num += 1
            }
            Some(_) => text += 1,
        }
    }
    text > num
}

/// A header repeated on a continuation page, or the 栏次 line of column
/// numbers, is not a data row.
fn is_header_echo(cells: &[String], headers: &[String]) -> bool {
    let non_empty: Vec<String> = cells
        .iter()
        .map(|c| rows::clean_label(c))
        .filter(|c| !c.is_empty())
        .collect();
    if non_empty.is_empty() {
        return false;
    }
    if non_empty.iter().any(|c| c == "栏次") {
        return true;
    }
    let leaf = |h: &String| rows::clean_label(h.rsplit('/').next().unwrap_or(h));
    let leaves: Vec<String> = headers.iter().map(leaf).collect();
    let hits = non_empty
        .iter()
        .filter(|c| leaves.iter().any(|l| l == *c) && crate::amount::normalize(c).is_none())
        .count();
    hits * 2 > non_empty.len() && hits >= 2
}

#[cfg(test)]
mod tests;
