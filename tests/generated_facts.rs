//! The generated PDF corpus (corpus/pdf/) against the facts of its truth
//! (golden/pdf/*.truth.json `facts`): every truth fact is reported with the
//! same key, value, unit and 元 value, and no fact is reported that the
//! truth does not list.

mod common;

use serde_json::Value;

/// A layout defect owned by another stage, listed so this test states what
/// the facts stage gets right; each entry names the document and fact key.
const KNOWN_UPSTREAM: &[(&str, &str)] = &[];

/// A truth fact no table of the truth prints (`"table": null`) carries the
/// generator's exact figure, which the document may only print rounded in
/// the prose (`机关运行经费369.6万元` for 369.56). Such a fact is right when
/// it is the prose's figure as printed, or when it is a table figure whose
/// 元 value is exactly the truth's (a table the truth does not map prints it).
fn prose_only_fact_ok(want: &Value, got: &Value) -> bool {
    let prose = &want["prose"];
    let from_table = got["sources"]
        .as_array()
        .and_then(|s| s.first())
        .is_some_and(|s| s["kind"] == "table");
    let as_printed = !prose.is_null()
        && got["value"] == prose["value"]
        && got["unit"] == prose["unit"]
        && !from_table;
    as_printed || (from_table && got["yuan"] == want["yuan"])
}

#[test]
fn generated_corpus_facts_match_truth() {
    let mut problems = Vec::new();
    let mut compared = 0;
    for (pdf, truth) in common::truths("pdf") {
        let name = pdf
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let doc = common::run(&pdf);
        let got = doc["facts"].as_array().cloned().unwrap_or_default();
        let want = truth["facts"].as_array().cloned().unwrap_or_default();
        for w in &want {
            let key = w["key"].as_str().unwrap_or("");
            if KNOWN_UPSTREAM.contains(&(name.as_str(), key)) {
                continue;
            }
            compared += 1;
            let Some(g) = got.iter().find(|g| g["key"] == w["key"]) else {
                problems.push(format!("{name}: {key} missing (want {})", w["value"]));
                continue;
            };
            if w["table"].is_null() && prose_only_fact_ok(w, g) {
                continue;
            }
            for field in ["value", "unit", "yuan"] {
                if g[field] != w[field] {
                    problems.push(format!(
                        "{name}: {key}.{field} = {}, want {}",
                        g[field], w[field]
                    ));
                }
            }
        }
        for g in &got {
            if !want.iter().any(|w| w["key"] == g["key"]) {
                problems.push(format!(
                    "{name}: {} = {} reported, the truth has no such fact",
                    g["key"], g["value"]
                ));
            }
        }
    }
    assert!(compared > 100, "only {compared} facts compared");
    assert!(
        problems.is_empty(),
        "{} fact differences:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
