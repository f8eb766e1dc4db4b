//! The linked documents of a batch, spooled to a temporary file in the
//! output folder instead of kept in memory: what the pass needs of a
//! document is about 12 KB (its facts and prose statements), which made a
//! 10,000-document batch's peak grow by over 100 MB. Only the department
//! of each line and where it is stay in memory; the pass then reads one
//! department's documents at a time (its checks never join two
//! departments, see [`super::year_over_year::checks`]).

use super::Linked;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The spool's file name in the output folder (a `.part`: a killed run's
/// leftover is removed by the next run like any other temporary file).
const SPOOL_NAME: &str = ".yusuan-linked.jsonl.part";

pub struct LinkSpool {
    path: PathBuf,
    w: Option<BufWriter<File>>,
    at: u64,
    /// (department key, scope) → (offset, length, has year_over_year checks now).
    index: BTreeMap<(String, Option<String>), Vec<(u64, usize, bool)>>,
}

impl LinkSpool {
    pub fn create(out: &Path) -> std::io::Result<LinkSpool> {
        let path = out.join(SPOOL_NAME);
        let w = BufWriter::new(File::create(&path)?);
        Ok(LinkSpool {
            path,
            w: Some(w),
            at: 0,
            index: BTreeMap::new(),
        })
    }

    pub fn push(&mut self, l: &Linked) -> std::io::Result<()> {
        let line = serde_json::to_vec(l).map_err(std::io::Error::other)?;
        let w = self.w.as_mut().expect("spool open until apply");
        w.write_all(&line)?;
        w.write_all(b"\n")?;
        self.index
            .entry((l.key.clone(), l.scope.clone()))
            .or_default()
            .push((self.at, line.len(), l.existing.is_some()));
        self.at += line.len() as u64 + 1;
        Ok(())
    }

    /// Run the pass department by department and rewrite the JSONs whose
    /// checks change ([`super::apply`], telling `rewrites`); the spool is
    /// removed. A department with one document is read only when that
    /// document holds checks of an earlier pass (they are then removed).
    pub fn apply(
        mut self,
        out: &Path,
        lang: crate::messages::Lang,
        rewrites: &mut dyn super::Rewrites,
    ) -> std::io::Result<bool> {
        if let Some(mut w) = self.w.take() {
            w.flush()?;
        }
        let mut f = File::open(&self.path)?;
        let mut changed = false;
        for members in self.index.values() {
            if members.len() < 2 && !members.iter().any(|m| m.2) {
                continue;
            }
            let mut group = Vec::with_capacity(members.len());
            for &(at, len, _) in members {
                let mut buf = vec![0u8; len];
                f.seek(SeekFrom::Start(at))?;
                f.read_exact(&mut buf)?;
                group.push(serde_json::from_slice::<Linked>(&buf).map_err(std::io::Error::other)?);
            }
            changed |= super::apply(out, &group, lang, rewrites)?;
        }
        Ok(changed)
    }
}

impl Drop for LinkSpool {
    fn drop(&mut self) {
        self.w.take();
        let _ = std::fs::remove_file(&self.path);
    }
}
