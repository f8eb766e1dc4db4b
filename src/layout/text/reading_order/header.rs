//! The header of a table printed in reading order: words broken over lines
//! (`一般公共预` / `算`) are joined back with the vocabulary, merged parents
//! get their children (`基本支出/工资福利支出`), split code columns
//! (`类 款 项` under `科目编码`) become one code column.
//!
//! Steps: header lines → [`header_words`] (joined words with the line they
//! start on) → [`build_tree`] (parent/child by vocabulary and line order) →
//! [`Header::from_tree`] (leaf columns, kinds, the two-part shapes).

use super::tokens;
use super::vocab::{self, Vocabulary};

/// What a column holds, for placing a row's cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Code,
    UnitCode,
    Text,
    Amount,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub kind: Kind,
}

/// The column structure a header describes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Header {
    /// Columns of one printed row (for two-part tables: of one part).
    pub columns: Vec<Column>,
    /// Two tables printed side by side with the same header (the header is
    /// printed twice): `columns` is one copy.
    pub side_by_side: bool,
    /// A two-sided table: columns of the income side and of the expenditure
    /// side (each starting with its label column).
    pub two_sided: Option<(Vec<Column>, Vec<Column>)>,
    /// Other orders of `columns` the printed header fits as well: a merged
    /// parent (`本年收入`) printed before an amount column (`上年结转`) that
    /// comes before the parent's children in reading order may stand left
    /// or right of it. Empty when the order is certain.
    pub alternatives: Vec<Vec<Column>>,
}

/// A header word and the line (within the header) it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub line: usize,
}

/// Join the header lines' pieces into words. At each position the longest
/// known term wins (it may span pieces and lines); otherwise the piece up to
/// the next whitespace is a word, extended while its brackets are open.
pub fn header_words(lines: &[Vec<String>], v: &Vocabulary) -> Vec<Word> {
    let lines = unweave(lines, v);
    let mut chars: Vec<char> = Vec::new();
    let mut line_of: Vec<usize> = Vec::new();
    let mut piece_start: Vec<bool> = Vec::new();
    for (li, ws) in lines.iter().enumerate() {
        for w in ws {
            for (k, c) in w.chars().enumerate() {
                chars.push(c);
                line_of.push(li);
                piece_start.push(k == 0);
            }
        }
    }
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < chars.len() {
        let end = match vocab::longest_prefix(&v.terms, &chars, pos) {
            Some(n) if n > 0 => pos + n,
            _ => {
                let mut end = next_piece(&piece_start, pos);
                while open_brackets(chars.get(pos..end).unwrap_or(&[])) && end < chars.len() {
                    end = next_piece(&piece_start, end);
                }
                end
            }
        };
        let text: String = chars.get(pos..end).unwrap_or(&[]).iter().collect();
        out.push(Word {
            text: text.replace('/', "／"),
            line: line_of.get(pos).copied().unwrap_or(0),
        });
        pos = end;
    }
    attach_remarks(out)
}

/// Two header cells broken at the same height print their first pieces on
/// one line and their rests one per line after it (`一般公共预 政府性基金` /
/// `算拨款` / `预算拨款`): read in order, the first cell would end in the
/// second's first piece. When a line of k pieces is followed by k lines of
/// one piece each, every piece joined with its own rest is a known term and
/// some first piece alone is none, the cells are put back one per line.
fn unweave(lines: &[Vec<String>], v: &Vocabulary) -> Vec<Vec<String>> {
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let heads = &lines[i];
        let k = heads.len();
        let rests = lines
            .get(i + 1..i + 1 + k)
            .filter(|r| k >= 2 && r.len() == k && r.iter().all(|l| l.len() == 1));
        let is_term = |w: &str| v.terms.iter().any(|t| vocab::term_matches(t, w));
        let joined: Option<Vec<String>> = rests.map(|r| {
            heads
                .iter()
                .zip(r)
                .map(|(h, l)| format!("{h}{}", l[0]))
                .collect()
        });
        match joined {
            Some(cells)
                if cells.iter().all(|c| is_term(c)) && heads.iter().any(|h| !is_term(h)) =>
            {
                out.extend(cells.into_iter().map(|c| vec![c]));
                i += 1 + k;
            }
            _ => {
                out.push(heads.clone());
                i += 1;
            }
        }
    }
    out
}

