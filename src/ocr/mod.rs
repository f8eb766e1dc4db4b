//! OCR of scanned pages: a PDF page without text whose image covers the
//! page is read by the external `tesseract` (Debian: tesseract-ocr and its
//! Chinese model tesseract-ocr-chi-sim), and its words become glyphs for
//! the geometric layout. This is the only stage that runs another program;
//! it sits at the edge, between extraction and layout, and is skipped for
//! documents with a text layer.
//!
//! The engine is `tesseract` on PATH, or the program named by the
//! environment variable `YUSUAN_TESSERACT`. It is checked once per run
//! (`--list-langs` must name `chi_sim`); when it is missing a document
//! with only scanned pages fails with a line that says what to install,
//! and scanned pages of a document that also has text are reported in its
//! warnings.

pub mod lines;
pub mod pixels;
pub mod skew;
pub mod tsv;

use crate::model::{Check, CheckStatus, ImageFile, Page, Rule};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The language model used (simplified Chinese; it reads digits and Latin too).
pub const LANGUAGE: &str = "chi_sim";

/// Page segmentation mode: one uniform block of text, which keeps a table
/// row on one line across its columns.
pub const PAGE_SEGMENTATION: &str = "6";

/// Resolution the engine reads best; coarser scans are enlarged towards it.
pub const TARGET_DPI: u32 = 300;

/// Pixels an enlarged page may have at most (memory per page in flight).
pub const MAX_OCR_PIXELS: usize = 60_000_000;

/// Scanned pages read per document at most; the rest are named in a
/// warning (a budget disclosure has tens of pages, not thousands).
pub const MAX_OCR_PAGES: usize = 400;

/// A page that takes longer than this is given up (a broken image can make
/// the engine spin).
pub const PAGE_TIMEOUT: Duration = Duration::from_secs(180);

const INSTALL_HINT: &str = "install tesseract (Debian: apt-get install tesseract-ocr tesseract-ocr-chi-sim) or set YUSUAN_TESSERACT";

/// A working OCR engine.
#[derive(Debug)]
pub struct Engine {
    program: PathBuf,
}

/// The engine of this run, or why there is none (one line).
pub fn engine() -> Result<&'static Engine, &'static str> {
    static ENGINE: OnceLock<Result<Engine, String>> = OnceLock::new();
    ENGINE
        .get_or_init(|| {
            let program = std::env::var_os("YUSUAN_TESSERACT")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("tesseract"));
            let langs = run(
                Command::new(&program).arg("--list-langs"),
                Duration::from_secs(30),
            )
            .map_err(|e| format!("OCR needs tesseract, which could not be run ({e}): {INSTALL_HINT}"))?;
            if !langs.lines().any(|l| l.trim() == LANGUAGE) {
                return Err(format!(
                    "OCR needs tesseract's Chinese model {LANGUAGE}, which is not installed (Debian: apt-get install tesseract-ocr-chi-sim)"
                ));
            }
            Ok(Engine { program })
        })
        .as_ref()
        .map_err(String::as_str)
}

/// Run a command to completion within `limit`; its stdout as text.
fn run(cmd: &mut Command, limit: Duration) -> Result<String, String> {
    let out_file = TempFile::new("out");
    let stdout = std::fs::File::create(&out_file.0).map_err(|e| e.to_string())?;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => break,
            Ok(Some(status)) => return Err(format!("exited with {status}")),
            Ok(None) if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("no answer after {} s", limit.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(e.to_string()),
        }
    }
    // `--list-langs` prints on stdout in tesseract 5, on stderr in some 4.x
    // builds; the TSV goes to a file.
    std::fs::read(&out_file.0)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .map_err(|e| e.to_string())
}

/// A temporary file removed when dropped (also on every error path).
struct TempFile(PathBuf);

