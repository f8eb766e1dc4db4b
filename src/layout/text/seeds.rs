//! The real seeds in corpus/text/, one per family.

use super::recover;
use crate::model::{LaidOut, RawTable};

const PROSE: &str = include_str!("../../../corpus/text/zhuzhou_ybj_2021_budget_prose.md");
const CELLS: &str = include_str!("../../../corpus/text/lingshou_ybj_2021_budget_cells.txt");
const TSV: &str = include_str!("../../../corpus/text/shaoxing_yuecheng_ybj_2021_budget_tsv.txt");

fn dump(l: &LaidOut) {
    for p in &l.prose {
        println!("P{} {}", p.page, p.text);
    }
    for t in &l.tables {
        println!("== {:?} {:?} pages {:?}", t.title, t.caption, t.pages);
        println!("   cols {:?}", t.columns);
        for r in &t.rows {
            println!("   {:?}", r.cells);
        }
        println!("   notes {:?}", t.notes);
    }
    println!("warnings {:?}", l.warnings);
}

#[test]
#[ignore]
fn dump_seeds() {
    for s in [PROSE, CELLS, TSV] {
        dump(&recover(s));
        println!("\n########\n");
    }
}

fn table<'a>(l: &'a LaidOut, title_part: &str) -> &'a RawTable {
    let found = l
        .tables
        .iter()
        .find(|t| t.title.as_deref().is_some_and(|x| x.contains(title_part)));
    assert!(found.is_some(), "no table titled …{title_part}");
    found.unwrap_or(&l.tables[0])
}

fn row<'a>(t: &'a RawTable, first_cells: &[&str]) -> &'a [String] {
    let found = t
        .rows
        .iter()
        .find(|r| r.cells.iter().zip(first_cells).all(|(c, w)| c == w));
    assert!(
        found.is_some(),
        "no row starting {first_cells:?} in {:?}",
        t.title
    );
    found.map(|r| r.cells.as_slice()).unwrap_or(&[])
}

const READING_ORDER: &str =
    include_str!("../../../corpus/text/xinxiang_hongqi_ybj_2021_budget_reading_order.txt");

#[test]
fn families_of_the_seeds() {
    use super::common::{Settings, split_lines};
    use super::detect::{Family, detect};
    let s = Settings::default();
    assert_eq!(detect(&split_lines(PROSE), &s), Family::Prose);
    assert_eq!(detect(&split_lines(CELLS), &s), Family::CellPerLine);
    assert_eq!(detect(&split_lines(TSV), &s), Family::Tsv);
    assert_eq!(
        detect(&split_lines(READING_ORDER), &s),
        Family::ReadingOrder
    );
}

#[test]
fn prose_seed_keeps_figures_with_their_units() {
    let l = recover(PROSE);
    assert!(l.tables.is_empty());
    assert!(l.prose.iter().any(|p| {
        p.text
            .contains("一般公共预算拨款 1682.24万元，上年结转 0 万元。")
    }));
    assert!(l.prose.iter().any(|p| p.text == "一、部门职能职责"));
    assert!(
        l.prose
            .iter()
            .any(|p| p.text.starts_with("（一）拟订全市医疗保险"))
    );
    assert!(
        !l.prose
            .iter()
            .any(|p| p.text.starts_with("- ") || p.text.starts_with('#'))
    );
    assert!(
        l.prose
            .iter()
            .any(|p| p.text.contains("在医疗、医保、医药等方面"))
    );
}

