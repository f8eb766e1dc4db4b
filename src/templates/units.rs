//! The unit a table declares (单位：万元 / 金额单位：元 / 单位:元, or 万元 in
//! parentheses in the title or a header) and its scale to 元. The unit is
//! read per table because one document may mix them (上海: tables in 元,
//! the “三公” table in 万元). The caption wins over the title, the title over
//! the headers; no unit printed → `None` (the document's unit is decided
//! later by `facts::document_meta`).

use super::matcher::fold_width;
use regex::Regex;
use std::sync::OnceLock;

fn re_caption() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"单\s*位\s*:\s*(亿元|万元|千元|元)").unwrap_or_else(|_| unreachable!())
    })
}

fn re_paren() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"\(\s*(?:单位\s*:?\s*)?(亿元|万元|千元|元)\s*\)")
            .unwrap_or_else(|_| unreachable!())
    })
}

/// The declared unit and its scale (`("万元", "10000")`).
pub fn detect(
    caption: &[String],
    title: Option<&str>,
    headers: &[String],
) -> Option<(String, String)> {
    let from_caption = caption.iter().find_map(|l| {
        let l = fold_width(l);
        re_caption()
            .captures(&l)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str().to_string())
    });
    let from_paren = |s: &str| {
        let s = fold_width(s);
        re_paren()
            .captures(&s)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str().to_string())
    };
    let unit = from_caption
        .or_else(|| {
            title.and_then(|t| {
                re_caption()
                    .captures(&fold_width(t))
                    .and_then(|c| c.get(1))
                    .map(|m| m.as_str().to_string())
            })
        })
        .or_else(|| title.and_then(from_paren))
        .or_else(|| caption.iter().find_map(|l| from_paren(l)))
        .or_else(|| headers.iter().find_map(|h| from_paren(h)))?;
    let scale = crate::amount::unit_scale(&unit)?;
    Some((unit, scale.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn units_from_caption_title_header() {
        assert_eq!(
            detect(
                &s(&["填报单位：新乡市红旗区医疗保障局 单位：万元"]),
                None,
                &[]
            ),
            Some(("万元".into(), "10000".into()))
        );
        assert_eq!(
            detect(&s(&["部门名称：区医保分局 单位：元"]), None, &[]),
            Some(("元".into(), "1".into()))
        );
        assert_eq!(
            detect(&s(&["金额单位：元"]), None, &[]),
            Some(("元".into(), "1".into()))
        );
        assert_eq!(
            detect(&s(&["单位:万元"]), None, &[]),
            Some(("万元".into(), "10000".into()))
        );
        assert_eq!(
            detect(
                &s(&["编制部门：上海市普陀区商务委员会 单位:万元"]),
                None,
                &[]
            )
            .map(|u| u.1),
            Some("10000".into())
        );
        assert_eq!(
            detect(&[], Some("部门支出总表（万元）"), &[]).map(|u| u.0),
            Some("万元".into())
        );
        assert_eq!(
            detect(&[], None, &s(&["合计（千元）"])).map(|u| u.1),
            Some("1000".into())
        );
        assert_eq!(detect(&s(&["填报单位：某局"]), None, &[]), None);
    }
}
