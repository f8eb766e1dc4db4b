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

/// Parse a code cell as printed (`"2101501"`, `"210 15 01"`, `"301 1"`),
/// or wrapped in a cell too narrow for it (`"3010 1"`, see [`unwrap`]).
pub fn parse(cell: &str) -> Option<String> {
    let parts: Vec<&str> = cell.split_whitespace().collect();
    join_parts(&parts).or_else(|| unwrap(cell))
}

/// A code wrapped in a cell too narrow for it, its lines read as words
/// (`3010` over `1` → `"3010 1"`, `20` over `1`, `201030` over `1`): the
/// digits of all lines, when they are no code printed with spaces
/// (`301 1`, `210 15 01` are read by [`join_parts`]).
pub fn unwrap(cell: &str) -> Option<String> {
    let parts: Vec<&str> = cell.split_whitespace().collect();
    if join_parts(&parts).is_some() {
        return None;
    }
    wrapped(&parts)
}

/// The code whose digits wrapped over these lines, top first. A wrap fills
/// every line but the last to the same width, so the lines before the last
/// are of one length (at least 2), the last no longer; the whole is a 3, 5
/// or 7-digit code that does not start with 0 (款/项 pieces of a split code
/// whose 类 is blank, `06 01`, are no wrap).
pub fn wrapped(lines: &[&str]) -> Option<String> {
    let (last, before) = lines.split_last()?;
    let width = before.first()?.len();
    let digits = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
    if width < 2
        || !lines.iter().all(|p| digits(p))
        || before.iter().any(|l| l.len() != width)
        || last.len() > width
    {
        return None;
    }
    let code: String = lines.concat();
    (matches!(code.len(), 3 | 5 | 7) && !code.starts_with('0')).then_some(code)
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
    }

    #[test]
    fn codes_wrapped_in_a_narrow_cell() {
        // a code too wide for its column wraps: `3010` over `1`
        assert_eq!(parse("3010 1").as_deref(), Some("30101"));
        assert_eq!(parse("20 1").as_deref(), Some("201"));
        assert_eq!(parse("201030 1").as_deref(), Some("2010301"));
        assert_eq!(parse("20 10 1").as_deref(), Some("20101"));
        // a code printed with spaces is no wrap
        assert_eq!(unwrap("301 1"), None);
        assert_eq!(unwrap("201 03 01"), None);
        // no code: lines of unequal width, a last line longer than the
        // others, 4 or 6 digits in all, a leading 0, a figure
        assert_eq!(parse("2010 30 1"), None);
        assert_eq!(parse("20 101"), None);
        assert_eq!(parse("20 12"), None);
        assert_eq!(parse("06 1"), None);
        assert_eq!(parse("20 1.5"), None);
        assert_eq!(parse("2 1"), None);
        assert_eq!(parent("21015"), Some("210"));
    }
}