impl TempFile {
    fn new(ext: &str) -> TempFile {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        TempFile(std::env::temp_dir().join(format!("yusuan-ocr-{}-{n}.{ext}", std::process::id())))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

impl Engine {
    /// Tesseract's TSV for one image.
    fn read(&self, image: &ImageFile, dpi: u32) -> Result<String, String> {
        let input = TempFile::new(image.ext);
        std::fs::write(&input.0, &image.bytes).map_err(|e| e.to_string())?;
        let base = TempFile::new("base");
        let tsv = TempFile(with_suffix(&base.0, ".tsv"));
        run(
            Command::new(&self.program)
                .arg(&input.0)
                .arg(&base.0)
                .args(["-l", LANGUAGE, "--psm", PAGE_SEGMENTATION])
                .args(["--dpi", &dpi.to_string()])
                .arg("tsv")
                // Documents already run in parallel: one thread per page.
                .env("OMP_THREAD_LIMIT", "1"),
            PAGE_TIMEOUT,
        )?;
        std::fs::read(&tsv.0)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .map_err(|e| format!("no output ({e})"))
    }
}

fn with_suffix(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// A failing check on a page read by OCR (its own page or a blamed cell's)
/// says so: the first suspect is a misread figure, not the document.
pub fn note_read_pages(checks: &mut [Check], ocr_pages: &[u32]) {
    if ocr_pages.is_empty() {
        return;
    }
    for c in checks.iter_mut().filter(|c| c.status == CheckStatus::Fail) {
        let mut pages: Vec<u32> = c
            .page
            .into_iter()
            .chain(c.blame.iter().filter_map(|b| b.page))
            .filter(|p| ocr_pages.contains(p))
            .collect();
        pages.sort_unstable();
        pages.dedup();
        if !pages.is_empty() {
            let list: Vec<String> = pages.iter().map(u32::to_string).collect();
            c.append_message(&crate::messages::checks::scanned_pages(&list));
        }
    }
}

/// Read the scanned pages of a document (pages without glyphs that carry a
/// scan image) into glyphs. Returns the warnings (one per scanned page: read
/// by OCR with its confidence, or why not), or the reason nothing could be
/// read when no page of the document has text.
pub fn read_scans(pages: &mut [Page]) -> Result<Vec<String>, String> {
    let scanned = pages
        .iter()
        .filter(|p| p.glyphs.is_empty() && p.scan.is_some())
        .count();
    if scanned == 0 {
        return Ok(Vec::new());
    }
    let engine = match engine() {
        Ok(e) => e,
        Err(why) if pages.iter().all(|p| p.glyphs.is_empty()) => {
            return Err(format!("{scanned} scanned pages; {why}"));
        }
        Err(why) => {
            return Ok(pages
                .iter()
                .filter(|p| p.glyphs.is_empty() && p.scan.is_some())
                .map(|p| format!("第{}页：扫描页未识别（{why}）", p.number))
                .collect());
        }
    };
    let mut skipped: Vec<u32> = Vec::new();
    for p in pages
        .iter_mut()
        .filter(|p| p.glyphs.is_empty() && p.scan.is_some())
        .skip(MAX_OCR_PAGES)
    {
        p.scan = None;
        skipped.push(p.number);
    }
    let mut warnings: Vec<(u32, String)> = pages
        .par_iter_mut()
        .filter(|p| p.glyphs.is_empty())
        .filter_map(|p| {
            let scan = p.scan.take()?;
            let n = p.number;
            let file = match scan.file {
                Ok(f) => f,
                Err(why) => return Some((n, format!("第{n}页：扫描页无法识别：{why}"))),
            };
            let inches = (scan.bbox[2] - scan.bbox[0]).max(1.0) / 72.0;
            let dpi = ((file.width as f32 / inches).round() as u32).clamp(70, 1200);
            // Straighten a crooked page, then erase the table ruling (kept
            // as rules for the layout), then enlarge. (Enlarging before
            // turning, to resample once, was tried: the ruling of the
            // enlarged page leaves wide grey edges that line removal does
            // not erase, and a 150 dpi page read worse, 67 → 0 cells.)
            let mut turned = 0.0;
            let (file, dpi) = match pixels::to_gray(&file) {
                Some(g) => {
                    turned = skew::estimate(&g, dpi as f32, &skew::SKEW_SETTINGS);
                    let mut g = skew::unrotate(&g, turned);
                    let segs = lines::remove_lines(&mut g, dpi as f32, &lines::LINE_SETTINGS);
                    p.rules.extend(to_rules(&segs, scan.bbox, g.width, g.height));
                    let room = (MAX_OCR_PIXELS as f32 / (g.width * g.height).max(1) as f32).sqrt();
                    let factor = (TARGET_DPI as f32 / dpi as f32).clamp(1.0, 3.0).min(room.max(1.0));
                    let big = g.upscale(factor);
                    let dpi = (dpi as f32 * big.width as f32 / g.width.max(1) as f32) as u32;
                    (big.to_pgm(), dpi)
                }
                None => (file, dpi),
            };
            match engine.read(&file, dpi) {
                Ok(text) => {
                    let at = tsv::Placement {
                        bbox: scan.bbox,
                        px_width: file.width,
                        px_height: file.height,
                    };
                    let (glyphs, conf) = tsv::glyphs(&text, at);
                    p.glyphs = glyphs;
                    let straightened = if turned != 0.0 {
                        format!("，页面倾斜 {turned:.2}° 已校正")
                    } else {
                        String::new()
                    };
                    Some((
                        n,
                        match conf {
                            Some(c) => format!(
                                "第{n}页：扫描页，文字由 OCR 识别（tesseract {LANGUAGE}，平均置信度 {c:.0}%{straightened}），数字请与原件核对"
                            ),
                            None => format!("第{n}页：扫描页，OCR 未识别出文字"),
                        },
                    ))
                }
                Err(e) => Some((n, format!("第{n}页：扫描页 OCR 失败：{e}"))),
            }
        })
        .collect();
    if let (Some(first), Some(last)) = (skipped.first(), skipped.last()) {
        warnings.push((
            *first,
            format!(
                "第{first}–{last}页：扫描页超过 {MAX_OCR_PAGES} 页，其余 {} 页未做 OCR",
                skipped.len()
            ),
        ));
    }
    warnings.sort_by_key(|(n, _)| *n);
    Ok(warnings.into_iter().map(|(_, w)| w).collect())
}

/// Ruling segments found in the image, in page space.
fn to_rules(segs: &[lines::Segment], bbox: [f32; 4], w: usize, h: usize) -> Vec<Rule> {
    let sx = (bbox[2] - bbox[0]) / w.max(1) as f32;
    let sy = (bbox[3] - bbox[1]) / h.max(1) as f32;
    segs.iter()
        .map(|s| {
            if s.horizontal {
                let y = bbox[1] + s.pos * sy;
                Rule {
                    x0: bbox[0] + s.start as f32 * sx,
                    y0: y,
                    x1: bbox[0] + s.end as f32 * sx,
                    y1: y,
                }
            } else {
                let x = bbox[0] + s.pos * sx;
                Rule {
                    x0: x,
                    y0: bbox[1] + s.start as f32 * sy,
                    x1: x,
                    y1: bbox[1] + s.end as f32 * sy,
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(status: CheckStatus, page: Option<u32>) -> Check {
        Check {
            rule: "children_sum".into(),
            table: Some("t3".into()),
            template: None,
            row: None,
            column: Some("total".into()),
            expected: None,
            actual: None,
            status,
            message: "表 t3 …".into(),
            page,
            blame: Vec::new(),
            wording: None,
        }
    }

    #[test]
    fn failing_checks_on_ocr_pages_say_so() {
        let mut checks = vec![
            check(CheckStatus::Fail, Some(4)),
            check(CheckStatus::Fail, Some(2)),
            check(CheckStatus::Pass, Some(4)),
        ];
        note_read_pages(&mut checks, &[4, 5]);
        assert!(
            checks[0]
                .message
                .ends_with("（第4页为扫描页，数字由 OCR 识别，请先与扫描件核对）")
        );
        assert_eq!(checks[1].message, "表 t3 …");
        assert_eq!(checks[2].message, "表 t3 …");
    }
}
