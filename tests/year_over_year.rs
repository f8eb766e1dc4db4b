//! Checks across documents (rule `year_over_year`) on the real series of
//! ../shared/real: 万里街道 2023/2024/2025 预算 and 财政局 2024 决算 beside its
//! 2025 预算. Every expectation below was read off the PDFs by hand
//! (pdftotext -layout, pages 6 and 30–32 of the 万里街道 budgets, 22 of the
//! 财政局 2025 budget, the 三公 table and p. 21 of its 2024 决算):
//!
//! - 万里 2024 p.6: 财政拨款收入 / 财政拨款支出预算 / 一般公共预算拨款支出预算
//!   15621.11 万元 “比2023年预算减少876.75万元” — 2023 prints 16497.86
//!   (16497.86 − 15621.11 = 876.75); 政府性基金 / 国有资本经营 0.00 “持平”
//!   (0 in 2023). p.32: 三公 47.91 “增加25万元” (2023: 22.91); 因公出国 0
//!   持平 (0); 公务用车购置及运行费 46.56 “增加25万元” (2023: 21.56); 购置费 25
//!   “增加25万元” (2023: 0); 运行费 21.56 持平 (21.56); 接待费 1.35 持平 (1.35).
//! - 万里 2025 p.6: 18,976.76 “比2024年预算增加3,355.65万元” ×3
//!   (18976.76 − 15621.11 = 3355.65); two 持平 at 0. p.30: 三公 37.91
//!   “减少10万元” (47.91); 因公出国 0 持平; 公务用车购置及运行费 36.56 “减少10万元”
//!   (46.56); 购置费 15 “减少10万元” (25); 运行费 21.56 持平; 接待费 1.35 持平.
//! - 财政局 2025 p.22: 三公 0.95 “与2024年预算持平”, 因公出国 0 持平, 接待费
//!   0.95 持平: the 2024 决算 prints 年初预算数 0.95 (合计), blank (因公出国)
//!   and 0.95 (接待费). Its 财政拨款收入 “比2024年预算增加107.62万元” has no
//!   2024 budget in the batch (the 决算's 年初预算数 of that figure is not a
//!   fact): no check. 万里 2023 compares with 2022: no check, no warning.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const WANLI: [&str; 3] = [
    "putuo_wanli_2023_budget_dept",
    "putuo_wanli_2024_budget_dept",
    "putuo_wanli_2025_budget_dept",
];
const CZJ: [&str; 2] = ["putuo_czj_2024_final", "putuo_czj_2025_budget_dept"];

/// (subject, status, expected, actual) of every year_over_year check.
type Seen = Vec<(String, String, String, String)>;

fn expected_wanli_2024() -> Seen {
    let p = "pass";
    [
        ("财政拨款收入", p, "-876.75万元", "-876.75万元"),
        ("财政拨款支出预算", p, "-876.75万元", "-876.75万元"),
        ("一般公共预算拨款支出预算", p, "-876.75万元", "-876.75万元"),
        ("政府性基金拨款支出预算", p, "0万元", "0万元"),
        ("国有资本经营预算拨款支出预算", p, "0万元", "0万元"),
        ("三公经费预算数", p, "25万元", "25万元"),
        ("因公出国(境)费", p, "0万元", "0万元"),
        ("公务用车购置及运行费", p, "25万元", "25万元"),
        ("公务用车购置费", p, "25万元", "25万元"),
        ("公务用车运行费", p, "0万元", "0万元"),
        ("公务接待费", p, "0万元", "0万元"),
    ]
    .iter()
    .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
    .collect()
}

