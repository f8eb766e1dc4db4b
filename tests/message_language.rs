//! One language per message: every check of the real documents
//! (`../shared/real`, `../shared/real_provinces`) and of the seed texts
//! carries both wordings, the default message is the Chinese one, and each
//! wording is in one language:
//!
//! - Chinese (`wording.zh`): outside quoted document text (`«…»`, `“…”`)
//!   no ASCII word but identifiers: table ids (`t3`), the keys of the
//!   document (templates, column keys, fact keys, rule keys), snake_case
//!   keys (`vehicle_total`, which a relation names even when the document
//!   lacks the fact), words of the printed names (a row named `PPP项目`)
//!   and `OCR`.
//! - English (`wording.en`): outside quoted text no Chinese character but
//!   in printed text: every run of Chinese characters must occur in a table
//!   title, a row name, a fact's quote or unit of the document (`万元`,
//!   `元`, `row 合计`, `table t5 (政府性基金预算支出表)`).
//!
//! A new rule's messages are held to the same: give them both wordings in
//! `src/messages/checks.rs`.

mod common;

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn inputs() -> Vec<PathBuf> {
    let mut v = common::real_pdfs();
    if let Ok(rd) = std::fs::read_dir(common::shared().join("real_provinces")) {
        let mut p: Vec<PathBuf> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
            .collect();
        p.sort();
        v.extend(p);
    }
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(common::repo().join("corpus/text"))
        .expect("corpus/text")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    seeds.sort();
    v.extend(seeds);
    v
}

/// The message with quoted document text cut out.
fn unquoted(m: &str) -> String {
    let mut out = String::new();
    let mut depth: Vec<char> = Vec::new();
    for c in m.chars() {
        match c {
            '«' | '“' => depth.push(c),
            '»' if depth.last() == Some(&'«') => {
                depth.pop();
                out.push(' ');
            }
            '”' if depth.last() == Some(&'“') => {
                depth.pop();
                out.push(' ');
            }
            _ if depth.is_empty() => out.push(c),
            _ => {}
        }
    }
    out
}