/// A header line that opens with a whole bracketed remark (`（项目编` / `码）`
/// under `单位编码`) continues the cell printed above it: a remark names no
/// column of its own, it qualifies the word before it
/// (`单位编码（项目编码）`).
fn attach_remarks(words: Vec<Word>) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::with_capacity(words.len());
    for w in words {
        match out.last_mut() {
            Some(prev) if w.line > prev.line && is_remark(&w.text) => prev.text.push_str(&w.text),
            _ => out.push(w),
        }
    }
    out
}

/// `（项目编码）`: one bracketed group and nothing else.
fn is_remark(t: &str) -> bool {
    let cs: Vec<char> = t.chars().collect();
    let (Some(first), Some(last)) = (cs.first(), cs.last()) else {
        return false;
    };
    cs.len() > 2
        && matches!(first, '（' | '(')
        && matches!(last, '）' | ')')
        && cs
            .iter()
            .enumerate()
            .all(|(i, c)| i == 0 || i + 1 == cs.len() || !matches!(c, '（' | '(' | '）' | ')'))
}

fn next_piece(piece_start: &[bool], from: usize) -> usize {
    let mut i = from + 1;
    while i < piece_start.len() && !piece_start[i] {
        i += 1;
    }
    i.min(piece_start.len())
}

fn open_brackets(cs: &[char]) -> bool {
    let opens = cs.iter().filter(|&&c| c == '（' || c == '(').count();
    let closes = cs.iter().filter(|&&c| c == '）' || c == ')').count();
    opens > closes
}

#[derive(Debug, Clone)]
pub struct Node {
    pub name: String,
    pub line: usize,
    pub children: Vec<usize>,
}

/// Attach each word to a merged parent printed on an earlier line that lists
/// it as a child (the parent on the nearest line; among those, the leftmost
/// that has no such child yet). Returns the nodes and the top-level order.
pub fn build_tree(words: &[Word], v: &Vocabulary) -> (Vec<Node>, Vec<usize>) {
    let mut nodes: Vec<Node> = Vec::new();
    let mut top = Vec::new();
    for w in words {
        let mut best: Option<usize> = None;
        for (j, n) in nodes.iter().enumerate() {
            if n.line >= w.line {
                continue;
            }
            let Some(kids) = v.children_of(&n.name) else {
                continue;
            };
            if !Vocabulary::is_in(kids, &w.text) {
                continue;
            }
            let taken = n
                .children
                .iter()
                .any(|&c| nodes.get(c).is_some_and(|cn| cn.text_eq(&w.text)));
            if taken {
                continue;
            }
            best = match best {
                Some(b) if nodes.get(b).is_some_and(|bn| bn.line >= n.line) => Some(b),
                _ => Some(j),
            };
        }
        let idx = nodes.len();
        nodes.push(Node {
            name: w.text.clone(),
            line: w.line,
            children: Vec::new(),
        });
        match best.and_then(|b| nodes.get_mut(b)) {
            Some(parent) => parent.children.push(idx),
            None => top.push(idx),
        }
    }
    (nodes, top)
}

impl Node {
    fn text_eq(&self, s: &str) -> bool {
        self.name == s
    }
}

/// Leaf columns under `idx`, named by their path, with split code parts
/// folded into one code column named after their parent.
fn leaves(nodes: &[Node], idx: usize, prefix: &str, v: &Vocabulary, out: &mut Vec<Column>) {
    let Some(n) = nodes.get(idx) else { return };
    let path = if prefix.is_empty() {
        n.name.clone()
    } else {
        format!("{prefix}/{}", n.name)
    };
    if n.children.is_empty() {
        out.push(Column {
            kind: kind_of(&path, v),
            name: path,
        });
        return;
    }
    let mut in_code = false;
    for &c in &n.children {
        let is_part = nodes.get(c).is_some_and(|cn| {
            cn.children.is_empty() && Vocabulary::is_in(&v.code_part_headers, &cn.name)
        });
        if is_part {
            if !in_code {
                out.push(Column {
                    name: path.clone(),
                    kind: Kind::Code,
                });
            }
            in_code = true;
        } else {
            in_code = false;
            leaves(nodes, c, &path, v, out);
        }
    }
}