fn expected_wanli_2025() -> Seen {
    let p = "pass";
    [
        ("财政拨款收入", p, "3355.65万元", "3355.65万元"),
        ("财政拨款支出预算", p, "3355.65万元", "3355.65万元"),
        ("一般公共预算拨款支出预算", p, "3355.65万元", "3355.65万元"),
        ("政府性基金拨款支出预算", p, "0万元", "0万元"),
        ("国有资本经营预算拨款支出预算", p, "0万元", "0万元"),
        ("三公经费预算数", p, "-10万元", "-10万元"),
        ("因公出国(境)费", p, "0万元", "0万元"),
        ("公务用车购置及运行费", p, "-10万元", "-10万元"),
        ("公务用车购置费", p, "-10万元", "-10万元"),
        ("公务用车运行费", p, "0万元", "0万元"),
        ("公务接待费", p, "0万元", "0万元"),
    ]
    .iter()
    .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
    .collect()
}

fn expected_czj_2025() -> Seen {
    [
        ("三公经费预算数", "pass", "0万元", "0万元"),
        ("因公出国(境)费", "pass", "0万元", "0万元"),
        ("公务接待费", "pass", "0万元", "0万元"),
    ]
    .iter()
    .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
    .collect()
}

fn real(stem: &str) -> PathBuf {
    common::shared().join("real").join(format!("{stem}.pdf"))
}

/// A folder holding symlinks to the named real PDFs.
fn folder(dir: &Path, stems: &[&str]) -> PathBuf {
    let inp = dir.join("in");
    std::fs::create_dir_all(&inp).unwrap();
    for s in stems {
        std::os::unix::fs::symlink(real(s), inp.join(format!("{s}.pdf"))).unwrap();
    }
    inp
}

fn extract(inp: &Path, out: &Path, extra: &[&str]) {
    let st = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .arg("extract")
        .arg(inp)
        .arg("--out")
        .arg(out)
        .args(["-j", "2"])
        .args(extra)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(st.code(), Some(0), "yusuan extract {}", inp.display());
}

fn doc(out: &Path, id: &str) -> Value {
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join(format!("{id}.json"))).unwrap())
            .unwrap();
    common::assert_schema_valid(&v, id);
    v
}

