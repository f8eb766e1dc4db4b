//! The generated PDF corpus (corpus/pdf/, made by scripts/make_corpus_pdfs.py)
//! against its truth (golden/pdf/*.truth.json, written from the same data that
//! rendered each PDF): every table found with the right template, at least
//! 99% of truth cells recovered in the right row and column, no recovered
//! value wrong, and every planted inconsistency reported by a failing check.

mod common;

use std::collections::HashMap;

#[derive(Default)]
struct Tally {
    cells: usize,
    right: usize,
    missing: Vec<String>,
    wrong: Vec<String>,
    tables_missing: Vec<String>,
}

#[test]
fn generated_corpus_matches_truth() {
    let mut tally = Tally::default();
    let mut per_doc = Vec::new();
    for (pdf, truth) in common::truths("pdf") {
        let doc = common::run(&pdf);
        common::assert_schema_valid(&doc, &pdf.display().to_string());
        let name = pdf.file_name().unwrap().to_string_lossy().into_owned();
        let (mut cells, mut right) = (0, 0);
        for want in truth["tables"].as_array().unwrap() {
            let title = want["title"].as_str().unwrap_or("");
            let Some(got) = common::find_table(&doc, want) else {
                tally
                    .tables_missing
                    .push(format!("{name}: {} “{title}”", want["template"]));
                cells += want["cells"].as_array().map_or(0, |c| c.len());
                continue;
            };
            if want["empty"].as_bool() == Some(true) {
                assert_eq!(got["empty"], true, "{name}: “{title}” is printed empty");
            }
            // Output cells by (row, column); a row key may repeat (same name
            // twice), so keep every value seen.
            let mut out: HashMap<(String, String), Vec<String>> = HashMap::new();
            for r in got["rows"].as_array().unwrap() {
                let k = common::row_key(&r["code"], &r["name"], &r["side"]);
                for (col, v) in r["values"].as_object().unwrap() {
                    out.entry((k.clone(), col.clone()))
                        .or_default()
                        .push(v.as_str().unwrap().to_string());
                }
            }
            for c in want["cells"].as_array().unwrap() {
                cells += 1;
                let k = (
                    common::row_key(&c["code"], &c["name"], &c["side"]),
                    c["column"].as_str().unwrap().to_string(),
                );
                let value = c["value"].as_str().unwrap();
                match out.get(&k) {
                    Some(vs) if vs.iter().any(|v| v == value) => right += 1,
                    Some(vs) => tally
                        .wrong
                        .push(format!("{name} “{title}” {k:?}: want {value}, got {vs:?}")),
                    None => tally
                        .missing
                        .push(format!("{name} “{title}” {k:?} = {value}")),
                }
            }
        }
        // Planted inconsistencies: a failing check with the right rule, template, row and column.
        for p in truth["inconsistencies"].as_array().into_iter().flatten() {
            let found = doc["checks"].as_array().unwrap().iter().any(|c| {
                c["status"] == "fail"
                    && c["rule"] == p["rule"]
                    && (p["template"].is_null() || c["template"] == p["template"])
                    && (p["column"].is_null()
                        || c["column"] == p["column"]
                        || c["column"].is_null())
                    && (p["row"]["code"].is_null() || c["row"]["code"] == p["row"]["code"])
            });
            assert!(
                found,
                "{name}: planted {} in {} row {} column {} is not reported",
                p["rule"], p["template"], p["row"], p["column"]
            );
        }
        if truth["inconsistencies"]
            .as_array()
            .is_none_or(|a| a.is_empty())
        {
            let fails: Vec<String> = doc["checks"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| c["status"] == "fail")
                .map(|c| c["message"].to_string())
                .collect();
            assert!(
                fails.is_empty(),
                "{name} is consistent, yet checks fail:\n{}",
                fails.join("\n")
            );
        }
        per_doc.push(format!("{name}: {right}/{cells}"));
        tally.cells += cells;
        tally.right += right;
    }
    let share = tally.right as f64 / tally.cells.max(1) as f64;
    eprintln!(
        "generated corpus: {}/{} truth cells recovered ({:.2}%)\n{}",
        tally.right,
        tally.cells,
        share * 100.0,
        per_doc.join("\n")
    );
    assert!(
        tally.tables_missing.is_empty(),
        "tables not found with their template:\n{}",
        tally.tables_missing.join("\n")
    );
    assert!(
        tally.wrong.is_empty(),
        "{} wrong values (worse than missing):\n{}",
        tally.wrong.len(),
        tally
            .wrong
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        share >= 0.99,
        "only {:.2}% of truth cells recovered; first missing:\n{}",
        share * 100.0,
        tally
            .missing
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