fn kind_of(path: &str, v: &Vocabulary) -> Kind {
    let last = path.rsplit('/').next().unwrap_or(path);
    // `单位编码（项目编码）` is of the kind its word names, the remark aside.
    named_kind(last, v)
        .or_else(|| named_kind(strip_remark(last), v))
        .unwrap_or(Kind::Amount)
}

/// The kind a header word names, if it names one (amount columns have no
/// telling word: they are what is left).
fn named_kind(word: &str, v: &Vocabulary) -> Option<Kind> {
    if Vocabulary::is_in(&v.code_headers, word) {
        Some(Kind::Code)
    } else if Vocabulary::is_in(&v.unit_code_headers, word) {
        Some(Kind::UnitCode)
    } else if Vocabulary::is_in(&v.text_headers, word) || word.contains("名称") {
        Some(Kind::Text)
    } else {
        None
    }
}

/// `单位编码（项目编码）` → `单位编码`; a word without a trailing remark, or
/// that is only a remark, stays as it is.
fn strip_remark(word: &str) -> &str {
    match word.find(['（', '(']) {
        Some(i) if i > 0 && (word.ends_with('）') || word.ends_with(')')) => {
            word.get(..i).unwrap_or(word)
        }
        _ => word,
    }
}

/// Columns of a list of top-level nodes; code parts printed without a
/// parent become one `科目编码` column.
fn columns_of(nodes: &[Node], tops: &[usize], v: &Vocabulary) -> Vec<Column> {
    let mut out = Vec::new();
    let mut in_code = false;
    for &t in tops {
        let is_part = nodes.get(t).is_some_and(|n| {
            n.children.is_empty() && Vocabulary::is_in(&v.code_part_headers, &n.name)
        });
        if is_part {
            if !in_code {
                out.push(Column {
                    name: "科目编码".into(),
                    kind: Kind::Code,
                });
            }
            in_code = true;
        } else {
            in_code = false;
            leaves(nodes, t, "", v, &mut out);
        }
    }
    out
}

impl Header {
    /// Recover the column structure from the header lines (each a list of
    /// printed pieces). Lines of column numbers must already be removed.
    pub fn parse(lines: &[Vec<String>], v: &Vocabulary) -> Header {
        let words = header_words(lines, v);
        let (nodes, top) = build_tree(&words, v);
        let mut h = Header::from_tree(&nodes, &top, v);
        if h.two_sided.is_none() && !h.side_by_side {
            h.alternatives = other_orders(&nodes, &top)
                .iter()
                .map(|t| columns_of(&nodes, t, v))
                .filter(|c| c != &h.columns)
                .collect();
        }
        h
    }

    fn from_tree(nodes: &[Node], top: &[usize], v: &Vocabulary) -> Header {
        let name = |i: &usize| nodes.get(*i).map(|n| n.name.as_str()).unwrap_or("");
        let income = top
            .iter()
            .find(|i| Vocabulary::is_in(&v.income_side, name(i)));
        let expenditure = top
            .iter()
            .find(|i| Vocabulary::is_in(&v.expenditure_side, name(i)));
        if let (Some(&inc), Some(&exp)) = (income, expenditure) {
            let mut left = Vec::new();
            leaves(nodes, inc, "", v, &mut left);
            let mut right = Vec::new();
            leaves(nodes, exp, "", v, &mut right);
            return Header {
                columns: Vec::new(),
                side_by_side: false,
                two_sided: Some((side_columns(left, "收入"), side_columns(right, "支出"))),
                alternatives: Vec::new(),
            };
        }
        let names: Vec<&str> = top.iter().map(name).collect();
        let half = names.len() / 2;
        if names.len() >= 4
            && names.len().is_multiple_of(2)
            && names.get(..half) == names.get(half..)
        {
            return Header {
                columns: columns_of(nodes, top.get(..half).unwrap_or(&[]), v),
                side_by_side: true,
                two_sided: None,
                alternatives: Vec::new(),
            };
        }
        Header {
            columns: columns_of(nodes, top, v),
            side_by_side: false,
            two_sided: None,
            alternatives: Vec::new(),
        }
    }
}

