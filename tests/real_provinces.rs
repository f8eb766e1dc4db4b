//! The fifteen real disclosures from other provinces (`../shared/real_provinces`,
//! see MANIFEST.md there), run in place through the whole pipeline, against
//! the truth read by hand from each PDF (tests/real_provinces_expectations.json,
//! and tests/real_provinces_heldout_expectations.json for the four documents
//! held out from fixing; nothing in them comes from yusuan):
//! - every output validates against the schema;
//! - department, year, kind and unit are what the document prints;
//! - every standard table the document prints is found with its catalog
//!   template on its page, and no other table is given a template (the
//!   standard tables the catalog has no key for are listed under
//!   `uncatalogued`: they get none until the catalog has one);
//! - a table printed empty is emitted `empty`;
//! - every verified value is in its table (template, row code or name, side,
//!   column key) and, where it is a key figure, in `facts` (compared in yuan);
//! - the transcribed tables: every printed amount cell is found in its row and
//!   column, and none is wrong (a wrong value is worse than a missing one);
//! - every failing check is listed under `failing_checks` with the reason it
//!   is a real inconsistency of the document (the list is filled as the fixes
//!   land; an expected failing check that is gone is reported too).
//!
//! All mismatches are printed at once, grouped by document, before the test
//! fails, so that what is left to do is seen in one run.
//!
//! This is the target of issue 10: today's pipeline misses much of it, so the
//! test is ignored in the default run. Run it with
//! `cargo test --release --test real_provinces -- --ignored`.
//! `scripts/score_real_provinces.py` scores an output folder against the same
//! file (the accuracy numbers of ACCURACY.md).
//!
//! The directory is `CARGO_MANIFEST_DIR/../shared/real_provinces`, or
//! `$YUSUAN_REAL_PROVINCES_DIR` when the repository is checked out elsewhere.

mod common;

use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

fn real_dir() -> PathBuf {
    std::env::var_os("YUSUAN_REAL_PROVINCES_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::shared().join("real_provinces"))
}

/// The truth of the eleven documents, and of the four held out from fixing
/// (tests/real_provinces_heldout_expectations.json) when that file is present.
fn expectations() -> serde_json::Map<String, Value> {
    let mut docs = serde_json::Map::new();
    for (name, required) in [
        ("tests/real_provinces_expectations.json", true),
        ("tests/real_provinces_heldout_expectations.json", false),
    ] {
        let path = common::repo().join(name);
        let Ok(text) = std::fs::read_to_string(&path) else {
            assert!(!required, "{name} is missing");
            continue;
        };
        let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        docs.extend(v["documents"].as_object().cloned().unwrap_or_default());
    }
    docs
}

use common::text;

/// A decimal string as (mantissa, decimals): "2,081.40" → (208140, 2).
fn decimal(s: &str) -> Option<(i128, u32)> {
    let s: String = s.chars().filter(|c| *c != ',').collect();
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, s),
    };
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let digits = format!("{int}{frac}");
    let m: i128 = digits.parse().ok()?;
    Some((if neg { -m } else { m }, frac.len() as u32))
}

/// The factor to yuan of a unit as printed.
fn unit_scale(unit: &str) -> i128 {
    match unit {
        "万元" => 10_000,
        "千元" => 1_000,
        "亿元" => 100_000_000,
        _ => 1,
    }
}

/// Two amounts, each in its unit, are the same number of yuan.
fn same_yuan(a: &str, a_scale: i128, b: &str, b_scale: i128) -> bool {
    match (decimal(a), decimal(b)) {
        (Some((ma, da)), Some((mb, db))) => {
            ma * a_scale * 10i128.pow(db) == mb * b_scale * 10i128.pow(da)
        }
        _ => false,
    }
}

