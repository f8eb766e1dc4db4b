//! Batches that outlive one process: `--resume` after kill -9 at several
//! moments gives the files of an uninterrupted run, byte for byte; N shard
//! processes merged give the files of a single run; manifest metadata reaches
//! `source` and the datasets; a used output folder is refused unless
//! `--resume` or `--force`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

fn yusuan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_yusuan"))
}

/// Copies of the text and PDF corpus (no OCR, so every run is quick and
/// deterministic), `copies` times each under distinct names, plus one input
/// that fails, so that errors.jsonl has a line.
fn inputs(dir: &Path, copies: usize) -> PathBuf {
    let inp = dir.join("in");
    std::fs::create_dir_all(&inp).unwrap();
    let mut sources: Vec<PathBuf> = Vec::new();
    for sub in ["corpus/pdf", "corpus/text"] {
        for e in std::fs::read_dir(common::repo().join(sub)).unwrap() {
            sources.push(e.unwrap().path());
        }
    }
    sources.sort();
    for c in 0..copies {
        for s in &sources {
            let name = format!("{c}_{}", s.file_name().unwrap().to_string_lossy());
            std::fs::copy(s, inp.join(name)).unwrap();
        }
    }
    std::fs::write(inp.join("zz_not_a_pdf.pdf"), b"%PDF-1.4 this is not a PDF").unwrap();
    inp
}

/// Every file of a folder (and of its subfolders: the failing checks'
/// pictures under `evidence/`) by its relative path, and its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, into: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, into);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                into.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut all = BTreeMap::new();
    walk(dir, dir, &mut all);
    all
}

fn assert_same_files(want: &Path, got: &Path, what: &str) {
    let (a, b) = (files(want), files(got));
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "{what}: the same files");
    for (name, bytes) in &a {
        assert!(
            b[name] == *bytes,
            "{what}: {name} differs from the uninterrupted run"
        );
    }
}

fn extract(inp: &Path, out: &Path, extra: &[&str]) -> Command {
    let mut c = yusuan();
    c.arg("extract")
        .arg(inp)
        .arg("--out")
        .arg(out)
        .args(["-j", "2"])
        .args(extra)
        .stderr(Stdio::null());
    c
}

#[test]
fn kill_9_then_resume_gives_the_files_of_an_uninterrupted_run() {
    let dir = tempfile::tempdir().unwrap();
    let inp = inputs(dir.path(), 4);
    let reference = dir.path().join("ref");
    let start = Instant::now();
    assert_eq!(
        extract(&inp, &reference, &[]).status().unwrap().code(),
        Some(1)
    );
    let full = start.elapsed();
    assert!(
        std::fs::read_to_string(reference.join("errors.jsonl"))
            .unwrap()
            .contains("zz_not_a_pdf.pdf")
    );

    // Kill points spread over the run (early, middle, while datasets are
    // written), and one resumed run killed again.
    for (i, share) in [0.05, 0.2, 0.4, 0.6, 0.8, 0.95].iter().enumerate() {
        let out = dir.path().join(format!("k{i}"));
        let mut child = extract(&inp, &out, &[]).spawn().unwrap();
        std::thread::sleep(full.mul_f64(*share));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        if i == 3 {
            let mut again = extract(&inp, &out, &["--resume"]).spawn().unwrap();
            std::thread::sleep(full.mul_f64(0.3));
            let _ = again.kill();
            let _ = again.wait();
        }
        let status = extract(&inp, &out, &["--resume"]).status().unwrap();
        assert_eq!(
            status.code(),
            Some(1),
            "kill point {i}: the bad input still fails"
        );
        assert_same_files(&reference, &out, &format!("kill point {share}"));
    }

    // Resuming a finished run keeps every output and changes nothing.
    let out = dir.path().join("k0");
    let before = std::fs::metadata(out.join("0_lingshou_ybj_2021_budget_cells.json"))
        .unwrap()
        .modified()
        .unwrap();
    extract(&inp, &out, &["--resume"]).status().unwrap();
    assert_eq!(
        std::fs::metadata(out.join("0_lingshou_ybj_2021_budget_cells.json"))
            .unwrap()
            .modified()
            .unwrap(),
        before,
        "an output of the same content and version is kept, not redone"
    );
    assert_same_files(&reference, &out, "resume of a finished run");

    // An input whose content changed is redone.
    std::fs::copy(
        common::repo().join("corpus/text/zhuzhou_ybj_2021_budget_prose.md"),
        inp.join("0_lingshou_ybj_2021_budget_cells.txt"),
    )
    .unwrap();
    extract(&inp, &out, &["--resume"]).status().unwrap();
    let v: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("0_lingshou_ybj_2021_budget_cells.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        v["source"]["sha256"],
        yusuan::input::sha256_hex(
            &std::fs::read(common::repo().join("corpus/text/zhuzhou_ybj_2021_budget_prose.md"))
                .unwrap()
        )
    );
}

