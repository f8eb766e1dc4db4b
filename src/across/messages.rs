//! The wording of the `year_over_year` checks, in one place, in both
//! languages (Chinese by default, like the table checks; English with
//! `--lang en`), as [`crate::messages`] keeps the other rules' wordings.

use crate::messages::Text;

/// How a kind of document is named in a message: (Chinese, English).
fn kind_name(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "budget" => ("预算", "budget"),
        "final_accounts" => ("决算", "final accounts"),
        _ => ("文件", "document"),
    }
}

/// What a statement about another year states.
pub enum Stated<'a> {
    /// A change (`增加 10万元`), signed, with its unit.
    Change(&'a str),
    /// A rate of change (`-1.87%`).
    Rate(&'a str),
    /// `持平`: no change.
    Unchanged,
}

/// `«quote»（第 7 页）：OTHER（2023年预算）为 P，按此变动为 …，文中为 …`
pub fn compared(
    quote: &str,
    page: Option<u32>,
    other: (&str, i32, &str),
    other_figure: &str,
    computed: &str,
    stated: Stated,
) -> Text {
    let (other_file, other_year, other_kind) = other;
    let (kz, ke) = kind_name(other_kind);
    let (pz, pe) = page_note(page);
    let (wz, we) = match stated {
        Stated::Rate(_) => ("变动率", "rate of change"),
        _ => ("变动", "change"),
    };
    let (sz, se) = match stated {
        Stated::Change(x) | Stated::Rate(x) => (x.to_string(), x.to_string()),
        Stated::Unchanged => ("持平".to_string(), "no change".to_string()),
    };
    Text::new(
        format!(
            "«{quote}»{pz}：{other_file}（{other_year}年{kz}）为 {other_figure}，按此{wz}为 {computed}，文中为 {sz}"
        ),
        format!(
            "«{quote}»{pe}: {other_file} ({other_year} {ke}) prints {other_figure}, so the {we} is {computed}; the prose says {se}"
        ),
    )
}

/// Several documents of the other year print different figures.
pub fn ambiguous(quote: &str, page: Option<u32>, files: &[String], figures: &[String]) -> Text {
    let (pz, pe) = page_note(page);
    let list = |sep: &str, says: &str| {
        files
            .iter()
            .zip(figures)
            .map(|(f, v)| format!("{f}{says}{v}"))
            .collect::<Vec<_>>()
            .join(sep)
    };
    Text::new(
        format!(
            "«{quote}»{pz}：上一年的文件所列数不一致（{}），未核对",
            list("；", " 为 ")
        ),
        format!(
            "«{quote}»{pe}: the documents of the year before print different figures ({}); not checked",
            list("; ", " prints ")
        ),
    )
}

/// A 决算's 年初预算数 against that year's budget document.
pub fn initial_budget(key: &str, printed: &str, budget_file: &str, budget_figure: &str) -> Text {
    Text::new(
        format!("{key}：决算所列年初预算数 {printed}，{budget_file}（当年预算）为 {budget_figure}"),
        format!(
            "{key}: the final accounts print an initial budget of {printed}; {budget_file} (that year's budget) prints {budget_figure}"
        ),
    )
}

/// This year's opening balance against last year's closing balance.
pub fn carry_over(opening: &str, other_file: &str, other_year: i32, closing: &str) -> Text {
    Text::new(
        format!(
            "年初结转和结余 {opening}，{other_file}（{other_year}年决算）年末结转和结余为 {closing}"
        ),
        format!(
            "opening carry-over and balance {opening}; {other_file} ({other_year} final accounts) prints a closing carry-over and balance of {closing}"
        ),
    )
}

/// Appended to a failing comparison with a document of which no other
/// non-zero figure agrees: the two may only share a name.
pub fn link_unconfirmed(other_file: &str) -> Text {
    Text::new(
        format!("；{other_file} 无其他非零数与本文件相符，未必是本部门同一口径的上年文件，未判定"),
        format!(
            "; no other non-zero figure of {other_file} agrees with this document: it may only share the department's name, not judged"
        ),
    )
}

/// The page, in Chinese and in English.
fn page_note(page: Option<u32>) -> (String, String) {
    page.map(|p| (format!("（第 {p} 页）"), format!(" (page {p})")))
        .unwrap_or_default()
}
