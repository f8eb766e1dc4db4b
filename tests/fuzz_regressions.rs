//! Inputs the fuzzers (`fuzz/`, cargo-fuzz) found to crash yusuan, kept
//! after the fix: each must end in an output or a clean error line, never in
//! a panic. `tests/fuzz_regressions/text/` holds text inputs,
//! `tests/fuzz_regressions/pdf/` PDF inputs.
//!
//! - text/crash-d624f86d…: a figure printed with 28 decimals made a
//!   tolerance of scale 29 (`Decimal::new` panics above 28) in the class-sum
//!   placement (templates/sums.rs) and would have in the prose comparisons
//!   (amount::printed_scale now reports at most 27).

mod common;

use std::process::Command;

#[test]
fn fuzz_crash_inputs_end_cleanly() {
    let root = common::repo().join("tests/fuzz_regressions");
    let mut seen = 0;
    for (kind, format) in [("text", "text"), ("pdf", "pdf")] {
        let Ok(dir) = std::fs::read_dir(root.join(kind)) else {
            continue;
        };
        for e in dir {
            let path = e.unwrap().path();
            let out = tempfile::tempdir().unwrap();
            let run = Command::new(env!("CARGO_BIN_EXE_yusuan"))
                .arg("extract")
                .arg(&path)
                .arg("--format")
                .arg(format)
                .arg("--out")
                .arg(out.path())
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&run.stderr);
            assert!(
                matches!(run.status.code(), Some(0 | 1)),
                "{}: exit {:?}\n{stderr}",
                path.display(),
                run.status.code()
            );
            assert!(
                !stderr.contains("internal error") && !stderr.contains("panicked"),
                "{}: a stage panicked\n{stderr}",
                path.display()
            );
            seen += 1;
        }
    }
    assert!(seen > 0, "the regression inputs are there");
}
