//! The facts stage's vocabulary, loaded once from `data/fact_phrases.json`
//! (compiled in). Supporting a new phrasing is a change to that file.

use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
pub struct Vocab {
    pub facts: Vec<FactPhrases>,
    pub blockers: Vec<String>,
    pub gap: Gap,
    pub comparison: Comparison,
    pub final_vs_budget: FinalVsBudget,
    pub shares: Shares,
    pub empty: Empty,
    pub meta: Meta,
    pub table_sources: Vec<TableSource>,
    #[serde(default)]
    pub contents: Contents,
    #[serde(default)]
    pub consistency: Consistency,
    #[serde(default)]
    pub prose_scope: ProseScope,
    #[serde(default)]
    pub sub_units: SubUnits,
    /// How carry-over rows of a two-sided table begin (`上年结转`,
    /// `结转下年`): a `final_total` source's row is no grand total when one
    /// of these follows it with a figure.
    #[serde(default)]
    pub carry_rows: Vec<String>,
}

/// Names of a department's units (`…院`, `…中心`, `局机关`): a prose figure
/// labelled right after one is that unit's, not the department's.
#[derive(Debug, Deserialize, Default)]
pub struct SubUnits {
    /// How an organisation's name ends.
    pub suffixes: Vec<String>,
    /// A name starting with one of these is the document's own (`本中心`).
    pub own_prefixes: Vec<String>,
    /// Characters that end the clause before the name.
    pub clause_breaks: Vec<String>,
    /// Words that make a sentence about one project or one classification
    /// class, not the department (`该项目批复的年初预算数为…其中…上年结转
    /// 120.00万元`, `检察(款):2018年预算支出合计16,444.36万元`): its
    /// figures are the project's or the class's.
    #[serde(default)]
    pub other_subjects: Vec<String>,
    /// Words naming the department itself as a sentence's subject
    /// (`本部门`): a new subject, after which figures are its own.
    #[serde(default)]
    pub own_subjects: Vec<String>,
}

/// The fund a prose figure speaks of (`一般公共预算财政拨款支出…其中：基本
/// 支出 113,007.22 万元` is the general budget's 基本支出, not the
/// department's).
#[derive(Debug, Deserialize, Default)]
pub struct ProseScope {
    /// Fact keys whose figure the prose states for one fund or for all.
    pub keys: Vec<String>,
    /// (word, scope) in the scope names of `data/reconcile.json`.
    pub words: Vec<(String, String)>,
    /// A sentence starting with one of these continues the previous one's
    /// subject (`其中：基本支出…`).
    pub continuations: Vec<String>,
}

/// The 目录 (table of contents): its heading, the dot leaders between an
/// entry and its page number, what ends it (a sentence: the body began).
#[derive(Debug, Deserialize, Default)]
pub struct Contents {
    pub headings: Vec<String>,
    pub leaders: String,
    pub sentence_ends: Vec<String>,
}

/// Headings and dates against the document's year; placeholder names.
#[derive(Debug, Deserialize, Default)]
pub struct Consistency {
    /// Words that, right after a year (`2024年度部门决算情况说明`), make a
    /// line name the document itself.
    pub document_words: Vec<String>,
    /// A date `截至2024年12月31日` starts with one of these.
    pub as_of_words: Vec<String>,
    /// Placeholders left in a name (`上海市普陀区XX局`).
    pub placeholders: Vec<String>,
    /// Characters that end a sentence: a line holding one is not a heading.
    pub sentence_marks: Vec<String>,
}

/// How a fact key is named in the prose.
#[derive(Debug, Deserialize)]
pub struct FactPhrases {
    pub key: String,
    /// `amount` (a figure with a money unit) or `count` (head count, 人).
    pub kind: String,
    pub labels: Vec<String>,
    /// A label directly preceded by one of these names a narrower figure.
    #[serde(default)]
    pub not_after: Vec<String>,
    /// Words that may not sit between this key's label and its figure.
    #[serde(default)]
    pub gap_forbid: Vec<String>,
    /// `budget`: the key is the 年初预算 a 决算 states beside its own figure
    /// (`“三公”经费财政拨款支出年初预算为0.95万元`); found only in 决算
    /// prose, after a budget marker. Absent: the document's own figure.
    #[serde(default)]
    pub figure: Option<String>,
}

impl FactPhrases {
    /// Is this the 预算数 stated in a 决算 (not the document's own figure)?
    pub fn is_budget_of_final(&self) -> bool {
        self.figure.as_deref() == Some("budget")
    }
}

