//! The pictures of a batch's failing checks, written next to its report:
//! `OUT/evidence/<id>/check<K>.svg`, K the check's index in the document's
//! `checks`. Written while the document's pages are still in memory, so
//! the report needs no second reading of the sources.

use super::{Sheets, check_svg};
use crate::model::{CanonicalDocument, CheckStatus};
use crate::pipeline::ReadPages;
use std::path::Path;

/// Folder of the pictures inside a batch's output folder.
pub const DIR: &str = "evidence";

/// Path of a check's picture, relative to the output folder.
pub fn path_of(id: &str, check: usize) -> String {
    format!("{DIR}/{id}/check{check}.svg")
}

/// Write the pictures of `doc`'s failing checks (and remove those of an
/// earlier run of the same id). A picture that cannot be written is said on
/// stderr: the report then shows that check without one.
pub fn write(out: &Path, id: &str, doc: &CanonicalDocument, read: ReadPages) {
    let dir = out.join(DIR).join(id);
    if dir.is_dir() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    if !doc.checks.iter().any(|c| c.status == CheckStatus::Fail) {
        return;
    }
    let sheets = Sheets::new(read.pages, &read.settings);
    for (k, c) in doc.checks.iter().enumerate() {
        if c.status != CheckStatus::Fail {
            continue;
        }
        let Some(pic) = check_svg(doc, &sheets, c) else {
            continue;
        };
        let r = std::fs::create_dir_all(&dir).and_then(|_| {
            crate::output::write_atomic(&out.join(path_of(id, k)), pic.svg.as_bytes())
        });
        if let Err(e) = r {
            eprintln!("yusuan: {id}: cannot write the picture of check {k}: {e}");
        }
    }
}
