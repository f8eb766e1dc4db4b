//! The wordings of every check message: one function per message (or per
//! piece a message is built from), Chinese first, English second.
//!
//! Arguments are values already formatted as printed (amounts, quotes,
//! names, identifiers); they appear unchanged in both wordings. A new rule
//! adds its functions here (a section per rule) and calls them instead of
//! writing literals; `tests/message_language.rs` then checks that every
//! message it writes is in one language.

use super::Text;

// ---------------------------------------------------------------------
// Shared pieces of table checks.

/// `表 t3 “…” 第7页 行 210 卫生健康支出 列 total`; without a column when
/// the check is about the whole row.
pub fn location(
    table: &str,
    title: Option<&str>,
    page: u32,
    code: Option<&str>,
    name: Option<&str>,
    column: Option<&str>,
) -> Text {
    let title_zh = title.unwrap_or("（无标题）");
    let title_en = title.unwrap_or("(untitled)");
    let mut row = String::new();
    for part in [code, name].into_iter().flatten() {
        row.push(' ');
        row.push_str(part);
    }
    let (row_zh, row_en) = if row.is_empty() {
        (" （无名称）".to_string(), " (unnamed)".to_string())
    } else {
        (row.clone(), row)
    };
    let mut t = Text::new(
        format!("表 {table} “{title_zh}” 第{page}页 行{row_zh}"),
        format!("table {table} “{title_en}” page {page} row{row_en}"),
    );
    if let Some(c) = column {
        t.push(&Text::new(format!(" 列 {c}"), format!(" column {c}")));
    }
    t
}

/// `{where}: {why}`: a finding about a place.
pub fn at(place: &Text, what: &Text) -> Text {
    place.clone().then(&Text::same(": ")).then(what)
}

/// `{computed} {sign} 印刷值 {printed}` (+ the rounding note).
pub fn against_printed(
    what: &Text,
    computed: &str,
    sign: &str,
    printed: &str,
    rounding: bool,
) -> Text {
    let mut t = what.clone().then(&Text::new(
        format!(" {computed} {sign} 印刷值 {printed}"),
        format!(" {computed} {sign} printed {printed}"),
    ));
    if rounding {
        t.push(&rounding_note());
    }
    t
}

/// The note a rounding difference carries.
pub fn rounding_note() -> Text {
    Text::new("（舍入差）", " (rounding difference)")
}

/// The English plural ending for `n` things.
fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `N 个子项之和`: the sum of a class's printed sub-items.
pub fn sum_of_children(n: usize) -> Text {
    Text::new(
        format!("{n} 个子项之和"),
        format!("sum of {n} sub-item{}", plural(n)),
    )
}

/// `N 个一级项目之和`: the sum of a table's top-level items.
pub fn sum_of_top_items(n: usize) -> Text {
    Text::new(
        format!("{n} 个一级项目之和"),
        format!("sum of {n} top-level item{}", plural(n)),
    )
}

/// `N 项之和`: the sum of the lines above a 合计 of a two-sided table.
pub fn sum_of_lines(n: usize) -> Text {
    Text::new(
        format!("{n} 项之和"),
        format!("sum of {n} line{}", plural(n)),
    )
}

/// `N 项之和（本年合计 + 结转结余）`: a 总计 as this year's total plus
/// carry-overs.
pub fn sum_of_lines_with_carryover(n: usize) -> Text {
    Text::new(
        format!("{n} 项之和（本年合计 + 结转结余）"),
        format!(
            "sum of {n} line{} (this year's total + carry-overs)",
            plural(n)
        ),
    )
}

/// `basic + project 之和`: the columns a row's total adds up (column keys).
pub fn sum_of_columns<S: AsRef<str>>(columns: &[S]) -> Text {
    let parts: Vec<&str> = columns.iter().map(AsRef::as_ref).collect();
    let parts = parts.join(" + ");
    Text::new(format!("{parts} 之和"), format!("sum of {parts}"))
}

/// `收入总计`: the other side of a two-sided table, which the 支出总计 equals.
pub fn revenue_side_total() -> Text {
    Text::new("收入总计", "revenue total")
}

// ---------------------------------------------------------------------
// Why a table check was skipped.

/// A child code printed under a parent it does not start with.
pub fn misprinted_child_code(child: &str, parent: &str) -> Text {
    Text::new(
        format!(
            "子项编码 {child} 印在 {parent} 之下却不以其开头，表中也无其上级科目，疑为印刷错误（仍按位置计入）"
        ),
        format!(
            "sub-item code {child} is printed under {parent} but does not start with it, and the table has no parent for it: probably a misprint (counted by position)"
        ),
    )
}