fn seen(d: &Value) -> Seen {
    d["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["rule"] == "year_over_year")
        .map(|c| {
            let s = |v: &Value| v.as_str().unwrap_or("").to_string();
            (
                s(&c["row"]["name"]),
                s(&c["status"]),
                s(&c["expected"]),
                s(&c["actual"]),
            )
        })
        .collect()
}

fn messages(d: &Value) -> Vec<String> {
    d["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["rule"] == "year_over_year")
        .map(|c| c["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn real_series_link_by_department_and_year_and_agree() {
    let dir = tempfile::tempdir().unwrap();
    let stems: Vec<&str> = WANLI.iter().chain(&CZJ).copied().collect();
    let inp = folder(dir.path(), &stems);
    let out = dir.path().join("out");
    extract(&inp, &out, &[]);

    let w = |i: usize| doc(&out, WANLI[i]);
    assert_eq!(
        w(0)["document"]["department_key"],
        w(2)["document"]["department_key"]
    );
    assert_eq!(seen(&w(0)), Seen::new(), "2023 compares with 2022: nothing");
    assert_eq!(seen(&w(1)), expected_wanli_2024());
    assert_eq!(seen(&w(2)), expected_wanli_2025());
    assert!(
        messages(&w(1))
            .iter()
            .all(|m| m.contains("putuo_wanli_2023_budget_dept.pdf")),
        "each check names the other file"
    );
    assert!(
        messages(&w(2))
            .iter()
            .all(|m| m.contains("putuo_wanli_2024_budget_dept.pdf"))
    );
    assert_eq!(seen(&doc(&out, CZJ[0])), Seen::new());
    assert_eq!(seen(&doc(&out, CZJ[1])), expected_czj_2025());
    // Summaries count the new checks.
    let d = w(2);
    let n = |k: &str| d["summary"][k].as_u64().unwrap();
    let total = d["checks"].as_array().unwrap().len() as u64;
    assert_eq!(
        n("checks_pass") + n("checks_rounding") + n("checks_fail") + n("checks_skip"),
        total
    );
    // The report counts them by rule.
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(
        report["checks_by_rule"]["year_over_year"]["pass"],
        11 + 11 + 3
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("year_over_year"));
}

#[test]
fn a_department_alone_in_the_batch_gets_no_check() {
    let dir = tempfile::tempdir().unwrap();
    let inp = folder(dir.path(), &[WANLI[2], CZJ[0]]);
    let out = dir.path().join("out");
    extract(&inp, &out, &[]);
    for id in [WANLI[2], CZJ[0]] {
        let d = doc(&out, id);
        assert_eq!(seen(&d), Seen::new(), "{id}");
        assert!(
            !d["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|w| w.as_str().unwrap().contains("year_over_year")),
            "{id}: no warning either"
        );
    }
}

fn pdftotext_layout(pdf: &Path) -> String {
    let o = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .stderr(Stdio::null())
        .output()
        .expect("pdftotext (poppler-utils; .ci/run installs it) makes the text copy");
    assert!(o.status.success());
    String::from_utf8(o.stdout).unwrap()
}

/// The 2025 budget as a text copy (pdftotext -layout), its 三公 change
/// altered from 减少10万元 to 减少11万元: exactly that check fails; the
/// unaltered copy agrees with the PDFs as the PDF does.
#[test]
fn one_altered_figure_fails_exactly_its_check() {
    let text = pdftotext_layout(&real(WANLI[2]));
    let from = "经费预算数为37.91万元，比2024年预算减少10万元";
    assert_eq!(
        text.matches(from).count(),
        1,
        "the sentence is printed once"
    );
    for altered in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let inp = folder(dir.path(), &WANLI[..2]);
        let t = if altered {
            text.replace(from, "经费预算数为37.91万元，比2024年预算减少11万元")
        } else {
            text.clone()
        };
        std::fs::write(inp.join(format!("{}.txt", WANLI[2])), t).unwrap();
        let out = dir.path().join("out");
        extract(&inp, &out, &[]);
        // The run's report follows the JSONs the pass changed; rebuilt from
        // the folder (`--resume` of the finished run) it is the same.
        let report = |n: &str| std::fs::read(out.join(n)).unwrap();
        let (json, html) = (report("report.json"), report("report.html"));
        extract(&inp, &out, &["--resume"]);
        assert!(
            json == report("report.json") && html == report("report.html"),
            "the report of the run differs from the report rebuilt from its JSONs"
        );
        let got = seen(&doc(&out, WANLI[2]));
        let fails: Vec<_> = got.iter().filter(|c| c.1 != "pass").collect();
        if altered {
            assert_eq!(
                fails,
                vec![&(
                    "三公经费预算数".to_string(),
                    "fail".to_string(),
                    "-10万元".to_string(),
                    "-11万元".to_string()
                )],
                "{got:?}"
            );
        } else {
            assert!(fails.is_empty(), "{got:?}");
        }
        // The text copy is read as the PDF is: the same statements.
        let subjects: Vec<&String> = got.iter().map(|c| &c.0).collect();
        let want = expected_wanli_2025();
        assert_eq!(subjects, want.iter().map(|c| &c.0).collect::<Vec<_>>());
        assert_eq!(seen(&doc(&out, WANLI[1])), expected_wanli_2024());
    }
}

fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut m = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                m.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    m
}

fn assert_same(want: &Path, got: &Path, what: &str) {
    let (a, b) = (files(want), files(got));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{what}"
    );
    for (k, v) in &a {
        assert!(b[k] == *v, "{what}: {k} differs from the single run");
    }
}

/// A shard sees only its documents (its JSONs get the checks it can make);
/// the merge reruns the pass over all of them and ends with the files of a
/// single run; `--resume` and a second merge change nothing.
#[test]
fn shards_merged_and_resumed_equal_a_single_run() {
    let dir = tempfile::tempdir().unwrap();
    let inp = folder(dir.path(), &WANLI);
    let single = dir.path().join("single");
    extract(&inp, &single, &[]);
    let shards: Vec<PathBuf> = (0..2).map(|k| dir.path().join(format!("s{k}"))).collect();
    for (k, s) in shards.iter().enumerate() {
        extract(&inp, s, &["--shard", &format!("{k}/2")]);
    }
    // The links cross the shards: some shard's JSON lacks a check of the
    // single run.
    let checks_in = |d: &Path, id: &str| {
        d.join(format!("{id}.json"))
            .is_file()
            .then(|| seen(&doc(d, id)).len())
    };
    assert!(
        WANLI.iter().any(|id| shards
            .iter()
            .filter_map(|s| checks_in(s, id))
            .any(|n| Some(n) != checks_in(&single, id))),
        "the shards split the series"
    );
    let merged = dir.path().join("merged");
    let merge = |out: &Path, force: bool| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_yusuan"));
        c.arg("merge").args(&shards).arg("--out").arg(out);
        if force {
            c.arg("--force");
        }
        let st = c.stderr(Stdio::null()).status().unwrap();
        assert_eq!(st.code(), Some(0));
    };
    merge(&merged, false);
    assert_same(&single, &merged, "2 shards merged");
    merge(&merged, true);
    assert_same(&single, &merged, "merged again with --force");
    extract(&inp, &single, &["--resume"]);
    assert_same(&merged, &single, "--resume of the finished run");
}

/// panel.csv loads in pandas and in DuckDB without options, and pivots one
/// department over its three years (run where python3 has them, as in CI:
/// python/requirements-ci.txt).
#[test]
fn panel_loads_in_pandas_and_duckdb_and_pivots() {
    let dir = tempfile::tempdir().unwrap();
    let inp = folder(dir.path(), &WANLI);
    let out = dir.path().join("out");
    extract(&inp, &out, &[]);
    let panel = out.join("panel.csv");
    let text = std::fs::read_to_string(&panel).unwrap();
    let header = text.lines().next().unwrap();
    assert_eq!(
        header,
        "department_key,year,kind,scope,key,yuan,value,unit,department,coverage,document,file"
    );
    // Every fact in 元 of the three documents, and only those.
    let facts: usize = WANLI
        .iter()
        .map(|id| {
            doc(&out, id)["facts"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["yuan"].is_string())
                .count()
        })
        .sum();
    assert_eq!(text.lines().count() - 1, facts);
    assert!(text.contains(
        "上海市普陀区政府万里街道,2024,budget,department,three_public_total,479100.00,47.91,万元,"
    ));
    let script = r#"
import sys
path = sys.argv[1]
ok = []
try:
    import pandas as pd
    p = pd.read_csv(path)
    t = p[p.key == "three_public_total"].pivot_table(index="department_key", columns="year", values="yuan", aggfunc="first")
    assert [int(t[y].iloc[0]) for y in (2023, 2024, 2025)] == [229100, 479100, 379100], t
    ok.append("pandas")
except ImportError:
    pass
try:
    import duckdb
    r = duckdb.sql(f"PIVOT (SELECT key, year, yuan FROM '{path}') ON year USING first(yuan)").fetchall()
    cols = duckdb.sql(f"PIVOT (SELECT key, year, yuan FROM '{path}') ON year USING first(yuan)").columns
    row = [x for x in r if x[0] == "three_public_total"][0]
    assert [int(row[cols.index(str(y))]) for y in (2023, 2024, 2025)] == [229100, 479100, 379100], row
    ok.append("duckdb")
except ImportError:
    pass
print(" ".join(ok))
"#;
    match Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&panel)
        .output()
    {
        Ok(o) => {
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            eprintln!(
                "panel.csv loaded in: {}",
                String::from_utf8_lossy(&o.stdout)
            );
        }
        Err(e) => eprintln!("python3 not run ({e}): panel.csv not loaded in pandas/DuckDB"),
    }
}