/// Top-level orders other than the printed one. A merged parent's children
/// come on the lines after it; a top-level leaf printed between the parent
/// and its first child (nodes are in reading order) was on the parent's
/// header line or beside its rows, and reading order cannot tell whether it
/// stood left or right of the parent: the other order puts the parent after
/// those leaves.
fn other_orders(nodes: &[Node], top: &[usize]) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    for (k, &p) in top.iter().enumerate() {
        let Some(first_child) = nodes.get(p).and_then(|n| n.children.first().copied()) else {
            continue;
        };
        let between: Vec<usize> = top
            .iter()
            .skip(k + 1)
            .copied()
            .take_while(|&t| t < first_child)
            .filter(|&t| nodes.get(t).is_some_and(|n| n.children.is_empty()))
            .collect();
        let Some(&last) = between.last() else {
            continue;
        };
        let mut order: Vec<usize> = top.iter().copied().filter(|&t| t != p).collect();
        let at = order
            .iter()
            .position(|&t| t == last)
            .map_or(order.len(), |i| i + 1);
        order.insert(at, p);
        out.push(order);
    }
    out
}

/// One side of a two-sided table: its label column first, then at least
/// one amount column (`收入/项目`, `收入/2021年预算`).
pub fn side_columns(mut cols: Vec<Column>, side: &str) -> Vec<Column> {
    if cols.len() <= 1 {
        cols = vec![
            Column {
                name: format!("{side}/项目"),
                kind: Kind::Text,
            },
            Column {
                name: format!("{side}/金额"),
                kind: Kind::Amount,
            },
        ];
    }
    // The label column leads even when the header printed it later.
    if let Some(k) = cols.iter().position(|c| c.kind == Kind::Text) {
        let label = cols.remove(k);
        cols.insert(0, label);
    }
    if let Some(first) = cols.first_mut() {
        first.kind = Kind::Text;
    }
    cols
}