/// No sub-item prints the column the class prints.
pub fn children_not_printed() -> Text {
    Text::new(
        "子项均未印此列，无法核对",
        "no sub-item prints this column; not checked",
    )
}

/// No item prints the column the total prints.
pub fn items_not_printed() -> Text {
    Text::new(
        "各项均未印此列，无法核对",
        "no item prints this column; not checked",
    )
}

/// Children of a group printed in an untitled table on the next page (a
/// page not joined to its table).
pub fn children_in_another_table(other: &str) -> Text {
    Text::new(
        format!("其子项另有印于下页未并入本表的表 {other}，不一致时不判定"),
        format!(
            "children of this row are printed in table {other} on the next page, not joined to this table; a difference is not judged"
        ),
    )
}

/// A row inside the group prints a figure but neither code nor name: a row
/// whose code was lost, so which child it is (or whether it is one) is
/// unknown.
pub fn unnamed_row_in_group() -> Text {
    Text::new(
        "其子项中有一行印有数字但未读出编码和名称，不一致时不判定".to_string(),
        "a row among its children prints a figure but no code or name was read; a difference is not judged".to_string(),
    )
}

/// An untitled table that starts inside a 类: a continuation page whose
/// total covers rows printed on earlier pages.
pub fn total_of_a_continuation() -> Text {
    Text::new(
        "表无标题且首行为未印其类的款项（续页），合计含前页各行，不一致时不判定",
        "an untitled table starting inside a class (a continuation page): its total covers rows on earlier pages; a difference is not judged",
    )
}

/// The items of a total read flat add up to more than the total.
pub fn unclear_hierarchy(sum: &str) -> Text {
    Text::new(
        format!("各项层级不明（其和 {sum} 大于合计），不核对"),
        format!(
            "the items' levels are unclear (their sum {sum} is more than the total); not checked"
        ),
    )
}

/// A figure the sum would add could not be read.
pub fn unread_figure(table: &str, column: &str) -> Text {
    Text::new(
        format!("（表 {table} 列 {column} 有无法识别的数字，未核对）"),
        format!(
            " (table {table} column {column} holds a figure that could not be read; not checked)"
        ),
    )
}

/// A short sum whose missing rows may have gone into the table read next
/// to it (a table cut in two and not joined).
pub fn cut_table(table: &str, next: &str) -> Text {
    Text::new(
        format!("（表 {table} 的部分行可能被读入相邻的表 {next}，未核对）"),
        format!(
            " (some rows of table {table} may have been read into the next table {next}; not checked)"
        ),
    )
}

/// A header cell that holds two columns' names (`合计因公出国(境)费`): the
/// reader merged two columns, so no figure of the table is placed with
/// confidence.
pub fn run_together(table: &str, column: &str) -> Text {
    Text::new(
        format!("（表 {table} 列 {column} 的表头含两列的名称，两列可能被读成一列，未核对）"),
        format!(
            " (the header of table {table} column {column} names two columns, which may have been read as one; not checked)"
        ),
    )
}

/// The pages a failing check read were scanned: OCR may have misread.
pub fn scanned_pages(pages: &[String]) -> Text {
    Text::new(
        format!(
            "（第{}页为扫描页，数字由 OCR 识别，请先与扫描件核对）",
            pages.join("、")
        ),
        format!(
            " (page {} is scanned; its figures were read by OCR: compare with the scan first)",
            pages.join(", ")
        ),
    )
}

// ---------------------------------------------------------------------
// cross_table.

/// `科目 205`: a classification code as the name of a compared figure.
pub fn code_name(code: &str) -> Text {
    Text::new(format!("科目 {code}"), format!("code {code}"))
}

/// `{name}（表 t2 第7页 印 100元）`: the figure another table prints.
pub fn printed_in(name: &Text, table: &str, page: u32, printed: &str, unit: &str) -> Text {
    name.clone().then(&Text::new(
        format!("（表 {table} 第{page}页 印 {printed}{unit}）"),
        format!(" (table {table} page {page} prints {printed}{unit})"),
    ))
}

/// Two tables that may cover different money disagree.
pub fn scopes_may_differ() -> Text {
    Text::new(
        "；两表资金口径可能不同，不判为错误",
        "; the two tables may cover different funds: not judged an error",
    )
}

