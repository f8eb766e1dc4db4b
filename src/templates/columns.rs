//! What each printed column means: a canonical key (SPEC "Column keys") and a
//! role (code piece, row label, unit code, text, amount, ignored).
//!
//! A header is the path of a merged header (`基本支出/工资福利支出`). The
//! deepest segment that names something decides, because a child is more
//! specific than its parent; a generic child (合计/小计) lets its parent
//! decide (`基本支出/合计` → `basic`), but only a parent that names a key
//! exactly (`一般公共预算支出/合计` is the table's total, not
//! `general_budget`). A parent+child concatenation is tried first so that
//! vocabulary can name a child that means nothing alone (`项目支出/其他` →
//! `project_other`). 预算数 / 决算数 / 调整预算数 segments qualify the key they
//! sit under: in 决算 tables 决算数 is the plain key, 预算数 takes `_budget`
//! (`reception_budget`, and the total's own 预算数 is `budget`), 调整预算数
//! takes `_adjusted`; in budgets 预算数 is just the amount. All vocabulary
//! lives in `data/catalog.json`.

use super::catalog::{Catalog, ColumnAlias};
use super::matcher::fold_width;
use super::sides;
use crate::model::Column;
use regex::Regex;
use std::sync::OnceLock;

/// What a raw column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// The classification code or one of its split 类/款/项 pieces.
    Code,
    /// The row label (科目名称, 项目, 项目名称).
    Name,
    /// A budget unit's own code (单位编码).
    UnitCode,
    /// A text cell kept in `row.texts` under the key.
    Text(String),
    /// An amount under the key.
    Amount(String),
    /// 序号 / 栏次: nothing to keep.
    Ignore,
}

impl Role {
    pub fn is_amount(&self) -> bool {
        matches!(self, Role::Amount(_))
    }
    /// Cells of this role are labels (code, name, text), not amounts.
    pub fn is_label(&self) -> bool {
        matches!(
            self,
            Role::Code | Role::Name | Role::UnitCode | Role::Text(_)
        )
    }
}

/// The meaning of every raw column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnPlan {
    /// One role per raw column.
    pub roles: Vec<Role>,
    /// Header per raw column as printed (spaces inside Chinese removed).
    pub headers: Vec<String>,
    /// Raw column index ranges of the tables printed side by side (or the
    /// two sides of a 收支 table); one range when printed once.
    pub segments: Vec<std::ops::Range<usize>>,
}

fn re_year() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"^(19|20)\d{2}\s*年(度)?").unwrap_or_else(|_| unreachable!()))
}

fn re_unit() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"\((万元|元|千元|亿元)\)$").unwrap_or_else(|_| unreachable!()))
}

/// Normalise one header segment for lookup: widths folded, whitespace,
/// quotes, leading separators and a leading year removed, a trailing
/// `(万元)` dropped.
pub fn normalize_segment(seg: &str) -> String {
    let mut s = fold_width(seg);
    s.retain(|c| !c.is_whitespace() && !matches!(c, '“' | '”' | '"' | '‘' | '’' | '\''));
    // No header starts with a separator; one there is a speck (OCR) or the
    // end of a neighbouring cell.
    let s = s.trim_start_matches(['、', ',', '，', '.', '。', ':', '：', ';', '；']);
    let s = re_year().replace(s, "").into_owned();
    re_unit().replace(&s, "").into_owned()
}

/// A header as printed for output: pieces joined, spaces between Chinese
/// characters removed (`本  年  收  入` → `本年收入`).
pub fn clean_header(h: &str) -> String {
    crate::templates::rows::clean_label(h)
}

struct Vocab<'a> {
    catalog: &'a Catalog,
    /// (normalised alias, index in `catalog.columns`), longest alias first.
    aliases: &'a [(String, usize)],
}

/// The catalog's column aliases normalised and sorted, once per catalog.
fn sorted_aliases(catalog: &Catalog) -> &[(String, usize)] {
    catalog.prepared.aliases.get_or_init(|| {
        let mut aliases: Vec<(String, usize)> = catalog
            .columns
            .iter()
            .enumerate()
            .flat_map(|(i, c)| c.aliases.iter().map(move |a| (normalize_segment(a), i)))
            .collect();
        aliases.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then_with(|| a.0.cmp(&b.0))
        });
        aliases
    })
}

/// The catalog's generic headers (合计, 小计), normalised once.
fn generic_headers(catalog: &Catalog) -> &[String] {
    catalog.prepared.generic.get_or_init(|| {
        catalog
            .generic_headers
            .iter()
            .map(|g| normalize_segment(g))
            .collect()
    })
}

/// The qualifier words (预算数, 决算数), normalised once, in catalog order.
fn qualifier_words(catalog: &Catalog) -> &[String] {
    catalog.prepared.qualifiers.get_or_init(|| {
        catalog
            .qualifiers
            .iter()
            .map(|q| normalize_segment(&q.word))
            .collect()
    })
}

