//! `yusuan merge`: shard folders → one output folder.

use crate::batch;
use clap::Args;
use std::path::PathBuf;

/// Combine the output folders of `yusuan extract --shard K/N` runs into one
/// folder: every document JSON, and datasets and a report identical to
/// those of a single run over all the inputs.
///
/// Exit status: 0 merged, 1 merged but some inputs had failed (see
/// errors.jsonl) or the folder could not be written, 2 usage error (a
/// folder missing, the output folder not empty).
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Output folders of the shards.
    #[arg(required = true, value_name = "SHARD_DIR")]
    pub dirs: Vec<PathBuf>,
    /// Folder to write (new or empty).
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
    /// Empty the output folder first (only files yusuan writes).
    #[arg(long)]
    pub force: bool,
    /// Language of the check messages: `zh` (as the documents speak, the
    /// default) or `en`. Rule, column and fact keys stay as they are.
    #[arg(long, value_enum, default_value_t = crate::messages::Lang::Zh)]
    pub lang: crate::messages::Lang,
}

pub fn run(a: MergeArgs) -> i32 {
    let say = super::extract::say;
    for d in &a.dirs {
        if !d.is_dir() {
            say(&format!("yusuan: {}: no such folder", d.display()));
            return 2;
        }
        if !d.join("errors.jsonl").is_file() {
            say(&format!(
                "yusuan: {} is not a finished yusuan output folder (no errors.jsonl): rerun that shard with --resume first",
                d.display()
            ));
            return 2;
        }
    }
    if let Err(e) = batch::prepare_out(&a.out, false, a.force) {
        say(&format!("yusuan: {e}"));
        return 2;
    }
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    // The pictures first: the report links those it finds in the folder.
    match copy_evidence(&a.dirs, &a.out)
        .and_then(|()| batch::rebuild(&a.dirs, &a.out, None, threads, a.lang))
    {
        Ok(s) => {
            say(&format!(
                "yusuan: {} documents, {} failed inputs merged → {}",
                s.documents,
                s.failed,
                a.out.display()
            ));
            if s.failed > 0 { 1 } else { 0 }
        }
        Err(e) => {
            say(&format!(
                "yusuan: cannot merge into {}: {e}",
                a.out.display()
            ));
            1
        }
    }
}

/// The failing checks' pictures (`evidence/<id>/`) of every shard, so that
/// the merged folder holds what a single run writes. A document is in one
/// shard only (shards split by content hash), so no picture is overwritten
/// by another document's.
fn copy_evidence(dirs: &[std::path::PathBuf], out: &std::path::Path) -> std::io::Result<()> {
    for d in dirs {
        let Ok(docs) = std::fs::read_dir(d.join("evidence")) else {
            continue;
        };
        for doc in docs {
            let doc = doc?;
            if !doc.file_type()?.is_dir() {
                continue;
            }
            let to = out.join("evidence").join(doc.file_name());
            std::fs::create_dir_all(&to)?;
            for f in std::fs::read_dir(doc.path())? {
                let f = f?;
                if f.file_type()?.is_file() {
                    std::fs::copy(f.path(), to.join(f.file_name()))?;
                }
            }
        }
    }
    Ok(())
}
