//! The 类 of the expenditure-by-function classification by name
//! (`data/function_classes.json`): a table that lists the classes by name
//! only (the 收支总表's expenditure side, `八、社会保障和就业支出 326.71`)
//! gets their codes, so its rows meet the coded rows of the 支出表 and the
//! 一般公共预算支出表 in `cross_table`.

use super::cells::norm_name;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
struct File {
    classes: Vec<Class>,
}

#[derive(Debug, Deserialize)]
struct Class {
    code: String,
    names: Vec<String>,
}

/// Normalised name → 类 code. A name listed under two codes is dropped
/// (ambiguous: no code rather than a wrong one).
fn table() -> &'static BTreeMap<String, String> {
    static T: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    T.get_or_init(|| {
        let f: File = serde_json::from_str(include_str!("../../data/function_classes.json"))
            .unwrap_or(File {
                classes: Vec::new(),
            });
        let mut seen: BTreeMap<String, Option<String>> = BTreeMap::new();
        for c in &f.classes {
            for n in &c.names {
                seen.entry(norm_name(n))
                    .and_modify(|e| {
                        if e.as_deref() != Some(c.code.as_str()) {
                            *e = None
                        }
                    })
                    .or_insert_with(|| Some(c.code.clone()));
            }
        }
        seen.into_iter()
            .filter_map(|(n, c)| Some((n, c?)))
            .collect()
    })
}

/// The 类 code of a printed class name (`八、社会保障和就业支出` → `208`),
/// after removing spaces and an enumeration prefix; `None` for any other
/// name.
pub fn class_code(name: &str) -> Option<&'static str> {
    table().get(&norm_name(name)).map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_former_names_map_to_one_code() {
        assert_eq!(class_code("八、社会保障和就业支出"), Some("208"));
        assert_eq!(class_code("十九、 住房保障支出"), Some("221"));
        assert_eq!(class_code("医疗卫生与计划生育支出"), Some("210"));
        assert_eq!(class_code("卫生健康支出"), Some("210"));
        assert_eq!(class_code("行政运行"), None);
        assert_eq!(class_code("本年支出合计"), None);
    }

    #[test]
    fn the_data_is_unambiguous_and_codes_are_classes() {
        let f: File =
            serde_json::from_str(include_str!("../../data/function_classes.json")).unwrap();
        let mut names = std::collections::BTreeSet::new();
        for c in &f.classes {
            assert!(c.code.len() == 3 && c.code.starts_with('2'), "{}", c.code);
            for n in &c.names {
                assert!(names.insert(norm_name(n)), "{n} listed twice");
            }
        }
    }
}