impl<'a> Vocab<'a> {
    fn new(catalog: &'a Catalog) -> Self {
        Vocab {
            catalog,
            aliases: sorted_aliases(catalog),
        }
    }
    fn alias(&self, i: usize) -> Option<&'a ColumnAlias> {
        self.catalog.columns.get(i)
    }
    fn exact(&self, seg: &str) -> Option<&'a ColumnAlias> {
        self.aliases
            .iter()
            .find(|(a, _)| a == seg)
            .and_then(|(_, i)| self.alias(*i))
    }
    /// The longest alias (at least three characters: two-character words
    /// such as 部门 or 项目 are too common inside other headers) contained in
    /// the segment.
    fn loose(&self, seg: &str) -> Option<&'a ColumnAlias> {
        self.exact(seg).or_else(|| {
            self.aliases
                .iter()
                .filter_map(|(a, i)| Some((a, self.alias(*i)?)))
                .find(|(a, c)| {
                    a.chars().count() >= 3 && seg.contains(a.as_str()) && c.role != "ignore"
                })
                .filter(|(a, c)| !self.merged_with_another(seg, a, c))
                .map(|(_, c)| c)
        })
    }
    /// Whether the segment, besides the alias it contains, holds the cut
    /// beginning of another column's alias (`一般公共预政府性基金国有资本经`:
    /// 政府性基金 plus the heads of 一般公共预算 and 国有资本经营预算). That is
    /// the header cells of neighbouring columns run together (wrapped cells
    /// of a space-aligned or borderless header), so the segment names no
    /// one column: keying it by the alias it happens to contain would put
    /// another column's amounts under that key.
    fn merged_with_another(&self, seg: &str, alias: &str, hit: &ColumnAlias) -> bool {
        // A total's header run into the front of its neighbour's
        // (`合计上年结转`, `合计(万元)因公出国(境)费`): the 合计 column's
        // cell and the next one's read as one, which names neither.
        let before = seg.split(alias).next().unwrap_or("");
        if !before.is_empty() && self.is_generic(&re_unit().replace(before, "")) {
            return true;
        }
        // Another column's whole alias beside the one found
        // (`本年收入一般公共预算拨款政府性基金预算拨款…`: children printed
        // blank, their headers glued into one cell).
        let whole_other = seg.split(alias).any(|rest| {
            self.aliases.iter().any(|(a, i)| {
                a.chars().count() >= MERGED_WHOLE_CHARS
                    && rest.contains(a.as_str())
                    && self
                        .alias(*i)
                        .is_some_and(|c| c.key != hit.key && c.role != "ignore")
            })
        });
        if whole_other {
            return true;
        }
        seg.split(alias).any(|rest| {
            let n = rest.chars().count();
            n >= MERGED_HEAD_CHARS
                && self.aliases.iter().any(|(a, i)| {
                    a.chars().count() > n
                        && a.starts_with(rest)
                        && self
                            .alias(*i)
                            .is_some_and(|c| c.key != hit.key && c.role != "ignore")
                })
        })
    }
    fn is_generic(&self, seg: &str) -> bool {
        generic_headers(self.catalog).iter().any(|g| g == seg)
    }
    fn qualifier(&self, seg: &str) -> Option<&'a str> {
        self.catalog
            .qualifiers
            .iter()
            .zip(qualifier_words(self.catalog))
            .find(|(_, w)| *w == seg)
            .map(|(q, _)| q.kind.as_str())
    }
}

fn role_of(alias: &ColumnAlias) -> Role {
    match alias.role.as_str() {
        "code" => Role::Code,
        "name" => Role::Name,
        "unit_code" => Role::UnitCode,
        "text" => Role::Text(alias.key.clone()),
        "ignore" => Role::Ignore,
        _ => Role::Amount(alias.key.clone()),
    }
}

/// Resolve one header path. `None` when nothing in it is known.
fn resolve(header: &str, vocab: &Vocab, is_final: bool) -> Option<Role> {
    let mut segs: Vec<String> = header
        .split('/')
        .map(normalize_segment)
        .filter(|s| !s.is_empty())
        .collect();
    // The qualifier (预算数 / 决算数) may sit above the item (`预算数/合计`,
    // 上海 决算) or below it (`公务接待费/预算数`): take it out first.
    let mut qual: Option<&str> = None;
    if let Some(qi) = segs.iter().rposition(|s| vocab.qualifier(s).is_some()) {
        qual = vocab.qualifier(&segs[qi]);
        segs.remove(qi);
    }
    let mut generic = false;
    // The header's own (lowest) piece is 金额: see [`amount_under_generic`].
    let amount_leaf = segs.last().is_some_and(|s| s == AMOUNT_WORD);
    let mut base: Option<Role> = None;
    for i in (0..segs.len()).rev() {
        let seg = &segs[i];
        if vocab.is_generic(seg) {
            generic = true;
            continue;
        }
        if i > 0 {
            let joined = format!("{}{}", segs[i - 1], seg);
            if let Some(a) = vocab.exact(&joined) {
                base = amount_under_generic(role_of(a), amount_leaf);
                break;
            }
        }
        let found = if generic {
            vocab.exact(seg)
        } else {
            vocab.loose(seg)
        };
        match found {
            Some(a) => {
                base = amount_under_generic(role_of(a), amount_leaf);
                break;
            }
            None if generic => break,
            None => continue,
        }
    }
    // Only a qualifier: the table's own 预算数 / 决算数 column.
    let named = base.is_some() || generic;
    let base = match base {
        Some(Role::Amount(k)) => k,
        Some(other) => return Some(other),
        None if generic || qual.is_some() => "total".to_string(),
        None => return None,
    };
    let key = match (qual, is_final, named) {
        (Some("budget"), true, false) => "budget".to_string(),
        (Some("budget"), true, true) => format!("{base}_budget"),
        (Some("adjusted"), _, false) => "adjusted".to_string(),
        (Some("adjusted"), _, true) => format!("{base}_adjusted"),
        _ => base,
    };
    Some(Role::Amount(key))
}

