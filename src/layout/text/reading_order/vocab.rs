//! Domain vocabulary for reading-order tables, loaded once from
//! `data/header_vocabulary.json` (compiled in). Header terms, which header
//! is the merged parent of which, caption and note prefixes, side markers of
//! two-sided tables: a new province's wording is a change to that file.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Deserialize)]
pub struct Vocabulary {
    pub title_suffixes: Vec<String>,
    pub title_keywords: Vec<String>,
    pub caption_prefixes: Vec<String>,
    pub note_prefixes: Vec<String>,
    pub note_phrases: Vec<String>,
    pub total_prefixes: Vec<String>,
    pub column_number_words: Vec<String>,
    pub income_side: Vec<String>,
    pub expenditure_side: Vec<String>,
    pub income_markers: Vec<String>,
    pub expenditure_markers: Vec<String>,
    pub code_part_headers: Vec<String>,
    pub code_headers: Vec<String>,
    pub unit_code_headers: Vec<String>,
    pub text_headers: Vec<String>,
    /// Text columns that describe a row and never hold its label (a lone
    /// 合计 skips them).
    #[serde(default)]
    pub non_label_headers: Vec<String>,
    /// Known header words (a header printed wrapped over lines is joined
    /// back into one of these).
    pub terms: Vec<String>,
    /// Merged parent header → the headers printed under it.
    pub children: BTreeMap<String, Vec<String>>,
}

static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();

/// The vocabulary (parsed on first use; its validity is unit-tested).
pub fn get() -> &'static Vocabulary {
    VOCABULARY.get_or_init(|| {
        serde_json::from_str(include_str!("../../../../data/header_vocabulary.json"))
            .unwrap_or_else(|_| Vocabulary::empty())
    })
}

impl Vocabulary {
    fn empty() -> Self {
        Vocabulary {
            title_suffixes: vec!["表".into()],
            title_keywords: vec![],
            caption_prefixes: vec![],
            note_prefixes: vec![],
            note_phrases: vec![],
            total_prefixes: vec![],
            column_number_words: vec![],
            income_side: vec![],
            expenditure_side: vec![],
            income_markers: vec![],
            expenditure_markers: vec![],
            code_part_headers: vec![],
            code_headers: vec![],
            unit_code_headers: vec![],
            text_headers: vec![],
            non_label_headers: vec![],
            terms: vec![],
            children: BTreeMap::new(),
        }
    }

    /// Does `word` equal one of `list` (`YYYY` matching any four digits)?
    pub fn is_in(list: &[String], word: &str) -> bool {
        list.iter().any(|t| term_matches(t, word))
    }

    /// The merged-parent entry for `word`, if it is a known parent.
    pub fn children_of(&self, word: &str) -> Option<&Vec<String>> {
        self.children
            .iter()
            .find(|(k, _)| term_matches(k, word))
            .map(|(_, v)| v)
    }
}

/// `term` equals `word`, a `Y` of `YYYY` in the term matching any ASCII digit.
pub fn term_matches(term: &str, word: &str) -> bool {
    let (mut t, mut w) = (term.chars(), word.chars());
    loop {
        match (t.next(), w.next()) {
            (None, None) => return true,
            (Some('Y'), Some(c)) if c.is_ascii_digit() => {}
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

/// Length in chars of the longest term of `terms` that `chars[at..]` starts
/// with (`YYYY` matching digits).
pub fn longest_prefix(terms: &[String], chars: &[char], at: usize) -> Option<usize> {
    let rest = chars.get(at..)?;
    terms
        .iter()
        .filter_map(|t| {
            let n = t.chars().count();
            let piece = rest.get(..n)?;
            let ok = t
                .chars()
                .zip(piece)
                .all(|(a, &b)| a == b || (a == 'Y' && b.is_ascii_digit()));
            ok.then_some(n)
        })
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_file_parses() {
        let v: Vocabulary =
            serde_json::from_str(include_str!("../../../../data/header_vocabulary.json")).unwrap();
        assert!(v.terms.len() > 50);
        assert!(v.children_of("2021年预算").is_some());
    }

    #[test]
    fn year_placeholder_matches_digits() {
        assert!(term_matches("YYYY年预算", "2021年预算"));
        assert!(!term_matches("YYYY年预算", "2021年预算数"));
        let chars: Vec<char> = "2021年预算数合计".chars().collect();
        let terms = vec!["YYYY年预算".to_string(), "YYYY年预算数".to_string()];
        assert_eq!(longest_prefix(&terms, &chars, 0), Some(8));
    }
}