#[test]
fn shards_merged_equal_a_single_run() {
    let dir = tempfile::tempdir().unwrap();
    let inp = inputs(dir.path(), 2);
    let single = dir.path().join("single");
    extract(&inp, &single, &[]).status().unwrap();
    let n = 3;
    let shards: Vec<PathBuf> = (0..n).map(|k| dir.path().join(format!("s{k}"))).collect();
    let children: Vec<_> = shards
        .iter()
        .enumerate()
        .map(|(k, out)| {
            extract(&inp, out, &["--shard", &format!("{k}/{n}")])
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().code().is_some_and(|c| c <= 1));
    }
    // Every input in exactly one shard.
    let mut counts = 0;
    for s in &shards {
        let docs = files(s)
            .keys()
            .filter(|n| n.ends_with(".json") && *n != "report.json")
            .count();
        assert!(
            docs > 0,
            "{}: a shard of 3 over 43 inputs holds some",
            s.display()
        );
        counts += docs;
    }
    let single_docs = files(&single)
        .keys()
        .filter(|n| n.ends_with(".json") && *n != "report.json")
        .count();
    assert_eq!(counts, single_docs);

    let merged = dir.path().join("merged");
    let status = yusuan()
        .arg("merge")
        .args(&shards)
        .arg("--out")
        .arg(&merged)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1), "merged; one input had failed");
    assert_same_files(&single, &merged, "3 shards merged");

    // A shard folder left unfinished is refused by merge.
    std::fs::remove_file(shards[0].join("errors.jsonl")).unwrap();
    let status = yusuan()
        .arg("merge")
        .args(&shards)
        .arg("--out")
        .arg(dir.path().join("merged2"))
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
    // Bad shard specs are usage errors.
    for bad in ["3/3", "1", "a/b", "0/0"] {
        let s = extract(&inp, &dir.path().join("x"), &["--shard", bad])
            .status()
            .unwrap();
        assert_eq!(s.code(), Some(2), "--shard {bad}");
    }
}

#[test]
fn manifest_metadata_reaches_source_and_datasets() {
    let dir = tempfile::tempdir().unwrap();
    let crawl = dir.path().join("crawl");
    std::fs::create_dir(&crawl).unwrap();
    std::fs::copy(
        common::repo().join("corpus/text/zhuzhou_ybj_2021_budget_prose.md"),
        crawl.join("a.md"),
    )
    .unwrap();
    std::fs::copy(
        common::repo().join("corpus/pdf/grid_dept_budget_wan.pdf"),
        crawl.join("b.pdf"),
    )
    .unwrap();
    let manifest = crawl.join("manifest.jsonl");
    std::fs::write(
        &manifest,
        concat!(
            r#"{"path": "a.md", "url": "https://example.gov.cn/a.html", "region_code": "430200", "crawl_date": "2026-01-05", "id": "crawl-0001"}"#,
            "\n\n",
            r#"{"path": "b.pdf", "id": "crawl-0002"}"#,
            "\n"
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let status = yusuan()
        .args(["extract", "--manifest"])
        .arg(&manifest)
        .arg("--out")
        .arg(&out)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let a: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("a.json")).unwrap()).unwrap();
    assert_eq!(a["source"]["url"], "https://example.gov.cn/a.html");
    assert_eq!(a["source"]["region_code"], "430200");
    assert_eq!(a["source"]["crawl_date"], "2026-01-05");
    assert_eq!(a["source"]["caller_id"], "crawl-0001");
    assert_eq!(a["source"]["yusuan"], env!("CARGO_PKG_VERSION"));
    common::assert_schema_valid(&a, "manifest input");
    let b: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("b.json")).unwrap()).unwrap();
    assert_eq!(b["source"]["caller_id"], "crawl-0002");
    assert!(b["source"].get("url").is_none());

    let mut facts = csv::Reader::from_path(out.join("facts.csv")).unwrap();
    let h = facts.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let mut seen = 0;
    for r in facts.records() {
        let r = r.unwrap();
        if &r[col("document")] == "a" {
            assert_eq!(&r[col("source_url")], "https://example.gov.cn/a.html");
            assert_eq!(&r[col("caller_id")], "crawl-0001");
            assert_eq!(&r[col("region_code")], "430200");
            seen += 1;
        }
    }
    assert!(seen > 0);
    let cells = std::fs::read_to_string(out.join("cells.csv")).unwrap();
    assert!(cells.lines().any(|l| l.ends_with(",crawl-0002")));

    // A manifest line with an unknown field, or naming a missing file, is a
    // usage error naming the line.
    for (bad, why) in [
        (r#"{"path": "a.md", "ulr": "x"}"#, "unknown field"),
        (r#"{"path": "missing.pdf"}"#, "no such file"),
    ] {
        std::fs::write(&manifest, bad).unwrap();
        let o = yusuan()
            .args(["extract", "--manifest"])
            .arg(&manifest)
            .arg("--out")
            .arg(dir.path().join("o2"))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("line 1") && err.contains(why), "{err}");
    }
}