/// The shortest cut head of another alias that marks a segment as several
/// header cells run together (see `Vocab::merged_with_another`): shorter
/// pieces (其中, 拨款, 预算) begin too many aliases to tell anything.
const MERGED_HEAD_CHARS: usize = 4;
/// The shortest whole alias of another column that, found beside the one
/// matched, marks a segment as several header cells run together; shorter
/// aliases (收入, 支出) are parts of too many single headers.
const MERGED_WHOLE_CHARS: usize = 4;

/// A column whose own header is a generic amount word (金额) is an amount
/// column whatever group heads it: `支出/功能分类/金额` is the amount of the
/// function-class listing (江苏 收支预算总表 prints 功能分类 and 支出用途 side
/// by side), not a code column because 支出功能分类 names codes elsewhere.
/// Only 金额: 合计 / 小计 under a code or name header is the total row's
/// label swallowed into the header (`项目/功能分类科目编码/合计`, 上海 决算).
const AMOUNT_WORD: &str = "金额";
fn amount_under_generic(role: Role, amount_leaf: bool) -> Option<Role> {
    match role {
        Role::Amount(_) => Some(role),
        _ if amount_leaf => None,
        _ => Some(role),
    }
}

/// In a 决算 table that prints 预算数 and 决算数 under each item, an item
/// whose header lost its qualifier (a merged cell not recovered) while
/// another column has the same key under 决算数 is the 预算数 one.
fn budget_for_unqualified(roles: &mut [Role], headers: &[String], vocab: &Vocab) {
    let has_qual = |h: &str, kind: &str| {
        h.split('/')
            .map(normalize_segment)
            .any(|s| vocab.qualifier(&s) == Some(kind))
    };
    if !headers.iter().any(|h| has_qual(h, "budget")) {
        return;
    }
    for i in 0..roles.len() {
        let Some(Role::Amount(k)) = roles.get(i).cloned() else {
            continue;
        };
        let h = headers.get(i).map(String::as_str).unwrap_or("");
        if has_qual(h, "budget") || has_qual(h, "final") || k.ends_with("_budget") {
            continue;
        }
        let twin_final = roles.iter().enumerate().any(|(j, r)| {
            j != i
                && *r == Role::Amount(k.clone())
                && headers.get(j).is_some_and(|hj| has_qual(hj, "final"))
        });
        if twin_final {
            roles[i] = Role::Amount(if k == "total" {
                "total_budget".into()
            } else {
                format!("{k}_budget")
            });
        }
    }
}

/// Does the header row say these are final accounts (a 决算数 column)?
pub fn headers_say_final(headers: &[String], catalog: &Catalog) -> bool {
    headers.iter().any(|h| {
        h.split('/').map(normalize_segment).any(|s| {
            catalog
                .qualifiers
                .iter()
                .zip(qualifier_words(catalog))
                .any(|(q, w)| q.kind == "final" && *w == s)
        })
    })
}

/// Plan the columns of a table. `is_final`: the table belongs to final
/// accounts (its title or headers say 决算).
///
/// `holds_codes[i]`: column `i`'s cells are classification codes (see
/// [`cells_are_codes`]); a column whose header names nothing known (a
/// header lost or misread, by OCR say) is then a code column, not an
/// unknown amount.
pub fn plan(
    headers: &[String],
    holds_codes: &[bool],
    catalog: &Catalog,
    is_final: bool,
) -> ColumnPlan {
    let shapes = CellShapes {
        codes: holds_codes,
        ..CellShapes::default()
    };
    plan_with_cells(headers, &shapes, catalog, is_final)
}

/// What a table's cells say about each column, beside its header.
#[derive(Debug, Clone, Copy, Default)]
pub struct CellShapes<'a> {
    /// `codes[i]`: column `i`'s cells are classification codes.
    pub codes: &'a [bool],
    /// `text[i]`: most of column `i`'s filled cells are words, not amounts.
    pub text: &'a [bool],
    /// `blank[i]`: column `i` prints no cell at all.
    pub blank: &'a [bool],
    /// `no_number[i]`: column `i` prints no number (blank, `无`, `-`): an
    /// amount column, if one, that says nothing of the table's shape.
    pub no_number: &'a [bool],
}

