//! Budget classification codes: function codes (类 3 / 款 5 / 项 7 digits)
//! and economic codes (class 3 / item 5 digits), printed whole (`2101501`),
//! with spaces (`210 15 01`) or split over 类/款/项 columns (`301 1`).

/// Join code pieces printed in separate columns or with spaces into one
/// code: `["210","15","01"]` → `2101501`, `["301","1"]` → `30101`,
/// `["302","29"]` → `30229`. Parts after the first are zero-padded to two
/// digits. `None` when the pieces do not form a code.
pub fn join_parts(parts: &[&str]) -> Option<String> {
    let parts: Vec<&str> = parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect();
    let first = parts.first()?;
    if !(first.len() == 3 || first.len() == 5 || first.len() == 7)
        || !first.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let mut code = first.to_string();
    for p in &parts[1..] {
        if p.is_empty() || p.len() > 2 || !p.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        if p.len() == 1 {
            code.push('0');
        }
        code.push_str(p);
    }
    if matches!(code.len(), 3 | 5 | 7) {
        Some(code)
    } else {
        None
    }
}

/// Parse a code cell as printed (`"2101501"`, `"210 15 01"`, `"301 1"`).
pub fn parse(cell: &str) -> Option<String> {
    let parts: Vec<&str> = cell.split_whitespace().collect();
    join_parts(&parts)
}

/// The parent of a code: `2101501` → `21015`, `21015` → `210`, `210` → none.
pub fn parent(code: &str) -> Option<&str> {
    match code.len() {
        7 => Some(&code[..5]),
        5 => Some(&code[..3]),
        _ => None,
    }
}

/// Economic codes start with 3 (支出经济分类 301…399) or 5 (政府预算经济分类 501…599);
/// function codes are 2xx.
pub fn is_economic(code: &str) -> bool {
    code.starts_with('3') || code.starts_with('5')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_split_codes() {
        assert_eq!(parse("210 15 01").as_deref(), Some("2101501"));
        assert_eq!(parse("301 1").as_deref(), Some("30101"));
        assert_eq!(parse("302 29").as_deref(), Some("30229"));
        assert_eq!(parse("2101501").as_deref(), Some("2101501"));
        assert_eq!(parse("208").as_deref(), Some("208"));
        assert_eq!(parse("2081.40"), None);
        assert_eq!(parse("1 2 3"), None);
        assert_eq!(parent("2101501"), Some("21015"));
        assert_eq!(parent("21015"), Some("210"));
    }
}