/// The quoted pieces of a message (what the document prints).
fn quoted(m: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for c in m.chars() {
        match (c, cur.as_mut()) {
            ('«', None) => cur = Some(String::new()),
            ('»', Some(_)) => out.extend(cur.take()),
            (_, Some(q)) => q.push(c),
            _ => {}
        }
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

fn strs(v: &Value) -> impl Iterator<Item = &str> {
    v.as_str().into_iter()
}

/// Identifiers and printed text of one document.
struct Known {
    identifiers: BTreeSet<String>,
    printed: Vec<String>,
    /// Printed names, titles and units, longest first.
    by_length: Vec<String>,
}

fn known(doc: &Value) -> Known {
    let mut identifiers = BTreeSet::new();
    let mut printed: Vec<String> = vec!["万元".into(), "元".into()];
    for t in doc["tables"].as_array().into_iter().flatten() {
        identifiers.extend(strs(&t["id"]).map(String::from));
        identifiers.extend(strs(&t["template"]).map(String::from));
        for c in t["columns"].as_array().into_iter().flatten() {
            identifiers.extend(strs(&c["key"]).map(String::from));
        }
        printed.extend(strs(&t["title"]).map(String::from));
        printed.extend(strs(&t["unit"]).map(String::from));
        for r in t["rows"].as_array().into_iter().flatten() {
            printed.extend(strs(&r["name"]).map(String::from));
        }
    }
    for f in doc["facts"].as_array().into_iter().flatten() {
        identifiers.extend(strs(&f["key"]).map(String::from));
        printed.extend(strs(&f["unit"]).map(String::from));
        for s in f["sources"].as_array().into_iter().flatten() {
            printed.extend(strs(&s["quote"]).map(String::from));
        }
    }
    for c in doc["checks"].as_array().into_iter().flatten() {
        for k in ["rule", "column", "template", "table"] {
            identifiers.extend(strs(&c[k]).map(String::from));
        }
        printed.extend(strs(&c["row"]["name"]).map(String::from));
    }
    identifiers.insert("OCR".into());
    let mut by_length: Vec<String> = printed.iter().filter(|p| !p.is_empty()).cloned().collect();
    by_length.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
    by_length.dedup();
    Known {
        identifiers,
        printed,
        by_length,
    }
}

/// ASCII words of a Chinese wording that are not identifiers.
fn english_in(zh: &str, k: &Known) -> Vec<String> {
    let text = unquoted(zh);
    let mut out = Vec::new();
    let words = text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
    for w in words {
        if !w.chars().any(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        let snake = w.contains('_')
            && w.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        let id =
            w.len() > 1 && w.starts_with(['t', 'c']) && w[1..].chars().all(|c| c.is_ascii_digit());
        let printed = k.printed.iter().any(|p| p.contains(w));
        if !(snake || id || printed || k.identifiers.contains(w)) {
            out.push(w.to_string());
        }
    }
    out
}

/// Chinese text of an English wording that the document does not print:
/// printed names, titles, units and quotes are cut out (longest first),
/// and what Chinese is left is returned, run by run.
fn chinese_in(en: &str, k: &Known) -> Vec<String> {
    let mut text = en.to_string();
    for p in &k.by_length {
        if text.contains(p.as_str()) {
            text = text.replace(p.as_str(), " ");
        }
    }
    for q in quoted(&text) {
        text = text.replacen(&format!("«{q}»"), " ", 1);
    }
    // A path of prose names (`code 208 社会保障和就业支出/…`) is printed in
    // the prose the message quotes.
    for q in quoted(en) {
        for piece in text
            .clone()
            .split(|c: char| c.is_ascii_whitespace() || c == '/')
        {
            if piece.chars().any(is_cjk) && q.contains(piece) {
                text = text.replacen(piece, " ", 1);
            }
        }
    }
    let text = unquoted(&text);
    let mut out = Vec::new();
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if is_cjk(c) {
            run.push(c);
        } else if !run.is_empty() {
            out.push(std::mem::take(&mut run));
        }
    }
    out
}

#[test]
fn every_message_is_in_one_language() {
    let files = inputs();
    assert!(
        files.len() >= 16,
        "the real documents must be beside the repository"
    );
    let docs: Vec<(PathBuf, Value)> = std::thread::scope(|s| {
        let half = files.len().div_ceil(2);
        let hs: Vec<_> = files
            .chunks(half)
            .map(|chunk| {
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|p| (p.clone(), common::run(p)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        hs.into_iter()
            .flat_map(|h| h.join().expect("run"))
            .collect()
    });
    let mut problems = Vec::new();
    let mut seen = 0usize;
    for (path, doc) in &docs {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let k = known(doc);
        for c in doc["checks"].as_array().into_iter().flatten() {
            seen += 1;
            let rule = c["rule"].as_str().unwrap_or("");
            let msg = c["message"].as_str().unwrap_or("");
            let (Some(zh), Some(en)) = (c["wording"]["zh"].as_str(), c["wording"]["en"].as_str())
            else {
                problems.push(format!("{name}: {rule}: no wording: {msg}"));
                continue;
            };
            if msg != zh {
                problems.push(format!(
                    "{name}: {rule}: the default message is not the Chinese wording: {msg}"
                ));
            }
            let e = english_in(zh, &k);
            if !e.is_empty() {
                problems.push(format!("{name}: {rule}: English {e:?} in «{zh}»"));
            }
            let z = chinese_in(en, &k);
            if !z.is_empty() {
                problems.push(format!("{name}: {rule}: Chinese {z:?} in «{en}»"));
            }
        }
    }
    assert!(
        seen > 1000,
        "only {seen} checks: the documents were not read"
    );
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "{} messages not in one language:\n{}",
        problems.len(),
        problems
            .iter()
            .take(60)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_language_checks_can_fail() {
    let doc = serde_json::json!({
        "tables": [{"id": "t1", "template": "x", "title": "收入表", "columns": [{"key": "total"}], "rows": [{"name": "合计"}]}],
        "facts": [], "checks": []
    });
    let k = known(&doc);
    assert_eq!(
        english_in("表 t1 行 合计 列 total: the sum «abc»", &k),
        vec!["the", "sum"]
    );
    assert!(
        english_in(
            "表 t1 “收入表 total” 列 total: 2 个子项之和 vehicle_total",
            &k
        )
        .is_empty()
    );
    assert_eq!(
        chinese_in("table t1 row 合计 column total: 子项之和", &k),
        vec!["子项之和"]
    );
    assert!(chinese_in("table t1 (收入表) row 合计: «表格» 3 万元", &k).is_empty());
    assert!(chinese_in("code 205 表格/收入表: «表格 5»", &k).is_empty());
    assert_eq!(chinese_in("code 205 支出: «表格 5»", &k), vec!["支出"]);
    assert_eq!(chinese_in("表 t1 (收入表)", &k), vec!["表"]);
}
