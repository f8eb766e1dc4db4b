//! `yusuan show` and the report's pictures render in headless Chromium:
//! the picture of a failing check is in the page, its blamed cell is marked,
//! and the page link points at the check's page of the PDF (issue 15).
//! The document is a generated one whose truth plants one inconsistency
//! (a 类 total that is not the sum of its 款), so the failing check and its
//! page come from the data that rendered it, read back from the JSON.

mod common;

use std::path::Path;
use std::process::Command;

fn dump_dom(browser: &str, profile: &Path, page: &Path) -> String {
    let out = common::headless(browser, profile)
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "chromium failed on {}: {}",
        page.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const DOC: &str = "bad_children_sum_jiangxi";

#[test]
fn show_page_and_report_pictures_render_with_the_blamed_cell_and_page_link() {
    let browser = common::chromium();
    let dir = tempfile::tempdir().unwrap();
    let pdf = common::repo().join(format!("corpus/pdf/{DOC}.pdf"));

    // The failing check and its page, as the extract run reports them.
    let out = dir.path().join("out");
    let st = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .arg("extract")
        .arg(&pdf)
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap();
    assert_eq!(st.code(), Some(0));
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join(format!("{DOC}.json"))).unwrap())
            .unwrap();
    let fail = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["status"] == "fail" && c["rule"] == "children_sum")
        .expect("the planted 类 total fails its children_sum");
    let page = fail["page"]
        .as_u64()
        .expect("a failing check names its page");

    // yusuan show: the page holds the check's inline picture with the
    // blamed cell marked and a link to the PDF at that page.
    let show = dir.path().join("show");
    let st = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .arg("show")
        .arg(&pdf)
        .arg("--out")
        .arg(&show)
        .status()
        .unwrap();
    assert_eq!(st.code(), Some(0));
    let index = show.join("index.html");
    let profile = dir.path().join("profile");
    let dom = dump_dom(&browser, &profile, &index);
    assert!(
        dom.contains("class=\"check\"") && dom.contains("data-rule=\"children_sum\""),
        "the failing check has its section"
    );
    assert!(dom.contains("<svg"), "the picture is in the page");
    assert!(
        dom.contains("class=\"blamed\""),
        "the blamed cell is marked in the picture"
    );
    assert!(
        dom.contains(&format!("{DOC}.pdf#page={page}\"")),
        "a link to the PDF at page {page}"
    );

    // A screenshot at a laptop's width is a real picture, not an empty page.
    let png = dir.path().join("show.png");
    let st = common::headless(&browser, &profile)
        .arg("--window-size=1366,900")
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", index.display()))
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000);

    // report.html: the failing check's row links its picture and its page.
    let dom = dump_dom(&browser, &profile, &out.join("report.html"));
    assert!(
        dom.contains(&format!("evidence/{DOC}/")),
        "the report links the check's picture"
    );
    assert!(
        dom.contains(&format!("#page={page}\"")),
        "the report links the PDF page {page}"
    );
    let svgs: Vec<_> = std::fs::read_dir(out.join("evidence").join(DOC))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "svg"))
        .collect();
    assert!(!svgs.is_empty(), "the batch wrote the check's picture");
    let svg = std::fs::read_to_string(svgs[0].path()).unwrap();
    assert!(svg.contains("class=\"blamed\""));
}