#[test]
fn used_output_folder_is_refused_unless_resume_or_force() {
    let dir = tempfile::tempdir().unwrap();
    let inp = dir.path().join("in");
    std::fs::create_dir(&inp).unwrap();
    std::fs::copy(
        common::repo().join("corpus/text/shaoxing_yuecheng_ybj_2021_budget_tsv.txt"),
        inp.join("one.txt"),
    )
    .unwrap();
    let out = dir.path().join("out");
    assert_eq!(extract(&inp, &out, &[]).status().unwrap().code(), Some(0));
    // Leftovers of a killed run and an output of another input.
    std::fs::write(out.join("facts.csv.part"), b"half").unwrap();
    std::fs::write(out.join("old.json"), b"{}").unwrap();
    let o = extract(&inp, &out, &[])
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--resume"));
    assert!(
        !out.join("facts.csv.part").exists(),
        "leftover .part removed"
    );
    // --force empties it: the old output is gone.
    assert_eq!(
        extract(&inp, &out, &["--force"]).status().unwrap().code(),
        Some(0)
    );
    assert!(!out.join("old.json").exists());
    assert!(out.join("one.json").exists());
    // … but never a folder holding files yusuan did not write.
    std::fs::write(out.join("thesis.docx"), b"mine").unwrap();
    assert_eq!(
        extract(&inp, &out, &["--force"]).status().unwrap().code(),
        Some(2)
    );
    assert!(out.join("thesis.docx").exists() && out.join("one.json").exists());
}

/// A deterministic mutation batch (truncations, byte flips, deleted
/// objects, shuffled xref offsets) over the PDF corpus: 1,000 inputs, each
/// ends in a JSON output or one errors.jsonl line; the run ends (no hang,
/// no panic escapes).
#[test]
fn mutation_batch_accounts_for_every_input() {
    let dir = tempfile::tempdir().unwrap();
    let inp = dir.path().join("in");
    std::fs::create_dir(&inp).unwrap();
    let mut sources: Vec<PathBuf> = std::fs::read_dir(common::repo().join("corpus/pdf"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    sources.sort();
    let originals: Vec<Vec<u8>> = sources.iter().map(|p| std::fs::read(p).unwrap()).collect();
    // xorshift: the same mutations on every run.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut rnd = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n.max(1) as u64) as usize
    };
    let total = 1000;
    for i in 0..total {
        let mut b = originals[i % originals.len()].clone();
        match i % 4 {
            0 => {
                let cut = rnd(b.len());
                b.truncate(cut.max(1));
            }
            1 => {
                for _ in 0..1 + rnd(20) {
                    let at = rnd(b.len());
                    b[at] ^= 1 << rnd(8);
                }
            }
            2 => {
                // Delete one object: from an `obj` to its `endobj`.
                let starts: Vec<usize> = b
                    .windows(4)
                    .enumerate()
                    .filter(|(_, w)| *w == b" obj")
                    .map(|(i, _)| i)
                    .collect();
                if !starts.is_empty() {
                    let s = starts[rnd(starts.len())];
                    if let Some(len) = b[s..].windows(6).position(|w| w == b"endobj") {
                        b.drain(s..s + len + 6);
                    }
                }
            }
            _ => {
                // Shuffle xref offsets: rewrite digits of 10-digit entries.
                let mut k = 0;
                while k + 10 < b.len() {
                    if b[k..k + 10].iter().all(u8::is_ascii_digit) && rnd(3) == 0 {
                        for d in &mut b[k..k + 10] {
                            *d = b'0' + rnd(10) as u8;
                        }
                        k += 10;
                    }
                    k += 1;
                }
            }
        }
        std::fs::write(inp.join(format!("m{i:04}.pdf")), &b).unwrap();
    }
    let out = dir.path().join("out");
    let status = extract(&inp, &out, &[]).status().unwrap();
    assert!(status.code().is_some_and(|c| c <= 1), "{status}");
    let errors = std::fs::read_to_string(out.join("errors.jsonl")).unwrap();
    let failed: std::collections::HashSet<String> = errors
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let f = v["file"].as_str().unwrap();
            Path::new(f)
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(errors.lines().count(), failed.len(), "one line per input");
    for i in 0..total {
        let id = format!("m{i:04}");
        let has_json = out.join(format!("{id}.json")).exists();
        assert!(
            has_json != failed.contains(&id),
            "{id}: exactly one of a JSON output and an error line"
        );
    }
    assert!(!errors.contains("panicked"), "a stage panicked: {errors}");
}