/// `三公` in the function table against its economic lines: at least.
pub fn at_least_economic(
    name: &Text,
    printed: &str,
    sign: &str,
    table: &str,
    page: u32,
    economic: &str,
    unit: &str,
) -> Text {
    name.clone().then(&Text::new(
        format!(" {printed} {sign} 表 {table} 第{page}页 经济科目中的 {economic}{unit}（“三公”口径可含项目支出，只要求不小于）"),
        format!(" {printed} {sign} the economic lines of table {table} page {page}, {economic}{unit} (the three-public-expenses figure may include project funds: it need only be no smaller)"),
    ))
}

// ---------------------------------------------------------------------
// fact_sum. `what` is the relation as data/reconcile.json words it.

/// A part of the relation is not in the document.
pub fn fact_sum_missing(what: &Text, missing: &[&str]) -> Text {
    what.clone().then(&Text::new(
        format!("：缺少 {}，无法核对", missing.join("、")),
        format!(": {} missing, not checked", missing.join(", ")),
    ))
}

/// 支出总计 also holds other kinds of spending or carry-overs.
pub fn fact_sum_other_kinds(what: &Text) -> Text {
    what.clone().then(&Text::new(
        "：支出总计另含其他支出类别或结转结余，不适用",
        ": the expenditure total also holds other kinds of spending or carry-overs; does not apply",
    ))
}

/// No two-sided table's expenditure side was read: whether 支出总计 holds
/// carry-overs is not known.
pub fn fact_sum_carry_unknown(what: &Text) -> Text {
    what.clone().then(&Text::new(
        "：未读出收支总表的支出方，支出总计是否含结转结余未知，不判定",
        ": no summary table's expenditure side was read, so whether the expenditure total holds carry-overs is not known; not judged",
    ))
}

/// The figures come from tables of different funds.
pub fn fact_sum_scopes_differ(what: &Text, sources: &[Text]) -> Text {
    let s = Text::join(sources, "、", ", ");
    what.clone().then(&Text::new(
        format!("：各数取自资金范围不同的表（{}），不适用", s.zh),
        format!(
            ": the figures come from tables of different funds ({}); does not apply",
            s.en
        ),
    ))
}

/// The figures come from tables that may cover different funds.
pub fn fact_sum_scopes_may_differ(what: &Text, sources: &[Text]) -> Text {
    let s = Text::join(sources, "、", ", ");
    what.clone().then(&Text::new(
        format!("：各数取自资金范围可能不同的表（{}），不一致时不判定", s.zh),
        format!(
            ": the figures come from tables that may cover different funds ({}); a difference is not judged",
            s.en
        ),
    ))
}

/// `{key} {table}` or `{key} 正文`: where a fact of a relation comes from.
pub fn fact_source(key: &str, table: Option<&str>) -> Text {
    match table {
        Some(t) => Text::same(format!("{key} {t}")),
        None => Text::new(format!("{key} 正文"), format!("{key} prose")),
    }
}

/// `{what}：a + b {sum} = {total}（万元）`.
pub fn fact_sum(
    what: &Text,
    parts: &[String],
    sum: &str,
    sign: &str,
    total: &str,
    unit: &str,
    rounding: bool,
) -> Text {
    let parts = parts.join(" + ");
    let mut t = what.clone().then(&Text::new(
        format!("：{parts} {sum} {sign} {total}（{unit}）"),
        format!(": {parts} {sum} {sign} {total} ({unit})"),
    ));
    if rounding {
        t.push(&rounding_note());
    }
    t
}

// ---------------------------------------------------------------------
// text_vs_table: a figure of the prose against the table that prints it.

/// `the prose (page 21) says «…» (0.3 万元)`.
pub fn prose_says(page: Option<u32>, quote: &str, value: &str, unit: &str) -> Text {
    match page {
        Some(p) => Text::new(
            format!("正文（第{p}页）称«{quote}»（{value} {unit}）"),
            format!("the prose (page {p}) says «{quote}» ({value} {unit})"),
        ),
        None => Text::new(
            format!("正文称«{quote}»（{value} {unit}）"),
            format!("the prose says «{quote}» ({value} {unit})"),
        ),
    }
}

/// A table row by its printed name, else its code.
pub fn row_label(name: Option<&str>, code: Option<&str>) -> Text {
    match name.or(code) {
        Some(n) => Text::same(n),
        None => Text::new("（无名称）", "(unnamed)"),
    }
}

fn row_part(row: Option<&Text>) -> (String, String) {
    match row {
        Some(r) => (format!(" 行 {}", r.zh), format!(" row {}", r.en)),
        None => (String::new(), String::new()),
    }
}

