//! `yusuan report`: rebuild report.json / report.html from an output folder.

use crate::model::CanonicalDocument;
use crate::report::ReportBuilder;
use clap::Args;
use std::path::PathBuf;

/// (Re)build the data-quality report (report.json, report.html) of an output
/// folder written by `yusuan extract`.
///
/// Exit status: 0 report written, 1 it could not be written, 2 the folder
/// is missing or is not a yusuan output folder.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The folder `yusuan extract --out` wrote.
    #[arg(value_name = "OUT_DIR")]
    pub out: PathBuf,
    /// Language of the check messages: `zh` (as the documents speak, the
    /// default) or `en`. Rule, column and fact keys stay as they are.
    #[arg(long, value_enum, default_value_t = crate::messages::Lang::Zh)]
    pub lang: crate::messages::Lang,
}

pub fn run(a: ReportArgs) -> i32 {
    let entries = match std::fs::read_dir(&a.out) {
        Ok(e) => e,
        Err(e) => {
            super::extract::say(&format!("yusuan: {}: {e}", a.out.display()));
            return 2;
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json") && !p.ends_with("report.json"))
        .collect();
    files.sort();
    let marked = ["errors.jsonl", "facts.csv", "report.json"]
        .iter()
        .any(|n| a.out.join(n).is_file());
    if files.is_empty() && !marked {
        super::extract::say(&format!(
            "yusuan: {} is not a yusuan output folder (no document JSON, facts.csv or errors.jsonl in it): nothing to report",
            a.out.display()
        ));
        return 2;
    }
    let mut report = ReportBuilder::spooled_in(&a.out);
    for f in &files {
        let id = f
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        match std::fs::read(f).map_err(|e| e.to_string()).and_then(|b| {
            serde_json::from_slice::<CanonicalDocument>(&b).map_err(|e| e.to_string())
        }) {
            Ok(mut doc) => {
                doc.localise(a.lang);
                report.add_document(&id, &doc)
            }
            Err(e) => eprintln!(
                "yusuan: {}: not a yusuan document, skipped ({e})",
                f.display()
            ),
        }
    }
    if let Ok(text) = std::fs::read_to_string(a.out.join("errors.jsonl")) {
        for line in text.lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                report.add_error(
                    v["file"].as_str().unwrap_or(""),
                    v["error"].as_str().unwrap_or(""),
                );
            }
        }
    }
    match report.write(&a.out) {
        Ok(()) => {
            eprintln!(
                "yusuan: report written to {}",
                a.out.join("report.html").display()
            );
            0
        }
        Err(e) => {
            eprintln!("yusuan: cannot write report: {e}");
            1
        }
    }
}
