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