/// [`plan`], knowing the cells. A column without header or cell is a gap
/// of the drawn grid (a margin cell before the first label column), not an
/// amount column: taken as one it would start a segment of its own before
/// the labels. A column of words under a header the vocabulary does not
/// know is text; printed between amount columns it is the label of a group
/// printed beside the first (西安 财政拨款收支总表: 支出功能分科目 | 预算数 |
/// 部门预算支出经济科目 | 预算数 | …), so it starts a segment.
pub fn plan_with_cells(
    headers: &[String],
    cells: &CellShapes,
    catalog: &Catalog,
    is_final: bool,
) -> ColumnPlan {
    let flag = |m: &[bool], i: usize| m.get(i).copied().unwrap_or(false);
    let vocab = Vocab::new(catalog);
    let mut roles: Vec<Role> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            if flag(cells.blank, i) && normalize_segment(h).is_empty() {
                return Role::Ignore;
            }
            resolve(h, &vocab, is_final).unwrap_or_else(|| {
                if flag(cells.codes, i) {
                    Role::Code
                } else if flag(cells.text, i) {
                    Role::Text(format!("c{}", i + 1))
                } else {
                    Role::Amount(format!("c{}", i + 1))
                }
            })
        })
        .collect();
    let placeholder_only = |i: usize| flag(cells.no_number, i);
    group_labels_between_amounts(&mut roles, placeholder_only);
    second_codes_are_text(&mut roles, |i| flag(cells.text, i));
    if is_final {
        budget_for_unqualified(&mut roles, headers, &vocab);
    }
    let segments = sides::segments(&roles);
    for seg in &segments {
        // Without a name column the first text column is the row label
        // (收入总表 by unit: 单位编码 | 单位名称 | 合计 …); never a second
        // classification's code column (政府预算经济分类 beside the row's
        // own code, whose cells may carry the row's name).
        let slice = roles.get(seg.clone()).unwrap_or(&[]);
        if !slice.contains(&Role::Name)
            && let Some(j) = slice.iter().position(
                |r| matches!(r, Role::Text(k) if !k.ends_with("_code") && !is_position_key(k)),
            )
        {
            roles[seg.start + j] = Role::Name;
        }
        // 决算 收入决算表: `本年收入合计` is the table's total when nothing
        // else is (no 合计 and no 上年结转 beside it).
        let amount_keys: Vec<String> = (seg.clone())
            .filter_map(|j| match roles.get(j) {
                Some(Role::Amount(k)) => Some(k.clone()),
                _ => None,
            })
            .collect();
        if !amount_keys
            .iter()
            .any(|k| k == "total" || k.starts_with("carryover"))
            && let Some(j) = (seg.clone()).find(|&j| roles.get(j).is_some_and(Role::is_amount))
            && roles[j] == Role::Amount("current_year".into())
            && !headers.get(j).is_some_and(|h| h.contains('/'))
        {
            roles[j] = Role::Amount("total".into());
        }
        // A segment with a single amount column keys it `total`.
        let amounts: Vec<usize> = (seg.clone())
            .filter(|&j| roles.get(j).is_some_and(Role::is_amount))
            .collect();
        if let [only] = amounts.as_slice() {
            roles[*only] = Role::Amount("total".into());
        }
        // Two columns with one key within a segment: number the later ones.
        let mut seen: Vec<String> = Vec::new();
        for j in seg.clone() {
            if let Some(Role::Amount(k)) | Some(Role::Text(k)) = roles.get(j).cloned() {
                let n = seen.iter().filter(|s| **s == k).count();
                seen.push(k.clone());
                if n > 0 {
                    let renamed = format!("{k}_{}", n + 1);
                    roles[j] = match roles[j] {
                        Role::Text(_) => Role::Text(renamed),
                        _ => Role::Amount(renamed),
                    };
                }
            }
        }
    }
    ColumnPlan {
        roles,
        headers: headers.iter().map(|h| clean_header(h)).collect(),
        segments,
    }
}