/// `表 t5 行 总计 列 total 印 0.3 万元` (`row` may be absent).
pub fn table_prints(
    table: &str,
    row: Option<&Text>,
    column: &str,
    value: &str,
    unit: &str,
) -> Text {
    let (rz, re) = row_part(row);
    Text::new(
        format!("；表 {table}{rz} 列 {column} 印 {value} {unit}"),
        format!("; table {table}{re} column {column} prints {value} {unit}"),
    )
}

/// The table prints the cell blank (read as zero).
pub fn table_prints_blank(
    table: &str,
    row: Option<&Text>,
    column: &str,
    value: &str,
    unit: &str,
) -> Text {
    let (rz, re) = row_part(row);
    Text::new(
        format!("；表 {table}{rz} 列 {column} 未印数字（空白，按 {value} {unit} 计）"),
        format!(
            "; table {table}{re} column {column} prints no figure (blank, read as {value} {unit})"
        ),
    )
}

/// How far the two figures are apart.
pub fn differs_by_yuan(d: &str) -> Text {
    Text::new(format!("（相差 {d} 元）"), format!(" (differs by {d} 元)"))
}

/// The table's figure is the basic-expenditure part of the prose's.
pub fn basic_part_only() -> Text {
    Text::new(
        "（表中只印基本支出部分，正文所述可含项目资金）",
        " (the table prints the basic-expenditure part only; the prose may include project funds)",
    )
}

/// `科目 205 教育支出/普通教育: `: the code a prose figure names.
pub fn named_code(code: &str, path: &str) -> Text {
    Text::new(
        format!("科目 {code} {path}: "),
        format!("code {code} {path}: "),
    )
}

/// The tables disagree on a code and the prose matches none of them.
pub fn fund_unknown() -> Text {
    Text::new(
        "；各表此科目的数字不同，正文与哪个都不符：不知所指资金范围，未核对",
        "; the tables print different figures for this code and the prose matches none: which fund it speaks of is unknown, not checked",
    )
}

// ---------------------------------------------------------------------
// text_comparison: the prose's arithmetic within one sentence.

/// `«…» (page 3): `.
pub fn quoted_at(quote: &str, page: u32) -> Text {
    Text::new(
        format!("«{quote}»（第{page}页）："),
        format!("«{quote}» (page {page}): "),
    )
}

/// From last year's figure to this year's is a change of … .
pub fn change_amount(prev: &str, cur: &str, delta: &str, said: &str) -> Text {
    Text::new(
        format!("由 {prev} 到 {cur} 变动 {delta} 万元，正文称 {said}"),
        format!("from {prev} to {cur} is a change of {delta} 万元, the prose says {said}"),
    )
}

/// From last year's figure to this year's is a change of … %.
pub fn change_rate(prev: &str, cur: &str, rate: &str, said: &str) -> Text {
    Text::new(
        format!("由 {prev} 到 {cur} 变动 {rate}%，正文称 {said}"),
        format!("from {prev} to {cur} is {rate}%, the prose says {said}"),
    )
}

/// An increase larger than this year's figure.
pub fn negative_last_year(change: &str, cur: &str, prev: &str) -> Text {
    Text::new(
        format!("在 {cur} 上增加 {change}，上年数将为 {prev} 万元，为负数"),
        format!(
            "an increase of {change} on {cur} would make last year's figure {prev} 万元, which is negative"
        ),
    )
}

/// A rate of change from nothing.
pub fn rate_from_zero(change: &str, cur: &str, said: &str) -> Text {
    Text::new(
        format!("{cur} 中变动 {change}，上年数为 0，变动率不可能是 {said}"),
        format!(
            "a change of {change} on {cur} leaves last year's figure at 0, so it cannot be {said}"
        ),
    )
}

/// The rate of change on last year's figure derived from this year's.
pub fn rate_on_derived(change: &str, prev: &str, cur: &str, rate: &str, said: &str) -> Text {
    Text::new(
        format!("{change} 相对上年 {prev} 万元（= {cur} ∓ 变动）为 {rate}%，正文称 {said}"),
        format!(
            "{change} on last year's {prev} 万元 (= {cur} ∓ change) is {rate}%, the prose says {said}"
        ),
    )
}

/// A part's share of a whole.
pub fn share(part: &str, of: &Text, rate: &str, said: &str) -> Text {
    Text::new(format!("{part} 占 "), format!("{part} of "))
        .then(of)
        .then(&Text::new(
            format!(" 的 {rate}%，正文称 {said}"),
            format!(" is {rate}%, the prose says {said}"),
        ))
}

