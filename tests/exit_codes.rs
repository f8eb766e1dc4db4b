//! Exit statuses: documented in `--help` (top level and each subcommand),
//! and the documented ones are the ones returned: usage errors 2, a help or
//! version request 0, SIGTERM ends the run by the signal and `--resume`
//! finishes it with 0.

mod common;

use std::process::{Command, Stdio};

fn yusuan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_yusuan"))
}

fn stdout_of(args: &[&str]) -> (Option<i32>, String) {
    let o = yusuan().args(args).stderr(Stdio::null()).output().unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

#[test]
fn help_documents_every_exit_status() {
    let (code, help) = stdout_of(&["--help"]);
    assert_eq!(code, Some(0));
    assert!(help.contains("Exit status:"), "{help}");
    for status in ["  0 ", "  1 ", "  2 ", "  130 ", "  101 "] {
        assert!(
            help.lines().any(|l| l.starts_with(status)),
            "`yusuan --help` explains exit status {status:?}:\n{help}"
        );
    }
    for sub in ["extract", "report", "merge"] {
        let (code, help) = stdout_of(&[sub, "--help"]);
        assert_eq!(code, Some(0), "{sub} --help");
        assert!(help.contains("Exit status"), "{sub} --help:\n{help}");
    }
}

#[test]
fn usage_errors_exit_2_and_requests_for_help_0() {
    for bad in [
        &[][..],
        &["no-such-subcommand"],
        &["extract", "--no-such-option"],
        &["extract", "-j", "0", "x.pdf", "--out", "o"],
        &[
            "extract",
            "/no/such/input.pdf",
            "--out",
            "/tmp/yusuan-exit-codes-unused",
        ],
        &["report", "/no/such/folder"],
        &[
            "merge",
            "/no/such/folder",
            "--out",
            "/tmp/yusuan-exit-codes-unused",
        ],
    ] {
        let s = yusuan()
            .args(bad)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert_eq!(s.code(), Some(2), "{bad:?}");
    }
    assert_eq!(stdout_of(&["--version"]).0, Some(0));
}

#[cfg(unix)]
#[test]
fn sigterm_ends_the_run_and_resume_finishes_it() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let inp = dir.path().join("in");
    std::fs::create_dir_all(&inp).unwrap();
    let pdfs: Vec<_> = std::fs::read_dir(common::repo().join("corpus/pdf"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    for c in 0..4 {
        for p in &pdfs {
            let name = format!("{c}_{}", p.file_name().unwrap().to_string_lossy());
            std::fs::copy(p, inp.join(name)).unwrap();
        }
    }
    let out = dir.path().join("out");
    let mut child = yusuan()
        .args(["extract", "-j", "1", "--out"])
        .arg(&out)
        .arg(&inp)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    // Either the signal ended it (130/143 in a shell), or it had finished.
    assert!(
        status.signal() == Some(15) || status.code() == Some(0),
        "{status}"
    );
    let s = yusuan()
        .args(["extract", "-j", "1", "--resume", "--out"])
        .arg(&out)
        .arg(&inp)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(s.code(), Some(0));
    let docs = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.ends_with(".json") && n != "report.json"
        })
        .count();
    assert_eq!(
        docs,
        4 * pdfs.len(),
        "every input has its JSON after --resume"
    );
    assert!(
        !std::fs::read_dir(&out).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".part")),
        "no .part left"
    );
}