fn pages_of(t: &Value) -> Vec<u64> {
    t["pages"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default()
}

/// The pages of an expected table: its `pages`, or its first `page` where
/// the expectation gives only that (as scripts/score_real_provinces.py reads
/// it; a table moved from `uncatalogued` carries no `pages`).
fn expected_pages(want: &Value) -> Vec<u64> {
    let pages = pages_of(want);
    if pages.is_empty() {
        want["page"].as_u64().into_iter().collect()
    } else {
        pages
    }
}

/// The output tables of a template that overlap the given pages (all of the
/// template when none does: a table found on a neighbouring page still
/// holds its values).
fn tables_for<'a>(doc: &'a Value, template: &Value, pages: &[u64]) -> Vec<&'a Value> {
    let all: Vec<&Value> = doc["tables"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| &t["template"] == template)
        .collect();
    let near: Vec<&Value> = all
        .iter()
        .copied()
        .filter(|t| pages_of(t).iter().any(|p| pages.contains(p)))
        .collect();
    if near.is_empty() { all } else { near }
}

/// The row key of a truth cell or value (code when printed, else the name;
/// with the side of a two-sided table).
fn want_key(c: &Value) -> String {
    common::row_key(&c["code"], &c["name"], &c["side"])
}

/// Every value printed in the given tables under (row key, column).
fn cells_of(tables: &[&Value]) -> HashMap<(String, String), Vec<String>> {
    let mut out: HashMap<(String, String), Vec<String>> = HashMap::new();
    for t in tables {
        for r in t["rows"].as_array().into_iter().flatten() {
            let k = common::row_key(&r["code"], &r["name"], &r["side"]);
            for (col, v) in r["values"].as_object().into_iter().flatten() {
                out.entry((k.clone(), col.clone()))
                    .or_default()
                    .push(v.as_str().unwrap_or_default().to_string());
            }
        }
    }
    out
}

/// Metadata: what the document prints (department null = not printed).
fn check_metadata(doc: &Value, exp: &Value, out: &mut Vec<String>) {
    // `scope` (department | unit) is checked where the expectation states
    // it; `coverage` (本级/汇总 printed after the name) always.
    for key in ["department", "coverage", "year", "kind", "unit", "scope"] {
        if key == "scope" && exp["document"].get(key).is_none() {
            continue;
        }
        let want = &exp["document"][key];
        let got = &doc["document"][key];
        if want != got {
            out.push(format!(
                "document.{key}: expected {}, got {}",
                text(want),
                text(got)
            ));
        }
    }
}

/// Tables: each expected one found with its template on its pages (each
/// output table answers one expected table); no other table recognised.
fn check_tables(doc: &Value, exp: &Value, out: &mut Vec<String>) {
    let tables: Vec<&Value> = doc["tables"].as_array().into_iter().flatten().collect();
    let mut used = vec![false; tables.len()];
    for want in exp["tables"].as_array().into_iter().flatten() {
        let pages = expected_pages(want);
        let hit = tables.iter().enumerate().position(|(i, t)| {
            !used[i]
                && t["template"] == want["template"]
                && pages_of(t).iter().any(|p| pages.contains(p))
        });
        match hit {
            Some(i) => used[i] = true,
            None => {
                let there: Vec<String> = tables
                    .iter()
                    .filter(|t| pages_of(t).contains(&want["page"].as_u64().unwrap_or(0)))
                    .map(|t| {
                        format!(
                            "{} “{}” template {}",
                            text(&t["id"]),
                            text(&t["title"]),
                            text(&t["template"])
                        )
                    })
                    .collect();
                out.push(format!(
                    "table “{}” (p.{}) not found as {}; on that page: {}",
                    text(&want["title"]),
                    text(&want["page"]),
                    text(&want["template"]),
                    if there.is_empty() {
                        "no table".to_string()
                    } else {
                        there.join("; ")
                    }
                ));
            }
        }
    }
    // A table given a template the document does not print there: a wrong
    // template, or a piece of a table split in two.
    for (i, t) in tables.iter().enumerate() {
        if used[i] || t["template"].is_null() {
            continue;
        }
        let uncatalogued = exp["uncatalogued"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|u| {
                let mut ps = pages_of(u);
                ps.extend(u["page"].as_u64());
                ps.iter().any(|p| pages_of(t).contains(p))
            });
        if let Some(u) = uncatalogued {
            out.push(format!(
                "table {} “{}” (pages {:?}) is recognised as {}, but it is “{}”, which the catalog has no key for",
                text(&t["id"]),
                text(&t["title"]),
                pages_of(t),
                text(&t["template"]),
                text(&u["title"])
            ));
            continue;
        }
        let same_tpl_expected = exp["tables"].as_array().into_iter().flatten().any(|w| {
            w["template"] == t["template"]
                && expected_pages(w).iter().any(|p| pages_of(t).contains(p))
        });
        out.push(format!(
            "table {} “{}” (pages {:?}) is recognised as {}{}",
            text(&t["id"]),
            text(&t["title"]),
            pages_of(t),
            text(&t["template"]),
            if same_tpl_expected {
                ", a second piece of a table found already (one table split in two)"
            } else {
                ", which the document does not print there"
            }
        ));
    }
    // Tables printed empty.
    for e in exp["empty_tables"].as_array().into_iter().flatten() {
        let page = e["page"].as_u64().unwrap_or(0);
        let Some(want) = exp["tables"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|w| w["page"].as_u64() == Some(page) && w["title"] == e["title"])
        else {
            continue;
        };
        let got = tables_for(doc, &want["template"], &[page]);
        if got.first().is_some_and(|t| t["empty"] != Value::Bool(true)) {
            out.push(format!(
                "table “{}” (p.{page}) is printed empty ({}) but is not emitted empty",
                text(&e["title"]),
                text(&e["what"])
            ));
        }
    }
}