/// Is this line a printed row of column numbers (`1 2 3 4 7 8 9 10`)?
pub fn is_column_numbers(ws: &[String], v: &Vocabulary) -> bool {
    tokens::is_column_number_line(ws, &v.column_number_words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::text::reading_order::tokens::words;

    fn parse(text: &str) -> Header {
        let lines: Vec<Vec<String>> = text.lines().map(words).filter(|w| !w.is_empty()).collect();
        Header::parse(&lines, vocab::get())
    }

    fn names(cols: &[Column]) -> Vec<&str> {
        cols.iter().map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn broken_words_join() {
        let h = parse("单位编码 单位名称 合计\n一般公共预\n算\n政府性\n基金预\n算\n单位其\n他收入");
        assert_eq!(
            names(&h.columns),
            vec![
                "单位编码",
                "单位名称",
                "合计",
                "一般公共预算",
                "政府性基金预算",
                "单位其他收入"
            ]
        );
        assert_eq!(h.columns[0].kind, Kind::UnitCode);
        assert_eq!(h.columns[1].kind, Kind::Text);
        assert_eq!(h.columns[2].kind, Kind::Amount);
    }

    #[test]
    fn parents_and_code_parts() {
        let h = parse(
            "科目编码\n部门代码 部门名称 科目名称 总计\n基本支出 项目支出\n类 款 项\n工资福利支\n出\n公用经费\n对个人和家庭的补\n助\n运转类 专项资金类 投资类 其他",
        );
        assert_eq!(
            names(&h.columns),
            vec![
                "科目编码",
                "部门代码",
                "部门名称",
                "科目名称",
                "总计",
                "基本支出/工资福利支出",
                "基本支出/公用经费",
                "基本支出/对个人和家庭的补助",
                "项目支出/运转类",
                "项目支出/专项资金类",
                "项目支出/投资类",
                "项目支出/其他"
            ]
        );
        assert_eq!(h.columns[0].kind, Kind::Code);
    }

    #[test]
    fn repeated_header_is_side_by_side() {
        let h = parse(
            "经济科目编码 科目名称\n一般公共预算\n拨款\n经济科目编\n码 科目名称\n一般公共预算\n拨款\n类 款 类 款",
        );
        assert!(h.side_by_side);
        assert_eq!(
            names(&h.columns),
            vec!["经济科目编码", "科目名称", "一般公共预算拨款"]
        );
    }

    #[test]
    fn bracketed_line_continues_the_cell_above_and_a_spanning_header_is_a_parent() {
        let h = parse(
            "单位编码\n（项目编\n码）\n项目单位（项\n目名称）\n项目金额（万元）\n绩效目标\n产出指标 效益指标 满意度指标\n资金总额 财政性资金 其他资金 三级指标 指标值 三级指标 指标值 三级指标 指标值",
        );
        assert_eq!(
            names(&h.columns),
            vec![
                "单位编码（项目编码）",
                "项目单位（项目名称）",
                "项目金额（万元）/资金总额",
                "项目金额（万元）/财政性资金",
                "项目金额（万元）/其他资金",
                "绩效目标/产出指标/三级指标",
                "绩效目标/产出指标/指标值",
                "绩效目标/效益指标/三级指标",
                "绩效目标/效益指标/指标值",
                "绩效目标/满意度指标/三级指标",
                "绩效目标/满意度指标/指标值"
            ]
        );
        let kinds: Vec<Kind> = h.columns.iter().map(|c| c.kind).collect();
        assert_eq!(kinds[..3], [Kind::UnitCode, Kind::Text, Kind::Amount]);
        assert!(kinds[5..].iter().all(|k| *k == Kind::Text));
    }

    #[test]
    fn remarks_stay_with_their_word() {
        // A remark printed on the same line as other words is not moved, and
        // a bracket inside a word does not make it a remark.
        let h = parse("项目 财政拨款（含上年结余）\n合计");
        assert_eq!(
            names(&h.columns),
            vec!["项目", "财政拨款（含上年结余）", "合计"]
        );
        assert_eq!(h.columns[1].kind, Kind::Amount);
        assert!(is_remark("（项目编码）") && is_remark("(万元)"));
        assert!(!is_remark("（一）公用经费") && !is_remark("（）") && !is_remark("（a）（b）"));
        assert_eq!(strip_remark("单位编码（项目编码）"), "单位编码");
        assert_eq!(strip_remark("（万元）"), "（万元）");
    }

    #[test]
    fn cells_broken_at_the_same_height_are_put_back_apart() {
        let h = parse("合计 上年结转\n一般公共预 政府性基金\n算拨款\n预算拨款\n事业收入");
        assert_eq!(
            names(&h.columns),
            vec![
                "合计",
                "上年结转",
                "一般公共预算拨款",
                "政府性基金预算拨款",
                "事业收入"
            ]
        );
        // Whole words on one line, the next lines other words: no weave.
        let h = parse("项目 合计\n上年结转\n事业收入");
        assert_eq!(
            names(&h.columns),
            vec!["项目", "合计", "上年结转", "事业收入"]
        );
    }

    #[test]
    fn two_sided_header() {
        let h = parse(
            "收  入 支 出\n项目 2021年预算 项目\n2021年预算\n合计\n一般公共预\n算\n政府性\n基金预\n算",
        );
        let (l, r) = h.two_sided.expect("two-sided");
        assert_eq!(names(&l), vec!["收入/项目", "收入/2021年预算"]);
        assert_eq!(
            names(&r),
            vec![
                "支出/项目",
                "支出/2021年预算/合计",
                "支出/2021年预算/一般公共预算",
                "支出/2021年预算/政府性基金预算"
            ]
        );
    }
}
