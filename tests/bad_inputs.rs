//! Bad inputs get one clear line in errors.jsonl; the batch goes on; nothing
//! half-written; exit codes as documented.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

fn yusuan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_yusuan"))
}

#[test]
fn batch_survives_bad_inputs_and_reports_each_once() {
    let dir = tempfile::tempdir().unwrap();
    let inp = dir.path().join("in");
    std::fs::create_dir(&inp).unwrap();
    std::fs::copy(
        common::repo().join("corpus/text/shaoxing_yuecheng_ybj_2021_budget_tsv.txt"),
        inp.join("good.txt"),
    )
    .unwrap();
    std::fs::write(inp.join("empty.txt"), b"").unwrap();
    let junk: Vec<u8> = (0..65536u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(inp.join("junk.pdf"), &junk).unwrap();
    std::fs::write(inp.join("junk2.txt"), &junk).unwrap();
    std::fs::write(
        inp.join("novel.txt"),
        "从前有座山，山里有座庙。庙里有个老和尚在讲故事。\n".repeat(50),
    )
    .unwrap();
    // A 50 MB text file: refused by size, in bounded time and memory.
    let mut big = std::fs::File::create(inp.join("huge.txt")).unwrap();
    let line = "部门收支总表 收入总计 1,234.56 支出总计 1,234.56\n".repeat(1000);
    while big.metadata().unwrap().len() < 50 * 1024 * 1024 {
        big.write_all(line.as_bytes()).unwrap();
    }
    drop(big);

    let out = dir.path().join("out");
    let status = yusuan()
        .args(["extract"])
        .arg(&inp)
        .arg("--out")
        .arg(&out)
        .arg("-j")
        .arg("2")
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1), "some inputs failed → exit 1");

    assert!(
        out.join("good.json").exists(),
        "the good input is still processed"
    );
    let errors = std::fs::read_to_string(out.join("errors.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = errors
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let failed: Vec<&str> = lines.iter().map(|v| v["file"].as_str().unwrap()).collect();
    for name in [
        "empty.txt",
        "junk.pdf",
        "junk2.txt",
        "novel.txt",
        "huge.txt",
    ] {
        let n = failed.iter().filter(|f| f.ends_with(name)).count();
        assert_eq!(
            n, 1,
            "{name} must have exactly one line in errors.jsonl; got {errors}"
        );
    }
    assert_eq!(lines.len(), 5, "{errors}");
    for v in &lines {
        let reason = v["error"].as_str().unwrap();
        assert!(
            !reason.is_empty() && !reason.contains('\n'),
            "one clear line: {reason}"
        );
    }
    let reason_of = |name: &str| {
        lines
            .iter()
            .find(|v| v["file"].as_str().unwrap().ends_with(name))
            .unwrap()["error"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(reason_of("empty.txt").contains("empty"));
    assert!(reason_of("huge.txt").contains("too large"));
    assert!(reason_of("novel.txt").contains("not a budget disclosure"));
    // Nothing half-written.
    for e in std::fs::read_dir(&out).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.ends_with(".part"), "left a temporary file: {name}");
    }
    for name in ["facts.csv", "facts.jsonl", "cells.csv", "errors.jsonl"] {
        assert!(out.join(name).exists(), "{name} written");
    }
}

#[test]
fn usage_errors_exit_2_and_stdin_prints_json() {
    let s = yusuan()
        .args(["extract"])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(s.code(), Some(2));
    let s = yusuan()
        .args(["extract", "no/such/file.pdf", "--out", "x"])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(s.code(), Some(2));
    let s = yusuan()
        .args(["frobnicate"])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(s.code(), Some(2));

    let mut child = yusuan()
        .args(["extract", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let text =
        std::fs::read(common::repo().join("corpus/text/zhuzhou_ybj_2021_budget_prose.md")).unwrap();
    child.stdin.take().unwrap().write_all(&text).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "yusuan/1");
    assert_eq!(v["source"]["path"], "-");
    common::assert_schema_valid(&v, "stdin document");
}

#[test]
fn output_is_deterministic() {
    let p = common::repo().join("corpus/text/xinxiang_hongqi_ybj_2021_budget_reading_order.txt");
    let a = yusuan::batch::run_one(&p, yusuan::input::FormatChoice::Auto).unwrap();
    let b = yusuan::batch::run_one(&p, yusuan::input::FormatChoice::Auto).unwrap();
    assert_eq!(yusuan::output::to_json(&a), yusuan::output::to_json(&b));
}

/// A real PDF cut short, as an interrupted download leaves it.
fn truncated_real_pdf(dir: &std::path::Path, share: f64) -> std::path::PathBuf {
    let src = common::shared().join("real/putuo_czj_2024_final.pdf");
    let bytes = std::fs::read(&src).unwrap();
    let p = dir.join(format!("cut_{}.pdf", (share * 100.0) as u32));
    std::fs::write(&p, &bytes[..(bytes.len() as f64 * share) as usize]).unwrap();
    p
}

#[test]
fn truncated_pdf_is_never_a_silent_success() {
    let dir = tempfile::tempdir().unwrap();
    let inp = dir.path().join("in");
    std::fs::create_dir(&inp).unwrap();
    let shares = [0.3, 0.5, 0.7, 0.9];
    for s in shares {
        truncated_real_pdf(&inp, s);
    }
    let out = dir.path().join("out");
    yusuan()
        .arg("extract")
        .arg(&inp)
        .arg("--out")
        .arg(&out)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    let errors = std::fs::read_to_string(out.join("errors.jsonl")).unwrap();
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    for s in shares {
        let id = format!("cut_{}", (s * 100.0) as u32);
        let json = out.join(format!("{id}.json"));
        if !json.exists() {
            // Refused: one line naming the file.
            assert!(
                errors
                    .lines()
                    .any(|l| l.contains(&format!("{id}.pdf")) && l.contains("corrupt PDF")),
                "{id}: neither an output nor an error line: {errors}"
            );
            continue;
        }
        // Read as far as it goes: said in the warnings, in source.damage,
        // and in a quality score that needs a look.
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
        common::assert_schema_valid(&v, &id);
        let w = v["warnings"].as_array().unwrap();
        assert!(
            w.iter()
                .any(|w| w.as_str().unwrap().starts_with("damaged PDF")),
            "{id}: {w:?}"
        );
        assert!(
            !v["source"]["damage"]["problems"]
                .as_array()
                .unwrap()
                .is_empty()
        );
        let d = report["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id.as_str())
            .unwrap();
        assert!(d["quality"].as_u64().unwrap() <= 79, "{id}: {d}");
        assert_eq!(d["damaged"], true);
    }
}

#[test]
fn closed_stdout_ends_quietly() {
    let pdf = common::shared().join("real/putuo_czj_2024_final.pdf");
    let mut child = yusuan()
        .args(["extract", "-"])
        .stdin(std::fs::File::open(pdf).unwrap())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 200];
    use std::io::Read;
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    // stdout dropped here: the reader is gone, as with `| head -c 200`.
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn folders_skip_other_files_and_refuse_texts_that_are_not_disclosures() {
    let dir = tempfile::tempdir().unwrap();
    let inp = dir.path().join("in");
    std::fs::create_dir(&inp).unwrap();
    std::fs::copy(
        common::repo().join("corpus/text/shaoxing_yuecheng_ybj_2021_budget_tsv.txt"),
        inp.join("good.txt"),
    )
    .unwrap();
    // A crawl's MANIFEST.md: English prose and a table naming 预算 and 决算.
    let manifest = "# Real disclosures\n\nSixteen real budget (预算) and final-accounts (决算) disclosures as published.\n\n| file | department | year | kind |\n|---|---|---|---|\n".to_string()
        + &"| putuo_czj_2024_final.pdf | 上海市普陀区财政局 | 2024 | 决算 (final accounts), department |\n".repeat(16);
    std::fs::write(inp.join("MANIFEST.md"), manifest).unwrap();
    std::fs::write(inp.join("notes.docx"), b"PK\x03\x04").unwrap();
    std::fs::write(inp.join("sheet.xls"), b"\xd0\xcf\x11\xe0").unwrap();
    let out = dir.path().join("out");
    let o = yusuan()
        .arg("extract")
        .arg(&inp)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("2 files") && err.contains(".docx: 1") && err.contains(".xls: 1"),
        "{err}"
    );
    let errors = std::fs::read_to_string(out.join("errors.jsonl")).unwrap();
    assert_eq!(errors.lines().count(), 1, "{errors}");
    assert!(errors.contains("MANIFEST.md") && errors.contains("not a budget disclosure"));
    assert!(!out.join("MANIFEST.json").exists());
    let cells = std::fs::read_to_string(out.join("cells.csv")).unwrap();
    assert!(!cells.contains("MANIFEST"));
}

#[test]
fn more_usage_errors_exit_2() {
    let good = common::repo().join("corpus/text/zhuzhou_ybj_2021_budget_prose.md");
    let dir = tempfile::tempdir().unwrap();
    let s = yusuan()
        .arg("extract")
        .arg(&good)
        .args(["-j", "0", "--out"])
        .arg(dir.path().join("o"))
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(s.code(), Some(2), "-j 0");
    // `yusuan report` on a folder that no run wrote.
    let notes = dir.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    std::fs::write(notes.join("a.txt"), "x").unwrap();
    let o = yusuan().arg("report").arg(&notes).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a yusuan output folder"));
    assert!(!notes.join("report.json").exists());
    let s = yusuan()
        .arg("report")
        .arg(dir.path().join("missing"))
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(s.code(), Some(2));
}

#[test]
fn datasets_tell_a_department_from_its_unit() {
    let dir = tempfile::tempdir().unwrap();
    let real = common::shared().join("real");
    let out = dir.path().join("out");
    let s = yusuan()
        .arg("extract")
        .arg(real.join("putuo_sfj_2026_budget_dept.pdf"))
        .arg(real.join("putuo_sfj_2026_budget_unit.pdf"))
        .arg("--out")
        .arg(&out)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(s.code(), Some(0));
    // The covers read 上海市普陀区2026年区级部门预算 / …区级单位预算.
    for (id, scope) in [
        ("putuo_sfj_2026_budget_dept", "department"),
        ("putuo_sfj_2026_budget_unit", "unit"),
    ] {
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join(format!("{id}.json"))).unwrap())
                .unwrap();
        assert_eq!(v["document"]["scope"], scope, "{id}");
    }
    for file in ["facts.csv", "cells.csv"] {
        let mut r = csv::Reader::from_path(out.join(file)).unwrap();
        let h = r.headers().unwrap().clone();
        let doc = h.iter().position(|x| x == "document").unwrap();
        let sc = h.iter().position(|x| x == "scope").unwrap();
        let mut pairs = std::collections::BTreeSet::new();
        for rec in r.records() {
            let rec = rec.unwrap();
            pairs.insert((rec[doc].to_string(), rec[sc].to_string()));
        }
        assert_eq!(
            pairs.into_iter().collect::<Vec<_>>(),
            vec![
                ("putuo_sfj_2026_budget_dept".into(), "department".into()),
                ("putuo_sfj_2026_budget_unit".into(), "unit".into())
            ],
            "{file}"
        );
    }
}

#[test]
fn a_document_past_its_time_limit_is_an_error_line_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = yusuan()
        .arg("extract")
        .arg(common::repo().join("corpus/pdf/long60_repeat_header_henan.pdf"))
        .args(["--time-limit", "0.001", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let errors = std::fs::read_to_string(out.join("errors.jsonl")).unwrap();
    assert!(
        errors.contains("long60_repeat_header_henan.pdf") && errors.contains("time limit"),
        "{errors}"
    );
    assert!(out.join("report.json").exists());
    let s = yusuan()
        .arg("extract")
        .arg(common::repo().join("corpus/pdf/long60_repeat_header_henan.pdf"))
        .args(["--time-limit", "-1", "--out"])
        .arg(dir.path().join("o2"))
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(s.code(), Some(2));
}