/// The column an expectation's key names in a table printing its columns
/// once per year (重庆, 烟台 三公: `2025年预算数/合计` keyed `total`,
/// `2026年预算数/合计` keyed `total_2`): the twin under the document's year.
/// The key itself where no twin's header begins with that year.
fn year_twin(table: &Value, key: &str, year: &Value) -> String {
    let Some(year) = year.as_u64() else {
        return key.to_string();
    };
    let this_year = format!("{year}年");
    let columns: Vec<&Value> = table["columns"].as_array().into_iter().flatten().collect();
    let header = |k: &str| {
        columns
            .iter()
            .find(|c| c["key"] == k)
            .and_then(|c| c["header"].as_str())
            .unwrap_or_default()
            .to_string()
    };
    if header(key).starts_with(&this_year) {
        return key.to_string();
    }
    columns
        .iter()
        .filter_map(|c| c["key"].as_str())
        .find(|k| {
            k.strip_prefix(key)
                .and_then(|r| r.strip_prefix('_'))
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                && header(k).starts_with(&this_year)
        })
        .unwrap_or(key)
        .to_string()
}

/// Verified values: the cell in its table, and the fact.
fn check_values(doc: &Value, exp: &Value, out: &mut Vec<String>) {
    let facts: Vec<&Value> = doc["facts"].as_array().into_iter().flatten().collect();
    for v in exp["values"].as_array().into_iter().flatten() {
        let value = v["value"].as_str().unwrap_or_default();
        let unit = v["unit"].as_str().unwrap_or("万元");
        let page = v["page"].as_u64().unwrap_or(0);
        let what = format!(
            "{} “{}”{} {} = {} (p.{page})",
            text(&v["template"]),
            text(&v["name"]),
            v["side"]
                .as_str()
                .map(|s| format!(" [{s}]"))
                .unwrap_or_default(),
            text(&v["column"]),
            value
        );
        if !v["template"].is_null() && !v["column"].is_null() {
            let tables = tables_for(doc, &v["template"], &[page]);
            if tables.is_empty() {
                out.push(format!("value {what}: no table {}", text(&v["template"])));
            } else {
                let col = v["column"].as_str().unwrap_or_default();
                let got: Vec<String> = if v["name"].is_null() && v["code"].is_null() {
                    // The table's single value row (a “三公” table with its items as columns).
                    tables
                        .iter()
                        .flat_map(|t| {
                            let col = year_twin(t, col, &doc["document"]["year"]);
                            t["rows"]
                                .as_array()
                                .into_iter()
                                .flatten()
                                .filter_map(move |r| r["values"][&col].as_str().map(str::to_string))
                        })
                        .collect()
                } else {
                    tables
                        .iter()
                        .flat_map(|t| {
                            let col = year_twin(t, col, &doc["document"]["year"]);
                            cells_of(&[t])
                                .remove(&(want_key(v), col))
                                .unwrap_or_default()
                        })
                        .collect()
                };
                if !got.iter().any(|g| g == value) {
                    out.push(if got.is_empty() {
                        format!("value {what}: not in the table")
                    } else {
                        format!("value {what}: the table gives {got:?}")
                    });
                }
            }
        }
        if let Some(key) = v["fact"].as_str() {
            let same: Vec<&&Value> = facts
                .iter()
                .filter(|f| f["key"].as_str() == Some(key))
                .collect();
            let right = same.iter().any(|f| {
                same_yuan(
                    f["value"].as_str().unwrap_or_default(),
                    unit_scale(f["unit"].as_str().unwrap_or("")),
                    value,
                    unit_scale(unit),
                )
            });
            if !right {
                out.push(match same.first() {
                    None => format!("fact {key} = {value} {unit} (p.{page}) is missing"),
                    Some(f) => format!(
                        "fact {key} = {value} {unit} (p.{page}): got {} {}",
                        text(&f["value"]),
                        text(&f["unit"])
                    ),
                });
            }
        }
    }
}

