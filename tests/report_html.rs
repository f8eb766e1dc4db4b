//! report.html renders in headless Chromium and shows the batch totals and
//! a failing check of a corpus document that has one. Chromium comes from
//! Debian's `chromium` package (`.ci/run` installs it).

mod common;

use std::process::Command;

#[test]
fn report_renders_in_chromium_with_totals_and_a_failing_check() {
    let browser = common::chromium();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .arg("extract")
        .arg(common::repo().join("corpus"))
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.code().is_some_and(|c| c == 0 || c == 1));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let docs = report["documents"].as_array().unwrap();
    let failing = docs
        .iter()
        .find(|d| !d["failures"].as_array().unwrap().is_empty())
        .expect("the corpus holds documents with planted inconsistencies, so some check fails");
    let failure = &failing["failures"][0];

    let profile = dir.path().join("profile");
    let url = format!("file://{}", out.join("report.html").display());
    let dom = common::headless(&browser, &profile)
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        dom.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom.contains("Batch totals"),
        "no totals in the rendered page"
    );
    let documents = report["totals"]["documents"].as_u64().unwrap();
    assert!(dom.contains(&format!(
        "<div class=\"v\">{documents}</div><div class=\"k\">documents</div>"
    )));
    let fails = report["totals"]["checks"]["fail"].as_u64().unwrap();
    assert!(dom.contains(&format!(
        "<div class=\"v\">{fails}</div><div class=\"k\">checks fail</div>"
    )));
    // The failing check, with its document link, row and printed value.
    let id = failing["id"].as_str().unwrap();
    assert!(dom.contains(id), "document {id} is listed");
    let msg = failure["message"].as_str().unwrap();
    let esc = msg
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    assert!(dom.contains(&esc), "failing check message shown: {msg}");
    // The scripts ran: the document table has its rows and the sort headers.
    assert!(dom.contains("id=\"docs\""));
}
