//! The wording of check messages, in two languages: Chinese (the language
//! the documents speak, the default) and English (`--lang en`).
//!
//! A rule never writes a message as a string literal of its own: it asks
//! [`checks`] for a [`Text`], which holds both wordings of one message, and
//! builds longer messages by joining such texts. The two wordings of every
//! message sit side by side in one function of [`checks`], so a translator
//! reads and edits them together, and the compiler checks that both use the
//! same values (a placeholder missing in one language is a build error,
//! not a blank at run time — the reason for Rust functions over templates
//! in `data/messages/*.json`, which would also need a small language of
//! their own for the parts a message joins: location, relation, notes).
//!
//! The other wording travels with the check (`wording` in the JSON: `en`
//! beside a Chinese `message`, `zh` beside an English one), so `report`,
//! `merge` and `show` can give either language from a document extracted
//! in the other. Quoted document text (`«…»`, `“…”`), printed
//! row names and identifiers (rule keys, column keys, fact keys, table
//! ids) are the same in both.

pub mod checks;

use serde::{Deserialize, Serialize};

/// The language of the messages a command writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// Chinese, as the documents speak (the default).
    #[default]
    Zh,
    /// English.
    En,
}

/// One message in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Text {
    /// Empty in a check's `wording` when `message` holds it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub zh: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub en: String,
}

impl Text {
    /// A message with its two wordings.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// Text that reads the same in both languages: a quote, a printed
    /// name, a number, an identifier.
    pub fn same(s: impl Into<String>) -> Text {
        let s = s.into();
        Text {
            zh: s.clone(),
            en: s,
        }
    }

    /// Append `other`, language by language.
    pub fn push(&mut self, other: &Text) {
        self.zh.push_str(&other.zh);
        self.en.push_str(&other.en);
    }

    /// `self` followed by `other`.
    pub fn then(mut self, other: &Text) -> Text {
        self.push(other);
        self
    }

    /// The wording in `lang`.
    pub fn pick(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// Texts joined by a separator that is the same in both languages'
    /// wording (`zh_sep`, `en_sep`).
    pub fn join(parts: &[Text], zh_sep: &str, en_sep: &str) -> Text {
        Text {
            zh: parts
                .iter()
                .map(|p| p.zh.as_str())
                .collect::<Vec<_>>()
                .join(zh_sep),
            en: parts
                .iter()
                .map(|p| p.en.as_str())
                .collect::<Vec<_>>()
                .join(en_sep),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_join_language_by_language() {
        let t = Text::new("表 ", "table ").then(&Text::same("t3"));
        assert_eq!(t.pick(Lang::Zh), "表 t3");
        assert_eq!(t.pick(Lang::En), "table t3");
        let j = Text::join(&[Text::same("a"), Text::same("b")], "、", ", ");
        assert_eq!((j.zh.as_str(), j.en.as_str()), ("a、b", "a, b"));
    }

    #[test]
    fn a_check_switches_language_and_keeps_the_other_wording() {
        let mut c = crate::model::Check {
            rule: "children_sum".into(),
            table: None,
            template: None,
            row: None,
            column: None,
            expected: None,
            actual: None,
            status: crate::model::CheckStatus::Fail,
            message: String::new(),
            page: None,
            blame: Vec::new(),
            wording: None,
        };
        c.set_message(Text::new("甲", "a"));
        c.append_message(&Text::new("乙", "b"));
        assert_eq!(c.message, "甲乙");
        c.localise(Lang::En);
        assert_eq!(c.message, "ab");
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["wording"], serde_json::json!({"zh": "甲乙"}));
        c.append_message(&Text::new("丙", "c"));
        assert_eq!(c.message, "abc");
        let mut back: crate::model::Check =
            serde_json::from_value(serde_json::to_value(&c).unwrap()).unwrap();
        back.localise(Lang::Zh);
        assert_eq!(back.message, "甲乙丙");
        back.localise(Lang::Zh);
        assert_eq!(back.message, "甲乙丙");
        back.localise(Lang::En);
        assert_eq!(
            (back.message.as_str(), back.wording.unwrap().zh.as_str()),
            ("abc", "甲乙丙")
        );
    }
}