/// Transcribed tables: (cells, found right) and the problems.
fn check_transcriptions(doc: &Value, exp: &Value, out: &mut Vec<String>) -> (usize, usize) {
    let (mut cells, mut right) = (0, 0);
    for tr in exp["transcriptions"].as_array().into_iter().flatten() {
        let pages = pages_of(tr);
        let want: Vec<&Value> = tr["cells"].as_array().into_iter().flatten().collect();
        cells += want.len();
        let tables = tables_for(doc, &tr["template"], &pages);
        if tables.is_empty() {
            out.push(format!(
                "transcription “{}” (pp.{pages:?}): no table {} ({} cells missing)",
                text(&tr["title"]),
                text(&tr["template"]),
                want.len()
            ));
            continue;
        }
        let got = cells_of(&tables);
        let (mut found, mut missing, mut wrong) = (0, Vec::new(), Vec::new());
        for c in &want {
            let k = (
                want_key(c),
                c["column"].as_str().unwrap_or_default().to_string(),
            );
            let value = c["value"].as_str().unwrap_or_default();
            match got.get(&k) {
                Some(vs) if vs.iter().any(|v| v == value) => found += 1,
                Some(vs) => wrong.push(format!("{} {} = {value}, got {vs:?}", k.0, k.1)),
                None => missing.push(format!("{} {} = {value}", k.0, k.1)),
            }
        }
        right += found;
        if found < want.len() {
            let mut line = format!(
                "transcription “{}” (pp.{pages:?}): {found}/{} cells found",
                text(&tr["title"]),
                want.len()
            );
            if !wrong.is_empty() {
                line += &format!("; WRONG: {}", wrong.join("; "));
            }
            if !missing.is_empty() {
                let shown: Vec<&String> = missing.iter().take(6).collect();
                line += &format!(
                    "; missing {}: {}{}",
                    missing.len(),
                    shown
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join("; "),
                    if missing.len() > shown.len() {
                        "; …"
                    } else {
                        ""
                    }
                );
            }
            out.push(line);
        }
    }
    (cells, right)
}

/// Failing checks: exactly the listed ones: `failing_checks` (real
/// inconsistencies of the document) and `known_false_fails` (misreads of
/// yusuan's, each with its cause: defects left to fix, never accepted as
/// document errors).
fn check_failing(doc: &Value, exp: &Value, out: &mut Vec<String>) {
    let mut expected: Vec<String> = ["failing_checks", "known_false_fails"]
        .iter()
        .flat_map(|k| exp[*k].as_array().into_iter().flatten())
        .map(common::expected_check_signature)
        .collect();
    for c in doc["checks"].as_array().into_iter().flatten() {
        if c["status"].as_str() != Some("fail") {
            continue;
        }
        let sig = common::check_signature(c, doc);
        match expected.iter().position(|e| *e == sig) {
            Some(i) => {
                expected.remove(i);
            }
            None => out.push(format!(
                "failing check not listed as a document error: {sig}\n      {}",
                text(&c["message"])
            )),
        }
    }
    for e in expected {
        out.push(format!("listed failing check is gone: {e}"));
    }
}