/// The sum of the parts a sentence lists, as the whole of a share.
pub fn listed_parts_sum(sum: &str) -> Text {
    Text::new(
        format!("所列各项之和 {sum} 万元"),
        format!("the listed parts' sum {sum} 万元"),
    )
}

/// 决算 as a share of 预算.
pub fn completion(final_: &str, budget: &str, rate: &str, said: &str) -> Text {
    Text::new(
        format!("决算 {final_} 为预算 {budget} 的 {rate}%，正文称 {said}"),
        format!("final accounts {final_} of budget {budget} is {rate}%, the prose says {said}"),
    )
}

/// The relation the prose states between 决算 and 预算.
pub fn stated_relation(phrase: &str, final_: &str, budget: &str, holds: bool) -> Text {
    let (zh, en) = if holds {
        ("相符", "agrees")
    } else {
        ("不符", "does not")
    };
    Text::new(
        format!("正文称«{phrase}»；决算 {final_} 与预算 {budget} {zh}"),
        format!("the prose says «{phrase}»; final accounts {final_} against budget {budget} {en}"),
    )
}

// ---------------------------------------------------------------------
// empty_note: a note or sentence saying a table is empty.

/// `the note «…» says the table is empty`.
pub fn note_says_empty(quote: &str) -> Text {
    Text::new(
        format!("注释«{quote}»称本表为空"),
        format!("the note «{quote}» says the table is empty"),
    )
}

/// `the prose (page 3) says «…» (table 7)`.
pub fn prose_says_numbered(page: u32, quote: &str, n: usize) -> Text {
    Text::new(
        format!("正文（第{page}页）称«{quote}»（表{n}）"),
        format!("the prose (page {page}) says «{quote}» (table {n})"),
    )
}

/// `the prose (page 3) says «…»`.
pub fn prose_says_quote(page: u32, quote: &str) -> Text {
    Text::new(
        format!("正文（第{page}页）称«{quote}»"),
        format!("the prose (page {page}) says «{quote}»"),
    )
}

/// The table said to be empty prints nothing.
pub fn table_prints_nothing(said: &Text, table: &str, name: &str) -> Text {
    said.clone().then(&Text::new(
        format!("；表 {table}（{name}）未印数字"),
        format!("; table {table} ({name}) prints no figure"),
    ))
}

/// The table said to be empty prints a figure.
pub fn table_prints_figure(
    said: &Text,
    table: &str,
    name: &str,
    value: &str,
    row: &str,
    column: &str,
) -> Text {
    said.clone().then(&Text::new(
        format!("，但表 {table}（{name}）在行 {row}、列 {column} 印有 {value}"),
        format!(", but table {table} ({name}) prints {value} at row {row}, column {column}"),
    ))
}

/// A note under one table names another.
pub fn note_names_other_table(quote: &str, table: &str, name: &str, named: &str) -> Text {
    Text::new(
        format!("表 {table}（{name}）下的注释«{quote}»说的是另一张表（{named}）"),
        format!("the note «{quote}» under table {table} ({name}) names another table ({named})"),
    )
}

/// A note naming another table under a table that has its own note: it
/// belongs to a table printed after, whose title was not found.
pub fn note_of_a_later_table(quote: &str, table: &str, name: &str, named: &str) -> Text {
    Text::new(
        format!(
            "表 {table}（{name}）已有说明本表的注释，其后的注释«{quote}»说的是另一张表（{named}），应属其后未识别的表，不判定"
        ),
        format!(
            "table {table} ({name}) has its own note; the later note «{quote}» names another table ({named}) and belongs to a table printed after it that was not recognised; not judged"
        ),
    )
}

// ---------------------------------------------------------------------
// contents: the 目录 against the tables printed.

/// A listed table the document prints.
pub fn contents_found(page: u32, listed: &str, template: &str) -> Text {
    Text::new(
        format!("目录（第{page}页）列有«{listed}»（{template}），文中印有此表"),
        format!(
            "the table of contents (page {page}) lists «{listed}» ({template}); the document prints it"
        ),
    )
}

/// A listed table the document does not print.
pub fn contents_missing(page: u32, listed: &str, template: &str) -> Text {
    Text::new(
        format!("目录（第{page}页）列有«{listed}»（{template}），但文中没有此表"),
        format!(
            "the table of contents (page {page}) lists «{listed}» ({template}), but the document prints no such table"
        ),
    )
}
