//! The wording of the `year_over_year` checks, in one place (Chinese, like
//! the table checks) so that the language switch can replace it.

/// How a kind of document is named in a message.
pub fn kind_name(kind: &str) -> &'static str {
    match kind {
        "budget" => "预算",
        "final_accounts" => "决算",
        _ => "文件",
    }
}

/// `«quote»（第 7 页）：对照 OTHER（2023年预算）的 SUBJECT P，…`
pub fn change(
    quote: &str,
    page: Option<u32>,
    other_file: &str,
    other_year: i32,
    other_kind: &str,
    other_figure: &str,
    computed: &str,
    stated: &str,
) -> String {
    format!(
        "«{quote}»{}：{other_file}（{other_year}年{}）为 {other_figure}，按此变动为 {computed}，文中为 {stated}",
        page_note(page),
        kind_name(other_kind)
    )
}

/// The rate version of [`change`].
pub fn rate(
    quote: &str,
    page: Option<u32>,
    other_file: &str,
    other_year: i32,
    other_kind: &str,
    other_figure: &str,
    computed: &str,
    stated: &str,
) -> String {
    format!(
        "«{quote}»{}：{other_file}（{other_year}年{}）为 {other_figure}，按此变动率为 {computed}，文中为 {stated}",
        page_note(page),
        kind_name(other_kind)
    )
}

/// Several documents of the other year print different figures.
pub fn ambiguous(quote: &str, page: Option<u32>, files: &[String], figures: &[String]) -> String {
    format!(
        "«{quote}»{}：上一年的文件所列数不一致（{}），未核对",
        page_note(page),
        files
            .iter()
            .zip(figures)
            .map(|(f, v)| format!("{f} 为 {v}"))
            .collect::<Vec<_>>()
            .join("；")
    )
}

/// A 决算's 年初预算数 against that year's budget document.
pub fn initial_budget(key: &str, printed: &str, budget_file: &str, budget_figure: &str) -> String {
    format!("{key}：决算所列年初预算数 {printed}，{budget_file}（当年预算）为 {budget_figure}")
}

/// This year's opening balance against last year's closing balance.
pub fn carry_over(opening: &str, other_file: &str, other_year: i32, closing: &str) -> String {
    format!(
        "年初结转和结余 {opening}，{other_file}（{other_year}年决算）年末结转和结余为 {closing}"
    )
}

fn page_note(page: Option<u32>) -> String {
    page.map(|p| format!("（第 {p} 页）")).unwrap_or_default()
}
