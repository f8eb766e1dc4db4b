//! Shared helpers for the integration tests: paths, running the pipeline,
//! schema validation and JSON comparison that names the first difference.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the repository (as in CI: <dir>/main and <dir>/shared).
pub fn shared() -> PathBuf {
    repo().join("..").join("shared")
}

pub fn real_pdfs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(shared().join("real"))
        .expect("../shared/real must exist beside the repository")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    v.sort();
    v
}

/// Run the whole pipeline on one file, as `yusuan extract` would, and return
/// the canonical JSON value (with the path relative to the repository).
pub fn run(path: &Path) -> Value {
    let doc = yusuan::batch::run_one(path, yusuan::input::FormatChoice::Auto)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut v = serde_json::to_value(&doc).expect("serialise");
    let rel = path
        .strip_prefix(repo())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    v["source"]["path"] = Value::String(rel);
    v
}

fn validator() -> &'static jsonschema::Validator {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    V.get_or_init(|| {
        let text = std::fs::read_to_string(repo().join("schema/yusuan-1.schema.json"))
            .expect("schema file");
        let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
        jsonschema::validator_for(&schema).expect("schema compiles")
    })
}

/// Panic with every schema violation of `doc`.
pub fn assert_schema_valid(doc: &Value, what: &str) {
    let errors: Vec<String> = validator()
        .iter_errors(doc)
        .take(10)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} violates schema/yusuan-1.schema.json:\n{}",
        errors.join("\n")
    );
}

/// The first JSON path where `got` differs from `want`, with both values.
pub fn first_difference(want: &Value, got: &Value, path: &str) -> Option<String> {
    match (want, got) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                let p = format!("{path}.{k}");
                match b.get(k) {
                    None => return Some(format!("{p}: missing (expected {va})")),
                    Some(vb) => {
                        if let Some(d) = first_difference(va, vb, &p) {
                            return Some(d);
                        }
                    }
                }
            }
            b.keys()
                .find(|k| !a.contains_key(*k))
                .map(|k| format!("{path}.{k}: unexpected (got {})", b[k]))
        }
        (Value::Array(a), Value::Array(b)) => {
            for (i, (va, vb)) in a.iter().zip(b).enumerate() {
                if let Some(d) = first_difference(va, vb, &format!("{path}[{i}]")) {
                    return Some(d);
                }
            }
            (a.len() != b.len())
                .then(|| format!("{path}: {} items expected, got {}", a.len(), b.len()))
        }
        _ => (want != got).then(|| format!("{path}: expected {want}, got {got}")),
    }
}

/// The truth files under `golden/<dir>` (`*.truth.json`, written from the
/// data that rendered each generated PDF), with the input each names.
pub fn truths(dir: &str) -> Vec<(PathBuf, Value)> {
    let folder = repo().join("golden").join(dir);
    let mut v: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("golden/{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".truth.json"))
        .collect();
    v.sort();
    v.into_iter()
        .map(|p| {
            let t: Value = serde_json::from_str(&std::fs::read_to_string(&p).expect("truth file"))
                .expect("truth JSON");
            let file = t["file"]
                .as_str()
                .expect("truth names its file")
                .to_string();
            (repo().join(file), t)
        })
        .collect()
}

/// A row name without spaces, full-width ASCII forms folded (`（境）` =
/// `(境)`): OCR returns the half-width form of what is printed full-width.
pub fn norm_name(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// A row key that survives small differences in how names are printed: the
/// code when there is one, else the name.
pub fn row_key(code: &Value, name: &Value, side: &Value) -> String {
    let side = side.as_str().unwrap_or("");
    match code.as_str() {
        Some(c) => format!("{side}|{c}"),
        None => format!("{side}|{}", norm_name(name.as_str().unwrap_or(""))),
    }
}

/// The output table for a truth table: same template and an overlapping
/// page, else same template.
pub fn find_table<'a>(doc: &'a Value, want: &Value) -> Option<&'a Value> {
    let tables = doc["tables"].as_array()?;
    let tpl = &want["template"];
    let pages: Vec<u64> = want["pages"]
        .as_array()
        .map(|a| a.iter().filter_map(|p| p.as_u64()).collect())
        .unwrap_or_default();
    let same_tpl = || tables.iter().filter(move |t| &t["template"] == tpl);
    same_tpl()
        .find(|t| {
            t["pages"]
                .as_array()
                .is_some_and(|ps| ps.iter().any(|p| pages.contains(&p.as_u64().unwrap_or(0))))
        })
        .or_else(|| same_tpl().next())
}

/// A JSON value as a person reads it in a message (`-` for null).
pub fn text(v: &Value) -> String {
    match v {
        Value::Null => "-".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The identity of a failing check: rule, table title, row, column, page and
/// the printed value (never the table id, which shifts when layout finds one
/// table more or less).
pub fn check_signature(check: &Value, doc: &Value) -> String {
    let title = check["table"]
        .as_str()
        .and_then(|id| {
            doc["tables"]
                .as_array()?
                .iter()
                .find(|t| t["id"].as_str() == Some(id))
        })
        .map_or(Value::Null, |t| t["title"].clone());
    format!(
        "rule={} table={} row={} {} column={} page={} actual={}",
        text(&check["rule"]),
        text(&title),
        text(&check["row"]["code"]),
        text(&check["row"]["name"]),
        text(&check["column"]),
        text(&check["page"]),
        text(&check["actual"]),
    )
}

/// The same identity of a failing check listed in an expectations file.
pub fn expected_check_signature(e: &Value) -> String {
    format!(
        "rule={} table={} row={} {} column={} page={} actual={}",
        text(&e["rule"]),
        text(&e["table"]),
        text(&e["code"]),
        text(&e["name"]),
        text(&e["column"]),
        text(&e["page"]),
        text(&e["actual"]),
    )
}

/// The headless Chromium on this machine (Debian's `chromium`; `.ci/run`
/// installs it), for the tests that render HTML.
pub fn chromium() -> String {
    for c in ["chromium", "chromium-browser", "google-chrome"] {
        if std::process::Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return c.to_string();
        }
    }
    panic!(
        "headless Chromium is needed for this test: install Debian's `chromium` package (apt-get install chromium)"
    );
}

/// Chromium's headless flags shared by the DOM dump and the screenshot.
pub fn headless(browser: &str, profile: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(browser);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--virtual-time-budget=5000",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}