/// A key made from the column's position (`c4`): its header is unknown.
fn is_position_key(k: &str) -> bool {
    k.strip_prefix('c')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// An unknown text column (`Text("c4")`, see [`plan_with_cells`]) with
/// amount columns before it and after it (up to the next label) is the row
/// label of a group printed beside the previous one, when that group has a
/// label of its own: it becomes that group's name column, and so starts a
/// segment. Known text columns (备注, 项目内容) never do.
fn group_labels_between_amounts(roles: &mut [Role], placeholder_only: impl Fn(usize) -> bool) {
    let unknown_text =
        |r: &Role, i: usize| matches!(r, Role::Text(k) if *k == format!("c{}", i + 1));
    // a column printing no number (`无` under 购买服务内容) is no amount
    // column closing a group
    let printed_amount = |r: &Role, j: usize| r.is_amount() && !placeholder_only(j);
    for i in 0..roles.len() {
        if !unknown_text(&roles[i], i) {
            continue;
        }
        let before = &roles[..i];
        let Some(last_label) = before
            .iter()
            .rposition(|r| !r.is_amount() && *r != Role::Ignore)
        else {
            continue;
        };
        let amounts_before = before
            .iter()
            .enumerate()
            .skip(last_label)
            .any(|(j, r)| printed_amount(r, j));
        let group_labelled = before[..=last_label]
            .iter()
            .any(|r| matches!(r, Role::Name | Role::Code));
        let amounts_after = roles[i + 1..]
            .iter()
            .take_while(|r| r.is_amount() || **r == Role::Ignore)
            .any(Role::is_amount);
        if amounts_before && group_labelled && amounts_after {
            roles[i] = Role::Name;
        }
    }
}

/// A code column after an amount column starts the next group of a table
/// printed side by side only when that group has a label of its own: a
/// name column before its first amount, or code cells that carry the name
/// (`30101-基本工资`, mostly words) or a column of words. Otherwise it is a second
/// classification printed beside the row (政府采购预算表: `数量 |
/// 部门预算支出经济科目编码 | … | 预算金额`): text, keyed by position, so
/// its digits never join the row's own code and the amounts after it stay
/// in the row's group.
fn second_codes_are_text(roles: &mut [Role], text_cells: impl Fn(usize) -> bool) {
    let mut seen_amount = false;
    let mut i = 0;
    while i < roles.len() {
        if roles[i].is_amount() {
            seen_amount = true;
        }
        if !(seen_amount && roles[i] == Role::Code) {
            i += 1;
            continue;
        }
        let run_end = (i..roles.len())
            .find(|&j| roles[j] != Role::Code)
            .unwrap_or(roles.len());
        // a column of words counts as the label even under a header read
        // as an amount (`人员经费科目名称` of a header run together)
        let labelled = (i..run_end).any(&text_cells)
            || (run_end..roles.len())
                .take_while(|&j| !roles[j].is_amount() || text_cells(j))
                .any(|j| roles[j] == Role::Name || text_cells(j));
        if labelled {
            seen_amount = false;
        } else {
            for (j, r) in roles.iter_mut().enumerate().take(run_end).skip(i) {
                *r = Role::Text(format!("c{}", j + 1));
            }
        }
        i = run_end;
    }
}

/// Whether a column's cells are classification codes: every filled cell
/// digits only, at least two, and either whole codes (3, 5 or 7 digits,
/// some longer than a 类) or 款/项 pieces (two digits, some with a leading
/// zero, which no amount prints).
pub fn cells_are_codes<'a>(cells: impl Iterator<Item = &'a str>) -> bool {
    let filled: Vec<&str> = cells.map(str::trim).filter(|c| !c.is_empty()).collect();
    if filled.len() < 2 || !filled.iter().all(|c| c.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let whole =
        filled.iter().all(|c| matches!(c.len(), 3 | 5 | 7)) && filled.iter().any(|c| c.len() > 3);
    let pieces = filled.iter().all(|c| c.len() == 2) && filled.iter().any(|c| c.starts_with('0'));
    whole || pieces
}

impl ColumnPlan {
    /// Output columns: one `code` column for split code pieces (headed by
    /// their parent), ignored columns left out; a two-sided or side-by-side
    /// table lists each side's (half's) columns in turn.
    pub fn output_columns(&self) -> Vec<Column> {
        let mut out: Vec<Column> = Vec::new();
        let mut seg_start = 0;
        for (i, role) in self.roles.iter().enumerate() {
            if self.segments.iter().any(|s| s.start == i) {
                seg_start = out.len();
            }
            let header = self.headers.get(i).cloned().unwrap_or_default();
            let key = match role {
                Role::Code => "code".to_string(),
                Role::Name => "name".to_string(),
                Role::UnitCode => "unit_code".to_string(),
                Role::Text(k) | Role::Amount(k) => k.clone(),
                Role::Ignore => continue,
            };
            // Once per segment: code pieces join, each side lists its own.
            if out[seg_start..].iter().any(|c| c.key == key) {
                continue;
            }
            let header = if *role == Role::Code {
                code_header(&header)
            } else {
                header
            };
            out.push(Column { key, header });
        }
        out
    }

    /// Raw column indices of amount columns in a segment, in printed order.
    pub fn amount_columns(&self, seg: &std::ops::Range<usize>) -> Vec<(usize, String)> {
        seg.clone()
            .filter_map(|j| match self.roles.get(j) {
                Some(Role::Amount(k)) => Some((j, k.clone())),
                _ => None,
            })
            .collect()
    }
}

/// `科目编码/类` → `科目编码`; a header without a parent stays.
fn code_header(h: &str) -> String {
    match h.rsplit_once('/') {
        Some((parent, last)) if matches!(last.trim(), "类" | "款" | "项") => parent.to_string(),
        _ => h.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::catalog::catalog;

    fn keys(headers: &[&str], is_final: bool) -> Vec<String> {
        let h: Vec<String> = headers.iter().map(|s| s.to_string()).collect();
        plan(&h, &[], catalog(), is_final)
            .roles
            .iter()
            .map(|r| match r {
                Role::Code => "code".into(),
                Role::Name => "name".into(),
                Role::UnitCode => "unit_code".into(),
                Role::Text(k) => format!("text:{k}"),
                Role::Amount(k) => k.clone(),
                Role::Ignore => "-".into(),
            })
            .collect()
    }

    #[test]
    fn simple_and_merged_headers() {
        assert_eq!(
            keys(
                &[
                    "科目代码",
                    "科目名称",
                    "合计",
                    "基本支出",
                    "项目支出",
                    "备注"
                ],
                false
            ),
            ["code", "name", "total", "basic", "project", "text:remark"]
        );
        assert_eq!(
            keys(
                &[
                    "科目编码/类",
                    "科目编码/款",
                    "科目编码/项",
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
                ],
                false
            ),
            [
                "code",
                "code",
                "code",
                "unit_code",
                "text:department_name",
                "name",
                "total",
                "wages_welfare",
                "public_funds",
                "household_subsidies",
                "project_operation",
                "project_special",
                "project_investment",
                "project_other"
            ]
        );
        assert_eq!(
            keys(
                &[
                    "基本支出/合计",
                    "基本支出/人员经费",
                    "一般公共预算支出/合计"
                ],
                false
            ),
            ["basic", "personnel", "total"]
        );
        assert_eq!(
            keys(
                &[
                    "序号",
                    "功能分类科目/科目 编码",
                    "功能分类科目/科目名称",
                    "合计",
                    "本年收入/小计",
                    "本年收入/财政拨款 收入",
                    "上年结转"
                ],
                false
            ),
            [
                "-",
                "code",
                "name",
                "total",
                "current_year",
                "fiscal_appropriation",
                "carryover"
            ]
        );
    }

    #[test]
    fn a_column_of_codes_under_a_lost_header_is_a_code_column() {
        let codes = ["204", "20406", "2040601"];
        let pieces = ["06", "06", "10"];
        let small = ["12", "30"];
        assert!(cells_are_codes(codes.into_iter()));
        assert!(cells_are_codes(pieces.into_iter()));
        assert!(
            !cells_are_codes(["204", "208"].into_iter()),
            "类 alone could be amounts"
        );
        assert!(!cells_are_codes(["20406", "1,070.00"].into_iter()));
        assert!(!cells_are_codes(small.into_iter()));
        // An OCR-garbled header over codes: a code column, one segment.
        let h: Vec<String> = ["全站本网", "科目名称", "合计", "基本支出", "项目支出"]
            .map(String::from)
            .to_vec();
        let p = plan(&h, &[true, false, false, false, false], catalog(), false);
        assert_eq!(p.roles[0], Role::Code);
        assert_eq!(p.segments.len(), 1);
        let p = plan(&h, &[], catalog(), false);
        assert_eq!(p.segments.len(), 2, "without the cells it splits");
    }

    #[test]
    fn amount_under_a_code_group_is_an_amount() {
        // 江苏 收支预算总表: 收入 | 支出·功能分类 | 支出·支出用途, three
        // label + amount groups; 支出功能分类 names codes elsewhere.
        let h: Vec<String> = [
            "收入/项目名称",
            "收入/金额",
            "支出/功能分类/功能科目名称",
            "支出/功能分类/金额",
            "支出/支出用途/项目名称",
            "支出/支出用途/金额",
        ]
        .map(String::from)
        .to_vec();
        let p = plan(&h, &[], catalog(), false);
        assert_eq!(p.segments.len(), 3);
        assert!(p.roles[3].is_amount(), "{:?}", p.roles[3]);
        assert_eq!(keys(&["支出功能分类", "金额"], false), ["code", "total"]);
    }

    #[test]
    fn headers_of_two_columns_run_together_name_neither() {
        // a 合计 printed blank-adjacent and glued to its neighbour, and
        // children printed blank whose headers glued under their parent:
        // keyed by the alias each happens to contain, the total's figures
        // went under 上年结转 and 一般公共预算拨款's under 政府性基金
        let k = keys(
            &[
                "科目编码",
                "科目名称",
                "合计上年结转",
                "本年收入一般公共预算拨款政府性基金预算拨款事业收入其他收入",
                "合计(万元)因公出国(境)费",
            ],
            false,
        );
        for (i, bad) in [(2, "carryover"), (3, "gov_fund"), (4, "overseas_travel")] {
            assert_ne!(k[i], bad, "{k:?}");
            assert!(
                ![
                    "total",
                    "general_budget",
                    "carryover",
                    "gov_fund",
                    "overseas_travel"
                ]
                .contains(&k[i].as_str()),
                "{k:?}"
            );
        }
        // each header alone still names its column
        assert_eq!(
            keys(
                &["科目名称", "合计", "上年结转", "政府性基金预算拨款"],
                false
            ),
            ["name", "total", "carryover", "gov_fund"]
        );
    }

    #[test]
    fn single_amount_column_is_total() {
        assert_eq!(keys(&["项目", "2021 年预算数"], false), ["name", "total"]);
        assert_eq!(
            keys(&["科目编码", "科目名称", "一般公共预算拨款"], false),
            ["code", "name", "total"]
        );
    }

    #[test]
    fn three_public_as_columns() {
        assert_eq!(
            keys(
                &[
                    "“三公”经费预算数/合计",
                    "“三公”经费预算数/因公出国(境)费",
                    "“三公”经费预算数/公务接待费",
                    "“三公”经费预算数/公务用车购置及运行费/小计",
                    "“三公”经费预算数/公务用车购置及运行费/购置费",
                    "“三公”经费预算数/公务用车购置及运行费/运行费",
                    "机关运行经费预算数"
                ],
                false
            ),
            [
                "total",
                "overseas_travel",
                "reception",
                "vehicle_total",
                "vehicle_purchase",
                "vehicle_operation",
                "agency_operating_costs"
            ]
        );
        let h = [
            "财政拨款“三公”经费/合计/预算数",
            "财政拨款“三公”经费/合计/决算数",
            "财政拨款“三公”经费/因公出国（境）费/预算数",
            "财政拨款“三公”经费/因公出国（境）费/决算数",
            "财政拨款“三公”经费/公务用车购置及运行费/小计/预算数",
            "财政拨款“三公”经费/公务用车购置及运行费/小计/决算数",
            "财政拨款“三公”经费/公务用车购置及运行费/公务用车购置费/预算数",
            "财政拨款“三公”经费/公务用车购置及运行费/公务用车购置费/决算数",
            "财政拨款“三公”经费/公务接待费/预算数",
            "财政拨款“三公”经费/公务接待费/决算数",
        ];
        assert_eq!(
            keys(&h, true),
            [
                "total_budget",
                "total",
                "overseas_travel_budget",
                "overseas_travel",
                "vehicle_total_budget",
                "vehicle_total",
                "vehicle_purchase_budget",
                "vehicle_purchase",
                "reception_budget",
                "reception"
            ]
        );
    }

    #[test]
    fn final_accounts_qualifier_above_items() {
        assert_eq!(
            keys(
                &[
                    "预算数/合计",
                    "预算数/因公出国（境）费",
                    "预算数/公务用车购置及运行费/小计",
                    "决算数/合计",
                    "决算数/公务接待费",
                    "决算数/基本支出"
                ],
                true
            ),
            [
                "total_budget",
                "overseas_travel_budget",
                "vehicle_total_budget",
                "total",
                "reception",
                "basic"
            ]
        );
        assert_eq!(
            keys(
                &[
                    "人员经费/科目名称",
                    "人员经费/金额",
                    "公用经费/科目名称",
                    "公用经费/金额"
                ],
                false
            ),
            ["name", "total", "name", "total"]
        );
    }

    #[test]
    fn final_revenue_table_total() {
        assert_eq!(
            keys(
                &[
                    "科目编码",
                    "科目名称",
                    "本年收入合计",
                    "财政拨款收入",
                    "事业收入",
                    "其他收入"
                ],
                true
            ),
            [
                "code",
                "name",
                "total",
                "fiscal_appropriation",
                "business_income",
                "other_income"
            ]
        );
        assert_eq!(
            keys(
                &[
                    "科目编码",
                    "科目名称",
                    "合计",
                    "上年结转",
                    "本年收入/一般公共预算拨款",
                    "本年收入/政府性基金预算拨款"
                ],
                false
            ),
            [
                "code",
                "name",
                "total",
                "carryover",
                "general_budget",
                "gov_fund"
            ]
        );
    }

    #[test]
    fn lost_budget_qualifier() {
        assert_eq!(
            keys(
                &[
                    "预算数/合计",
                    "预算数/因公出国/（境）费",
                    "公务接待费",
                    "决算数/合计",
                    "决算数/因公出国/（境）费",
                    "决算数/公务接待费"
                ],
                true
            ),
            [
                "total_budget",
                "overseas_travel_budget",
                "reception_budget",
                "total",
                "overseas_travel",
                "reception"
            ]
        );
    }

    #[test]
    fn final_accounts_columns() {
        assert_eq!(
            keys(
                &[
                    "项目/科目编码",
                    "项目/科目名称",
                    "年初预算数",
                    "调整预算数",
                    "决算数"
                ],
                true
            ),
            ["code", "name", "budget", "adjusted", "total"]
        );
        assert_eq!(
            keys(
                &[
                    "科目编码/类",
                    "科目编码/款",
                    "科目编码/项",
                    "科目名称",
                    "年初结转和结余",
                    "本年收入",
                    "本年支出/小计",
                    "本年支出/基本支出",
                    "本年支出/项目支出",
                    "年末结转和结余"
                ],
                true
            ),
            [
                "code",
                "code",
                "code",
                "name",
                "carryover",
                "current_year",
                "total",
                "basic",
                "project",
                "carryover_end"
            ]
        );
    }

    #[test]
    fn output_columns_join_code_pieces() {
        let h: Vec<String> = [
            "科目编码/类",
            "科目编码/款",
            "科目编码/项",
            "科目名称",
            "合计",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let cols = plan(&h, &[], catalog(), false).output_columns();
        let k: Vec<(&str, &str)> = cols
            .iter()
            .map(|c| (c.key.as_str(), c.header.as_str()))
            .collect();
        assert_eq!(
            k,
            [
                ("code", "科目编码"),
                ("name", "科目名称"),
                ("total", "合计")
            ]
        );
    }

    /// 西安 财政拨款收支总表: four groups side by side, the labels of the
    /// last three under headers the vocabulary does not know.
    #[test]
    fn unknown_word_columns_between_amounts_start_groups() {
        let h: Vec<String> = [
            "序号",
            "收入/项目",
            "收入/预算数",
            "支出/支出功能分科目（按大类）",
            "支出/预算数",
            "支出/部门预算支出经济科目（按大类）",
            "支出/预算数",
            "支出/府预算支出经济科目（按大类",
            "支出/预算数",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let text = [false, true, false, true, false, true, false, true, false];
        let shapes = CellShapes {
            text: &text,
            ..CellShapes::default()
        };
        let p = plan_with_cells(&h, &shapes, catalog(), false);
        assert_eq!(p.segments.len(), 4, "{:?}", p.roles);
        for seg in &p.segments {
            let keys: Vec<String> = p.amount_columns(seg).into_iter().map(|(_, k)| k).collect();
            assert_eq!(keys, ["total"]);
        }
        // A trailing word column (主要原因) after the amounts stays text.
        let h: Vec<String> = ["科目名称", "合计", "主要原因"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let text = [true, false, true];
        let shapes = CellShapes {
            text: &text,
            ..CellShapes::default()
        };
        let p = plan_with_cells(&h, &shapes, catalog(), false);
        assert_eq!(p.segments.len(), 1);
        assert_eq!(p.roles[2], Role::Text("c3".into()));
    }

    #[test]
    fn a_second_classification_after_the_amounts_is_no_new_group() {
        // 政府采购预算表: 数量, then the item's economic code (两 pieces),
        // then 预算金额: one group, the second code kept as text
        let h: Vec<String> = [
            "科目编码/类",
            "科目编码/款",
            "采购项目",
            "购买服务内容",
            "规格型号",
            "数量",
            "部门预算支出经济科目编码/类",
            "部门预算支出经济科目编码/款",
            "预算金额",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let codes = [true, true, false, false, false, false, true, true, false];
        let text = [false, false, true, false, true, false, false, false, false];
        let no_number = [false, false, true, true, false, false, false, false, false];
        let shapes = CellShapes {
            codes: &codes,
            text: &text,
            no_number: &no_number,
            ..CellShapes::default()
        };
        let p = plan_with_cells(&h, &shapes, catalog(), false);
        assert_eq!(p.segments.len(), 1, "{:?}", p.roles);
        assert_eq!(p.roles[6], Role::Text("c7".into()));
        assert_eq!(p.roles[8], Role::Amount("total".into()));
        assert_eq!(p.roles[5], Role::Amount("quantity".into()));
        // a half printed beside the first with a name of its own still is
        // a group: 编码 | 名称 | 金额 | 编码 | 名称 | 金额
        let h: Vec<String> = [
            "科目编码",
            "科目名称",
            "金额",
            "科目编码",
            "科目名称",
            "金额",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let p = plan_with_cells(&h, &CellShapes::default(), catalog(), false);
        assert_eq!(p.segments.len(), 2, "{:?}", p.roles);
        assert_eq!(p.roles[3], Role::Code);
        // and so is one whose code cells carry the name (`30101-基本工资`)
        let h: Vec<String> = ["科目编码", "金额", "科目编码", "金额"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let text = [true, false, true, false];
        let shapes = CellShapes {
            text: &text,
            ..CellShapes::default()
        };
        let p = plan_with_cells(&h, &shapes, catalog(), false);
        assert_eq!(p.segments.len(), 2, "{:?}", p.roles);
        // and one whose name column's header ran into the parent's
        // (`公用经费科目名称`, read as an amount) but whose cells are words
        let h: Vec<String> = [
            "科目编码",
            "人员经费科目名称",
            "金额科目编码",
            "公用经费科目名称",
            "金额",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let text = [false, true, false, true, false];
        let shapes = CellShapes {
            text: &text,
            ..CellShapes::default()
        };
        let p = plan_with_cells(&h, &shapes, catalog(), false);
        assert_eq!(p.segments.len(), 2, "{:?}", p.roles);
    }
}
