//! The sixteen real 上海 disclosures (`../shared/real`, see MANIFEST.md), run
//! in place through the whole pipeline. No truth file comes with them, so
//! the test pins what a person verified against each PDF
//! (tests/real_expectations.json):
//! - every output validates against the schema;
//! - every budget / 决算 table is recognised (the few non-catalog tables
//!   allowed unrecognised are listed by header, with the reason);
//! - the recognised templates are exactly the expected ones (a table lost by
//!   layout shows up here);
//! - the expected warnings are given (misprinted codes);
//! - the key facts exist, except those listed as absent with a reason;
//! - the failing checks are exactly the expected ones, each with a one-line
//!   reason (document error, deliberate alteration, or known tool defect).
//!
//! The directory is `CARGO_MANIFEST_DIR/../shared/real`, or
//! `$YUSUAN_REAL_DIR` when the repository is checked out elsewhere.

mod common;

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The facts every disclosure prints somewhere (prose or tables).
const KEY_FACTS: &[&str] = &[
    "revenue_total",
    "expenditure_total",
    "basic_expenditure",
    "project_expenditure",
    "three_public_total",
    "overseas_travel",
    "vehicle_total",
    "reception",
    "agency_operating_costs",
];

fn real_dir() -> PathBuf {
    std::env::var_os("YUSUAN_REAL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::shared().join("real"))
}

fn expectations() -> Value {
    let text = std::fs::read_to_string(common::repo().join("tests/real_expectations.json"))
        .expect("tests/real_expectations.json");
    serde_json::from_str(&text).expect("tests/real_expectations.json is JSON")
}

use common::text;

/// Problems of one document, each naming the file and what differs.
fn problems(file: &str, doc: &Value, exp: &Value, allowed: &[Value]) -> Vec<String> {
    let mut out = Vec::new();
    let tables = doc["tables"].as_array().cloned().unwrap_or_default();

    // Unrecognised tables must be one of the allowed non-catalog kinds.
    for t in tables.iter().filter(|t| t["template"].is_null()) {
        let headers: BTreeSet<String> = t["columns"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["header"].as_str().map(str::to_string))
            .collect();
        let ok = allowed.iter().any(|a| {
            let want: BTreeSet<String> = a["headers"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|h| h.as_str().map(str::to_string))
                .collect();
            want == headers
        });
        // A known tool defect listed for this document, by page.
        let listed = exp["unrecognised_known"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|k| {
                t["pages"]
                    .as_array()
                    .is_some_and(|p| p.contains(&k["page"]))
            });
        if !ok && !listed {
            out.push(format!(
                "{file}: table {} “{}” (pages {}) is not recognised; headers {:?}",
                text(&t["id"]),
                text(&t["title"]),
                t["pages"],
                headers
            ));
        }
    }

    // Recognised templates, as a multiset.
    let mut got: Vec<String> = tables
        .iter()
        .filter_map(|t| t["template"].as_str().map(str::to_string))
        .collect();
    got.sort();
    let mut want: Vec<String> = exp["templates"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t.as_str().map(str::to_string))
        .collect();
    want.sort();
    if got != want {
        out.push(format!(
            "{file}: recognised templates differ\n  expected {want:?}\n  got      {got:?}"
        ));
    }

    // Key facts.
    let facts: BTreeSet<&str> = doc["facts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["key"].as_str())
        .collect();
    for key in KEY_FACTS {
        let absent_ok = exp["facts_absent"].get(key).is_some();
        if !facts.contains(key) && !absent_ok {
            out.push(format!("{file}: fact {key} is missing"));
        }
    }

    // Warnings that must be given (each a list of pieces one warning holds).
    let warnings: Vec<&str> = doc["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    for pieces in exp["warnings_include"].as_array().into_iter().flatten() {
        let pieces: Vec<&str> = pieces
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        if !warnings
            .iter()
            .any(|w| pieces.iter().all(|p| w.contains(p)))
        {
            out.push(format!("{file}: no warning holds {pieces:?}"));
        }
    }

    // Failing checks: exactly the expected ones.
    let mut expected: Vec<String> = exp["failing_checks"]
        .as_array()
        .into_iter()
        .flatten()
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
                "{file}: unexpected failing check {sig}\n  message: {}",
                text(&c["message"])
            )),
        }
    }
    for e in expected {
        out.push(format!("{file}: expected failing check is gone: {e}"));
    }

    // Verified rounding findings: each is reported as `rounding`.
    let rounding: Vec<String> = doc["checks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["status"].as_str() == Some("rounding"))
        .map(|c| common::check_signature(c, doc))
        .collect();
    for e in exp["rounding_checks"].as_array().into_iter().flatten() {
        let sig = common::expected_check_signature(e);
        if !rounding.contains(&sig) {
            out.push(format!("{file}: expected rounding finding is gone: {sig}"));
        }
    }
    out
}

#[test]
fn real_pdfs_match_expectations() {
    let dir = real_dir();
    let exp = expectations();
    let allowed = exp["unrecognised_allowed"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e} (set YUSUAN_REAL_DIR)", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 16, "{}: expected the 16 PDFs", dir.display());

    let mut all = Vec::new();
    for path in &files {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let doc = common::run(path);
        common::assert_schema_valid(&doc, &file);
        let Some(e) = exp["documents"].get(&file) else {
            all.push(format!("{file}: no entry in tests/real_expectations.json"));
            continue;
        };
        all.extend(problems(&file, &doc, e, &allowed));
    }
    assert!(all.is_empty(), "\n{}", all.join("\n"));
}