#[test]
#[ignore = "target of issue 10: cargo test --release --test real_provinces -- --ignored"]
fn real_provinces_match_expectations() {
    let dir = real_dir();
    let docs = expectations();
    let mut report: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let (mut cells, mut right) = (0, 0);
    for (file, e) in &docs {
        let path = dir.join(file);
        assert!(
            path.exists(),
            "{}: missing (set YUSUAN_REAL_PROVINCES_DIR)",
            path.display()
        );
        let doc = common::run(&path);
        common::assert_schema_valid(&doc, file);
        let mut out = Vec::new();
        check_metadata(&doc, e, &mut out);
        check_tables(&doc, e, &mut out);
        check_values(&doc, e, &mut out);
        let (c, r) = check_transcriptions(&doc, e, &mut out);
        cells += c;
        right += r;
        check_failing(&doc, e, &mut out);
        report.insert(format!("{file} ({r}/{c} transcribed cells)"), out);
    }
    let recall = right as f64 / cells.max(1) as f64;
    let mut listing = String::new();
    let mut total = 0;
    for (file, out) in &report {
        if out.is_empty() {
            continue;
        }
        total += out.len();
        listing += &format!("\n== {file}: {} mismatches\n", out.len());
        for line in out {
            listing += &format!("  - {line}\n");
        }
    }
    eprintln!(
        "real_provinces: {right}/{cells} transcribed cells found ({:.1} %), {total} mismatches",
        recall * 100.0
    );
    assert!(
        total == 0,
        "{total} mismatches against tests/real_provinces_expectations.json \
         (transcribed cells found {:.1} %):{listing}",
        recall * 100.0
    );
}

/// How many expected tables are found with their template (as check_tables
/// counts them).
fn tables_found(doc: &Value, exp: &Value) -> (usize, usize) {
    let mut out = Vec::new();
    check_tables(doc, exp, &mut out);
    let expected = exp["tables"].as_array().map_or(0, Vec::len);
    let missing = out.iter().filter(|l| l.starts_with("table “")).count();
    (expected - missing.min(expected), expected)
}

/// What issue 10 promises and this pipeline delivers today, as a gate that
/// CI runs: metadata right in all fifteen; at least 95 % of the standard
/// tables found with their template (98.6 % measured on 2026-12-04); no
/// transcribed cell with a wrong value (a wrong value is worse than a
/// missing one); every failing check listed, as a real inconsistency of the
/// document or as a known misread with its cause; no listed one gone.
#[test]
fn real_provinces_gate() {
    let dir = real_dir();
    let docs = expectations();
    let mut problems = Vec::new();
    let (mut found, mut expected) = (0, 0);
    for (file, e) in &docs {
        let path = dir.join(file);
        assert!(
            path.exists(),
            "{}: missing (set YUSUAN_REAL_PROVINCES_DIR)",
            path.display()
        );
        let doc = common::run(&path);
        common::assert_schema_valid(&doc, file);
        let mut out = Vec::new();
        check_metadata(&doc, e, &mut out);
        check_failing(&doc, e, &mut out);
        let mut cells = Vec::new();
        check_transcriptions(&doc, e, &mut cells);
        out.extend(cells.into_iter().filter(|l| l.contains("WRONG")));
        let (f, x) = tables_found(&doc, e);
        found += f;
        expected += x;
        problems.extend(out.into_iter().map(|l| format!("{file}: {l}")));
    }
    let ratio = found as f64 / expected.max(1) as f64;
    eprintln!("real_provinces gate: {found}/{expected} tables found");
    assert!(
        ratio >= 0.95,
        "{found}/{expected} standard tables found with their template ({:.1} %), below 95 %",
        ratio * 100.0
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