#[derive(Debug, Deserialize)]
pub struct Gap {
    pub forbid: Vec<String>,
    pub forbid_budget: Vec<String>,
    pub forbid_final_accounts: Vec<String>,
    /// One of these sits between the label and a 决算's 预算数 figure.
    #[serde(default)]
    pub budget_markers: Vec<String>,
    pub stops: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Comparison {
    pub increase: Vec<String>,
    pub decrease: Vec<String>,
    pub flat: Vec<String>,
    pub compare_markers: Vec<String>,
    pub previous_markers: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct FinalVsBudget {
    pub budget_labels: Vec<String>,
    pub final_labels: Vec<String>,
    pub completion: Vec<String>,
    pub greater: Vec<String>,
    pub less: Vec<String>,
    pub equal: Vec<String>,
    pub about_equal: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Shares {
    pub whole_markers: Vec<String>,
    pub share_word: String,
}

#[derive(Debug, Deserialize)]
pub struct Empty {
    pub phrases: Vec<String>,
    /// A note that says what the table reports (`本表反映…的总收支`) names
    /// the funds it covers: it is no note about an empty table.
    #[serde(default)]
    pub descriptions: Vec<String>,
    pub absence_sentences: Vec<String>,
    pub template_words: Vec<TemplateWord>,
}

#[derive(Debug, Deserialize)]
pub struct TemplateWord {
    pub word: String,
    pub templates: Vec<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct Meta {
    /// Labels before a colon that name the document's department
    /// (`部门：`, `单位名称：`, `部门（单位）：`).
    pub department_prefixes: Vec<String>,
    pub department_suffixes: Vec<String>,
    pub department_strip: Vec<String>,
    pub budget_words: Vec<String>,
    pub final_words: Vec<String>,
    pub unit_words: Vec<String>,
    /// Words that may follow 部门预算 in a title (`公开`, `情况说明`).
    #[serde(default)]
    pub title_suffixes: Vec<String>,
    /// Label cells whose neighbour cell is the department (`部门名称`).
    #[serde(default)]
    pub cell_labels: Vec<String>,
    /// Longer labels that name someone else (`主管部门：`, `实施单位：`).
    #[serde(default)]
    pub label_exclusions: Vec<String>,
    /// Labels that may end a department's value in a run-together line
    /// (`…办公厅单位：万元`), besides the department labels.
    #[serde(default)]
    pub trailing_labels: Vec<String>,
    /// How a sentence, never a name, begins (`纳入`, `我局`, `本部门`).
    #[serde(default)]
    pub prose_starts: Vec<String>,
    /// Coverages printed after a name (`（本级）`, `（汇总）`).
    #[serde(default)]
    pub coverage_words: Vec<String>,
}

/// Where a fact sits in a canonical table.
#[derive(Debug, Deserialize)]
pub struct TableSource {
    pub key: String,
    pub template: String,
    /// `income` / `expenditure` for two-sided tables.
    #[serde(default)]
    pub side: Option<String>,
    /// Row names (normalised); `*` = the first row that has the column.
    #[serde(default)]
    pub rows: Vec<String>,
    /// Row codes, instead of names.
    #[serde(default)]
    pub codes: Vec<String>,
    /// Column keys, first present wins.
    pub columns: Vec<String>,
    /// Only when the table has this column (items printed as columns).
    #[serde(default)]
    pub requires_column: Option<String>,
    /// The table prints a part of what the prose states (会议费 30216 of the
    /// 基本支出表 is the basic part; the prose's 会议费 may include project
    /// funds): a table figure above the prose's contradicts it, one below
    /// proves nothing.
    #[serde(default)]
    pub part_of_prose: bool,
    /// Among the columns of a key printed more than once (for the same
    /// year), the one whose header holds one of these words: the “三公”
    /// 小计 beside a 合计 over “三公”+会议费+培训费.
    #[serde(default)]
    pub prefer_header: Vec<String>,
    /// The row is a grand total only when no carry-over row with a figure
    /// follows it on its side (`收入合计` after `上年结转` is the 总计 of
    /// 江苏 and 福建; before a printed 上年结转 it is 本年收入合计).
    #[serde(default)]
    pub final_total: bool,
    /// Columns or rows (会议费, 培训费) that a table may print beside the
    /// fact's items and add into its 合计: where the table prints one, only
    /// a column whose header holds a `prefer_header` word, or a row named
    /// otherwise than 合计/总计, is the fact's.
    #[serde(default)]
    pub mixed_with: Vec<String>,
}

static VOCAB: OnceLock<Vocab> = OnceLock::new();

/// The vocabulary. The file is compiled in and checked by a unit test, so a
/// parse failure is a build defect; it degrades to an empty vocabulary
/// rather than panicking.
pub fn vocab() -> &'static Vocab {
    VOCAB.get_or_init(|| {
        serde_json::from_str(include_str!("../../data/fact_phrases.json"))
            .unwrap_or_else(|_| empty_vocab())
    })
}

fn empty_vocab() -> Vocab {
    Vocab {
        facts: Vec::new(),
        blockers: Vec::new(),
        gap: Gap {
            forbid: Vec::new(),
            forbid_budget: Vec::new(),
            forbid_final_accounts: Vec::new(),
            budget_markers: Vec::new(),
            stops: Vec::new(),
        },
        comparison: Comparison {
            increase: Vec::new(),
            decrease: Vec::new(),
            flat: Vec::new(),
            compare_markers: Vec::new(),
            previous_markers: Vec::new(),
        },
        final_vs_budget: FinalVsBudget {
            budget_labels: Vec::new(),
            final_labels: Vec::new(),
            completion: Vec::new(),
            greater: Vec::new(),
            less: Vec::new(),
            equal: Vec::new(),
            about_equal: Vec::new(),
        },
        shares: Shares {
            whole_markers: Vec::new(),
            share_word: "占".into(),
        },
        empty: Empty {
            phrases: Vec::new(),
            descriptions: Vec::new(),
            absence_sentences: Vec::new(),
            template_words: Vec::new(),
        },
        meta: Meta::default(),
        table_sources: Vec::new(),
        contents: Contents::default(),
        consistency: Consistency::default(),
        prose_scope: ProseScope::default(),
        sub_units: SubUnits::default(),
        carry_rows: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn vocabulary_file_parses() {
        let v: super::Vocab = serde_json::from_str(include_str!("../../data/fact_phrases.json"))
            .expect("fact_phrases.json");
        assert!(v.facts.iter().any(|f| f.key == "revenue_total"));
        assert!(!v.table_sources.is_empty());
    }
}
