//! Columns printed blank in every row of a table without ruling: a
//! “三公” table whose 因公出国（境）费 or 购置费 spent nothing, its zeros
//! printed blank. The body's gaps ([`super::columns::column_separators`])
//! do not show such a column: the amounts on either side leave one wide
//! gap, one separator, and the blank column's header falls into a
//! neighbour, whose header then reads `合计因公出国（境）费` and whose
//! amounts go to the wrong key (`合计` read as 因公出国, every later column
//! one off).
//!
//! The header still prints the column. A header leaf (not a parent over
//! others) lying wholly inside a gap between body chunks, in a column where
//! another header leaf sits nearer the column's amounts, is a column of its
//! own: the gap is cut on both sides of it. A header leaf alone over its
//! column is never moved, however far from the amounts it is printed (a
//! narrow `0.00` right-aligned under a centred `合计`).

use super::columns::{body_spans, column_of};
use super::headers::is_column_numbers;
use super::vocab::vocab;
use super::words::{Chunk, TextLine};

/// Separators closer than this (points) are one.
const SAME_SEPARATOR: f32 = 1.0;

/// `seps` (from the body's gaps) with the blank columns the header prints
/// cut out of the gaps that hid them.
pub fn cut(header: &[TextLine], body: &[TextLine], seps: Vec<f32>) -> Vec<f32> {
    let spans = body_spans(body);
    let leaves = leaf_groups(header);
    let groups: Vec<(f32, f32)> = leaves.iter().map(|l| (l.0, l.1)).collect();
    let on_bottom = |g: (f32, f32)| leaves.iter().any(|l| l.2 && l.0 == g.0 && l.1 == g.1);
    if spans.is_empty() || groups.len() < 2 {
        return seps;
    }
    let overlaps = |(a0, a1): (f32, f32), (b0, b1): (f32, f32)| a0 < b1 && b0 < a1;
    let in_gap = |g: (f32, f32)| !spans.iter().any(|&s| overlaps(s, g));
    let col = |x0: f32, x1: f32| column_of(&seps, (x0 + x1) / 2.0);
    let mut blank: Vec<(f32, f32)> = Vec::new();
    for k in 0..=seps.len() {
        let here: Vec<(f32, f32)> = groups
            .iter()
            .copied()
            .filter(|g| col(g.0, g.1) == k)
            .collect();
        if here.len() < 2 {
            continue;
        }
        let amounts: Vec<(f32, f32)> = spans
            .iter()
            .copied()
            .filter(|s| col(s.0, s.1) == k)
            .collect();
        let Some(a0) = amounts.iter().map(|s| s.0).reduce(f32::min) else {
            continue;
        };
        let a1 = amounts.iter().map(|s| s.1).fold(a0, f32::max);
        let distance = |g: &(f32, f32)| (a0 - g.1).max(g.0 - a1).max(0.0);
        let owner = here
            .iter()
            .copied()
            .min_by(|a, b| distance(a).total_cmp(&distance(b)));
        blank.extend(
            here.iter()
                .copied()
                .filter(|g| Some(*g) != owner && in_gap(*g) && on_bottom(*g)),
        );
    }
    if blank.is_empty() {
        return seps;
    }
    let mut out = seps;
    for g in &blank {
        // The gap around g: the body's reach on each side.
        let Some(left) = spans
            .iter()
            .map(|s| s.1)
            .filter(|&x| x <= g.0)
            .reduce(f32::max)
        else {
            continue;
        };
        let Some(right) = spans
            .iter()
            .map(|s| s.0)
            .filter(|&x| x >= g.1)
            .reduce(f32::min)
        else {
            continue;
        };
        // Cut between g and its nearest neighbours inside the gap: a body
        // chunk or another header leaf (the next column's header may be
        // printed in the gap too, left of its amounts).
        let before = groups
            .iter()
            .map(|h| h.1)
            .filter(|&x| x <= g.0 && x > left)
            .fold(left, f32::max);
        let after = groups
            .iter()
            .map(|h| h.0)
            .filter(|&x| x >= g.1 && x < right)
            .fold(right, f32::min);
        out.retain(|&x| !(x > before && x < after));
        out.push((before + g.0) / 2.0);
        out.push((g.1 + after) / 2.0);
    }
    out.sort_by(f32::total_cmp);
    out.dedup_by(|a, b| (*a - *b).abs() <= SAME_SEPARATOR);
    out
}

