//! The PDF stage (lopdf parse, fonts, CMaps, content streams, images) and
//! every stage after it: any bytes read as a PDF either give a canonical
//! document that serialises, or a `ProcessError`; never a panic, never a
//! hang. OCR is pointed at a program that does not exist, so a page that
//! is only an image fails fast instead of running tesseract.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yusuan::input::{FormatChoice, classify};

fuzz_target!(|data: &[u8]| {
    static NO_OCR: std::sync::Once = std::sync::Once::new();
    NO_OCR.call_once(|| {
        // SAFETY: set once, before any thread of the target reads it.
        unsafe { std::env::set_var("YUSUAN_TESSERACT", "/nonexistent/yusuan-fuzz-no-ocr") };
    });
    if let Ok(input) = classify("fuzz.pdf".into(), data.to_vec(), FormatChoice::Pdf) {
        if let Ok(doc) = yusuan::pipeline::process(&input) {
            let _ = yusuan::output::to_json(&doc);
        }
    }
});