#[test]
fn cells_seed_tables() {
    let l = recover(CELLS);
    assert_eq!(l.tables.len(), 20);
    let t = table(&l, "部门预算收支总表");
    assert_eq!(t.title.as_deref(), Some("部门预算收支总表"));
    assert_eq!(
        t.caption,
        vec!["473灵寿县医疗保障局", "预算年度：2021", "单位：万元"]
    );
    assert_eq!(
        t.columns,
        vec!["收入/项目", "收入/预算数", "支出/项目", "支出/预算数"]
    );
    assert_eq!(t.rows.len(), 33);
    assert_eq!(
        row(t, &["收入总计"]),
        ["收入总计", "3232.07", "支出总计", "3232.07"]
    );

    let t = table(&l, "部门预算收入总表");
    assert_eq!(t.columns.len(), 12);
    assert_eq!(
        t.columns[..5],
        [
            "功能分类科目/科目编码",
            "功能分类科目/科目名称",
            "合计",
            "本年收入/小计",
            "本年收入/财政拨款收入"
        ]
    );
    assert_eq!(t.columns[11], "上年结转");

    let t = table(&l, "一般公共预算财政拨款支出表");
    assert_eq!(
        t.columns,
        vec![
            "功能分类科目/科目编码",
            "功能分类科目/科目名称",
            "合计",
            "基本支出",
            "项目支出"
        ]
    );
    assert_eq!(
        row(t, &["2101501"]),
        ["2101501", "行政运行", "95.46", "95.46", ""]
    );

    let t = table(&l, "财政拨款收支总表");
    assert_eq!(
        t.columns[..4],
        ["收入/项目", "收入/金额", "支出/项目", "支出/合计"]
    );

    let t = table(&l, "政府基金预算财政拨款支出表");
    assert!(t.rows.is_empty());
    assert_eq!(t.notes, vec!["注：无政府基金预算财政拨款预算，空表列示。"]);

    let t = table(&l, "“三公”经费支出表");
    assert_eq!(t.columns[..2], ["项目", "资金性质/合计"]);
    assert_eq!(row(t, &["公务用车运行维护费"])[1], "3.00");

    let t = table(&l, "部门机构设置情况");
    assert_eq!(t.rows.len(), 2);

    let t = table(&l, "1、城乡医疗救助县级补助项目绩效目标表");
    assert!(t.caption.iter().any(|c| c.starts_with("绩效目标")));
    assert_eq!(t.columns[0], "一级指标");
    assert_eq!(t.rows.len(), 8);

    let t = table(&l, "部门固定资产占用情况表");
    assert_eq!(row(t, &["资产总额"]), ["资产总额", "", "71.00"]);
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
}

#[test]
fn tsv_seed_tables() {
    let l = recover(TSV);
    assert_eq!(l.tables.len(), 5);
    assert!(l.prose.iter().any(|p| p.text == "收支预算总表 公开 01 表"));
    let t = table(&l, "收支预算总表");
    assert_eq!(t.title.as_deref(), Some("2021年区级部门收支预算总表"));
    assert_eq!(t.caption, vec!["表 01", "部门名称：区医保分局 单位：元"]);
    assert_eq!(
        t.columns,
        vec!["收入/项目", "收入/预算数", "支出/项目", "支出/预算数"]
    );
    assert_eq!(
        row(t, &["收入总计"]),
        ["收入总计", "29756547.77", "支出总计", "29756547.77"]
    );
    assert_eq!(row(t, &["十、上年结转"]).len(), 4);
    assert_eq!(t.rows.len(), 20);

    let t = table(&l, "一般公共预算基本支出表");
    assert_eq!(
        t.columns,
        vec![
            "部门预算经济分类科目/科目编码",
            "部门预算经济分类科目/科目名称",
            "金额"
        ]
    );
    assert_eq!(row(t, &["30217"]), ["30217", "公务接待费", "3150.00"]);

    let t = table(&l, "“三公”经费表");
    assert_eq!(t.columns, vec!["项目", "2021年预算数"]);
    assert_eq!(row(t, &["公务用车运行维护费"]), ["公务用车运行维护费", ""]);

    let t = table(&l, "项目绩效目标表");
    assert_eq!(
        t.columns[..5],
        [
            "单位编码",
            "项目名称",
            "合计",
            "资金安排/公共预算",
            "资金安排/政府性基金"
        ]
    );
    assert_eq!(t.columns[10..], ["三级指标值", "三级指标描述"]);
    let printing = row(
        t,
        &[
            "152001",
            "印刷费",
            "214000.00",
            "214000.00",
            "",
            "",
            "",
            "产出目标",
        ],
    );
    assert_eq!(printing[11], "根据宣传对象编印宣传折页等");
    let reward = row(
        t,
        &[
            "152001",
            "越城区欺诈骗取医疗保障资金行为举报奖励",
            "5000.00",
            "5000.00",
            "",
            "",
            "",
            "满意度目标",
        ],
    );
    assert_eq!(reward[9], "医保工作满意度");
    assert!(
        !t.rows
            .iter()
            .any(|r| r.cells[1] == "励" || r.cells[1].ends_with("举报奖"))
    );
    assert_eq!(row(t, &["152001", "窗口补贴"])[9], "工作人员流动性");
    assert_eq!(
        row(
            t,
            &[
                "152002",
                "服务外包费",
                "965000.00",
                "965000.00",
                "",
                "",
                "",
                "产出目标",
                "数量指标",
                "服务对象"
            ]
        )[10],
        "97万参保群众"
    );
    // Every data row keeps its width.
    assert!(t.rows.iter().all(|r| r.cells.len() == 12));
}