/// The header's leaves as x extents: the chunks with nothing of the header
/// printed below them. A parent printed over only its middle child
/// (`公务用车购置及运行费` over `购置费`, beside `小计` and `运行费`) is no
/// leaf, nor is the first line of a wrapped name (`因公出国` over `（境）费`).
/// The flag says whether the leaf reaches the header's last line and names
/// no total (`合计`, `小计`): only such a leaf is taken for a blank column; a
/// total column prints figures whenever its parts do, so a 合计 printed in
/// the gap left of its figures is that column's header, not a blank one. A group's parent printed centred
/// over the gap between its children (`收入` over `项目 金额`) has nothing
/// under its own extent, yet it is no column.
fn leaf_groups(header: &[TextLine]) -> Vec<(f32, f32, bool)> {
    let lines: Vec<&TextLine> = header
        .iter()
        .filter(|l| {
            let texts: Vec<&str> = l.chunks.iter().map(|c| c.text.as_str()).collect();
            !is_column_numbers(&texts)
        })
        .collect();
    let covers = |c: &Chunk, below: &[&TextLine]| {
        below
            .iter()
            .flat_map(|l| l.chunks.iter())
            .any(|d| d.x0 < c.x1 && c.x0 < d.x1)
    };
    let last = lines.len().saturating_sub(1);
    let mut leaves: Vec<(f32, f32, bool)> = lines
        .iter()
        .enumerate()
        .flat_map(|(i, l)| l.chunks.iter().map(move |c| (i, c)))
        .filter(|(i, c)| !covers(c, &lines[i + 1..]))
        .map(|(i, c)| (c.x0, c.x1, i == last && !vocab().is_total_header(&c.text)))
        .collect();
    leaves.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f32, f32, bool)> = Vec::new();
    for (x0, x1, bottom) in leaves {
        match out.last_mut() {
            Some(last) if x0 < last.1 => {
                last.1 = last.1.max(x1);
                last.2 |= bottom;
            }
            _ => out.push((x0, x1, bottom)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::lines::glyphs_to_lines;
    use super::super::lines::tests::run;
    use super::super::settings::Settings;
    use super::*;
    use crate::model::Glyph;

    fn lines(parts: &[(&str, f32, f32)]) -> Vec<TextLine> {
        let s = Settings::default();
        let g: Vec<Glyph> = parts
            .iter()
            .flat_map(|(t, x, y)| run(t, *x, *y, 10.0))
            .collect();
        glyphs_to_lines(&g, (0..g.len()).collect(), &s)
            .iter()
            .map(|l| TextLine::from_line(l, &g, &s))
            .collect()
    }

    #[test]
    fn a_column_printed_blank_keeps_its_header() {
        // 合计 | 因公出国（境）费 (blank) | 公务接待费: the amounts leave one
        // gap where two columns are
        let header = lines(&[
            ("合计", 10.0, 10.0),
            ("因公出国", 110.0, 10.0),
            ("公务接待费", 230.0, 10.0),
            ("（境）费", 110.0, 22.0),
        ]);
        let body = lines(&[("459,500.00", 0.0, 40.0), ("60,100.00", 240.0, 40.0)]);
        let s = Settings::default();
        let seps = super::super::columns::column_separators(&body, &s);
        assert_eq!(seps.len(), 1);
        let cut = cut(&header, &body, seps);
        assert_eq!(cut.len(), 2, "{cut:?}");
        // 合计's amount left of the first cut, the blank column's header
        // between the cuts, 公务接待费's amount right of the second
        assert!(cut[0] > 50.0 && cut[0] < 110.0, "{cut:?}");
        assert!(cut[1] > 150.0 && cut[1] < 230.0, "{cut:?}");
    }

    #[test]
    fn blank_columns_beside_a_parent_over_its_middle_child() {
        // the 决算数 half of a r012012-like “三公” table: 因公出国 and 购置费
        // blank; 公务用车购置及运行费 printed over 购置费 only, 小计 left of
        // its right-aligned amount
        let parts = [
            ("公务用车购置及运行费", 150.0, 2.0),
            ("因公出国", 52.0, 3.0),
            ("合计", 0.0, 10.0),
            ("公务接待费", 295.0, 10.0),
            ("（境）费", 52.0, 17.0),
            ("小计", 124.0, 18.0),
            ("购置费", 185.0, 18.0),
            ("运行费", 245.0, 18.0),
        ];
        let header = lines(&parts);
        let body = lines(&[
            ("15.73", 18.0, 35.0),
            ("8.45", 144.0, 35.0),
            ("8.45", 266.0, 35.0),
            ("7.28", 330.0, 35.0),
        ]);
        let s = Settings::default();
        let d = super::super::columns::block_to_draft(&header, &body, 1, &s);
        assert_eq!(d.columns.len(), 6, "{:?}", d.columns);
        assert_eq!(
            d.rows[0].cells,
            vec!["15.73", "", "8.45", "", "8.45", "7.28"],
            "{:?}",
            d.columns
        );
        assert_eq!(d.columns[1], "因公出国（境）费");
        assert!(d.columns[3].ends_with("购置费"), "{:?}", d.columns);
        // printed with its 因公出国 figure, the same header cuts nothing
        let full = lines(&[
            ("15.73", 18.0, 35.0),
            ("0.00", 72.0, 35.0),
            ("8.45", 144.0, 35.0),
            ("0.00", 195.0, 35.0),
            ("8.45", 266.0, 35.0),
            ("7.28", 330.0, 35.0),
        ]);
        let seps = super::super::columns::column_separators(&full, &s);
        assert_eq!(cut(&header, &full, seps.clone()), seps);
    }

    #[test]
    fn a_parent_centred_over_its_childrens_gap_is_no_blank_column() {
        // `收入` printed over `项目 | 金额`, between them: nothing of the
        // header under its own extent, yet a parent, not a column
        let header = lines(&[
            ("收入", 70.0, 2.0),
            ("项目", 0.0, 14.0),
            ("金额", 120.0, 14.0),
        ]);
        let body = lines(&[("一般公共预算", 0.0, 30.0), ("2657.84", 110.0, 30.0)]);
        let s = Settings::default();
        let seps = super::super::columns::column_separators(&body, &s);
        assert_eq!(cut(&header, &body, seps.clone()), seps);
    }

    #[test]
    fn a_header_alone_over_its_column_is_not_moved() {
        // a centred 合计 over a narrow right-aligned 0.00: one header per
        // column, nothing is cut however far the header sits from its figure
        let header = lines(&[("项目", 0.0, 10.0), ("合计", 120.0, 10.0)]);
        let body = lines(&[("一般公共服务支出", 0.0, 30.0), ("0.00", 170.0, 30.0)]);
        let s = Settings::default();
        let seps = super::super::columns::column_separators(&body, &s);
        assert_eq!(cut(&header, &body, seps.clone()), seps);
    }

    #[test]
    fn a_total_header_in_a_gap_is_no_blank_column() {
        // `合计` printed in the gap left of the figures it heads, beside a
        // leaf nearer them: a total column prints figures whenever its parts
        // do, so it is that column's header, never a column printed blank
        let header = lines(&[
            ("项目", 0.0, 10.0),
            ("合计", 80.0, 10.0),
            ("一般公共预算", 140.0, 10.0),
        ]);
        let body = lines(&[("收入", 0.0, 30.0), ("300.00", 150.0, 30.0)]);
        let s = Settings::default();
        let seps = super::super::columns::column_separators(&body, &s);
        assert_eq!(cut(&header, &body, seps.clone()), seps);
        // the same place with another name is cut as a blank column
        let other = lines(&[
            ("项目", 0.0, 10.0),
            ("事业收入", 80.0, 10.0),
            ("一般公共预算", 140.0, 10.0),
        ]);
        assert_eq!(cut(&other, &body, seps.clone()).len(), seps.len() + 1);
    }
}
