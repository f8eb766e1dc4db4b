//! The text reader and every stage after it: any bytes read as an
//! extracted text either give a canonical document that serialises, or a
//! `ProcessError`; never a panic, never a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yusuan::input::{FormatChoice, classify};

fuzz_target!(|data: &[u8]| {
    if let Ok(input) = classify("fuzz.txt".into(), data.to_vec(), FormatChoice::Text) {
        if let Ok(doc) = yusuan::pipeline::process(&input) {
            let _ = yusuan::output::to_json(&doc);
        }
    }
});
