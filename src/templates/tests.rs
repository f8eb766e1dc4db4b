//! Whole-table tests on hand-made raw tables mirroring the seeds.

use super::*;
use crate::model::{RawRow, RawTable};

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

fn aligned(cells: &[&str]) -> RawRow {
    RawRow {
        cells: s(cells),
        placement: Placement::Aligned,
        page: 3,
    }
}

fn packed(cells: &[&str]) -> RawRow {
    RawRow {
        cells: s(cells),
        placement: Placement::Packed,
        page: 7,
    }
}

fn one(raw: RawTable) -> (Table, Vec<String>) {
    let laid = LaidOut {
        prose: vec![],
        tables: vec![raw],
        warnings: vec![],
    };
    let (mut t, w) = canonicalize(&laid);
    (t.remove(0), w)
}

fn vals(t: &Table, name: &str) -> Vec<(String, String)> {
    t.rows
        .iter()
        .find(|r| r.name.as_deref() == Some(name))
        .map(|r| r.values.clone())
        .unwrap_or_default()
}

fn kv(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn general_budget_expenditure_003() {
    let raw = RawTable {
        title: Some("2021 年区级部门一般公共预算支出表".into()),
        caption: s(&["表 03", "部门名称：区医保分局 单位：元"]),
        columns: s(&[
            "科目代码",
            "科目名称",
            "合计",
            "基本支出",
            "项目支出",
            "备注",
        ]),
        rows: vec![
            aligned(&["", "合计", "29756547.77", "5285547.77", "24471000.00", ""]),
            aligned(&[
                "208",
                "社会保障和就业支出",
                "398188.56",
                "398188.56",
                "",
                "",
            ]),
            aligned(&[
                "2101301",
                "城乡医疗救助",
                "21610000.00",
                "",
                "21610000.00",
                "",
            ]),
        ],
        notes: vec![],
        pages: vec![3],
    };
    let (t, _) = one(raw);
    assert_eq!(t.id, "t1");
    assert_eq!(t.template.as_deref(), Some("general_budget_expenditure"));
    assert_eq!(
        (t.unit.as_deref(), t.scale.as_deref()),
        (Some("元"), Some("1"))
    );
    assert!(!t.empty);
    let keys: Vec<&str> = t.columns.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(
        keys,
        ["code", "name", "total", "basic", "project", "remark"]
    );
    assert_eq!(t.rows.len(), 3);
    assert_eq!(t.rows[1].code.as_deref(), Some("208"));
    assert_eq!(
        vals(&t, "城乡医疗救助"),
        kv(&[("total", "21610000.00"), ("project", "21610000.00")])
    );
}

#[test]
fn two_row_header_002() {
    let raw = RawTable {
        title: Some("部门预算收入总表".into()),
        caption: s(&["473灵寿县医疗保障局", "预算年度：2021", "单位：万元"]),
        columns: s(&[
            "序号",
            "功能分类科目/科目  编码",
            "功能分类科目/科目名称",
            "合计",
            "本年收入/小计",
            "本年收入/财政拨款 收入",
            "本年收入/财政专户 收入",
            "本年收入/事业收入",
            "上年结转",
        ]),
        rows: vec![
            aligned(&["栏次", "1", "2", "3", "4", "5", "6", "7", "8"]),
            aligned(&["1", "", "合计", "3232.07", "3232.07", "3232.07", "", "", ""]),
            aligned(&[
                "4",
                "2080502",
                "事业单位离退休",
                "7.15",
                "7.15",
                "7.15",
                "",
                "",
                "",
            ]),
        ],
        notes: vec![],
        pages: vec![2],
    };
    let (t, _) = one(raw);
    assert_eq!(t.template.as_deref(), Some("revenue_summary"));
    assert_eq!(t.rows.len(), 2);
    let keys: Vec<&str> = t.columns.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "code",
            "name",
            "total",
            "current_year",
            "fiscal_appropriation",
            "special_account",
            "business_income",
            "carryover"
        ]
    );
    assert_eq!(t.columns[0].header, "功能分类科目/科目编码");
    assert_eq!(t.rows[1].code.as_deref(), Some("2080502"));
    assert_eq!(
        vals(&t, "事业单位离退休"),
        kv(&[
            ("total", "7.15"),
            ("current_year", "7.15"),
            ("fiscal_appropriation", "7.15")
        ])
    );
}

#[test]
fn revenue_expenditure_two_sided_001() {
    let raw = RawTable {
        title: Some("部门预算收支总表".into()),
        caption: s(&["单位：万元"]),
        columns: s(&[
            "序号",
            "收入/项  目",
            "收入/预算数",
            "支出/项  目",
            "支出/预算数",
        ]),
        rows: vec![
            aligned(&[
                "1",
                "一、一般公共预算拨款收入",
                "3232.07",
                "一、一般公共服务支出",
                "",
            ]),
            aligned(&[
                "8",
                "八、附属单位上缴收入",
                "",
                "八、社会保障和就业支出",
                "60.25",
            ]),
            aligned(&["10", "", "", "十、卫生健康支出", "3133.12"]),
            aligned(&["33", "收入总计", "3232.07", "支出总计", "3232.07"]),
        ],
        notes: vec![],
        pages: vec![1],
    };
    let (t, _) = one(raw);
    assert_eq!(t.template.as_deref(), Some("revenue_expenditure_summary"));
    let inc: Vec<&str> = t
        .rows
        .iter()
        .filter(|r| r.side.as_deref() == Some("income"))
        .filter_map(|r| r.name.as_deref())
        .collect();
    let exp: Vec<&str> = t
        .rows
        .iter()
        .filter(|r| r.side.as_deref() == Some("expenditure"))
        .filter_map(|r| r.name.as_deref())
        .collect();
    assert_eq!(
        inc,
        [
            "一、一般公共预算拨款收入",
            "八、附属单位上缴收入",
            "收入总计"
        ]
    );
    assert_eq!(
        exp,
        [
            "一、一般公共服务支出",
            "八、社会保障和就业支出",
            "十、卫生健康支出",
            "支出总计"
        ]
    );
    assert_eq!(vals(&t, "支出总计"), kv(&[("total", "3232.07")]));
    assert_eq!(vals(&t, "八、附属单位上缴收入"), vec![]);
}

#[test]
fn final_accounts_two_sided() {
    let raw = RawTable {
        title: Some("收入支出决算总表".into()),
        caption: s(&["单位：万元"]),
        columns: s(&["收入/项目", "收入/决算数", "支出/项目", "支出/决算数"]),
        rows: vec![
            aligned(&[
                "一、一般公共预算财政拨款收入",
                "2,940.05",
                "一、一般公共服务支出",
                "2,106.66",
            ]),
            aligned(&["本年收入合计", "2,946.25", "本年支出合计", "2,940.05"]),
            aligned(&["使用非财政拨款结余（含专用结余）", "", "结余分配", ""]),
            aligned(&["年初结转和结余", "49.14", "年末结转和结余", "55.34"]),
            aligned(&["总计", "2,995.39", "总计", "2,995.39"]),
        ],
        notes: vec![],
        pages: vec![5],
    };
    let (t, _) = one(raw);
    assert_eq!(t.template.as_deref(), Some("revenue_expenditure_summary"));
    let totals: Vec<(&str, &str)> = t
        .rows
        .iter()
        .filter(|r| r.name.as_deref() == Some("总计"))
        .map(|r| {
            (
                r.side.as_deref().unwrap_or(""),
                r.values.first().map(|v| v.1.as_str()).unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(totals, [("income", "2995.39"), ("expenditure", "2995.39")]);
    assert_eq!(vals(&t, "年末结转和结余"), kv(&[("total", "55.34")]));
    assert!(
        t.rows
            .iter()
            .any(|r| r.name.as_deref() == Some("结余分配") && r.values.is_empty())
    );
}

#[test]
fn three_public_rows_003() {
    let raw = RawTable {
        title: Some("2021 年区级部门一般公共预算“三公”经费表".into()),
        caption: s(&["表 08", "部门名称：区医保分局 单位：元"]),
        columns: s(&["项目", "2021 年预算数"]),
        rows: vec![
            aligned(&["合计", "3150.00"]),
            aligned(&["1. 因公出国（境）费", "0.00"]),
            aligned(&["3. 公务接待费", "3150.00"]),
            aligned(&["其中：公务用车购置费", "0.00"]),
            aligned(&["公务用车运行维护费", ""]),
        ],
        notes: vec![],
        pages: vec![8],
    };
    let (t, _) = one(raw);
    assert_eq!(t.template.as_deref(), Some("three_public_expenses"));
    assert_eq!(vals(&t, "合计"), kv(&[("total", "3150.00")]));
    assert_eq!(vals(&t, "1.因公出国（境）费"), kv(&[("total", "0.00")]));
    assert_eq!(vals(&t, "公务用车运行维护费"), vec![]);
    assert_eq!(t.rows.len(), 5);
}

#[test]
fn three_public_columns_004_is_empty() {
    let raw = RawTable {
        title: Some("2021年一般公共预算“三公”经费支出情况表".into()),
        caption: s(&["填报单位：新乡市红旗区医疗保障局 单位：万元"]),
        columns: s(&[
            "单位编码",
            "单位名称",
            "项目名称",
            "2021年预算数/合计",
            "2021年预算数/因公出国（境）费用",
            "2021年预算数/公务接待费",
            "2021年预算数/公务用车购置及运行费/公务用车运行维护费",
            "2021年预算数/公务用车购置及运行费/公务车购置",
        ]),
        rows: vec![
            packed(&["合计", "0.00", "0.00", "0.00", "0.00", "0.00"]),
            packed(&["003009", "新乡市红旗区医疗保障局", "0", "0", "0", "0", "0"]),
        ],
        notes: s(&["备注：此表为空表"]),
        pages: vec![12],
    };
    let (t, _) = one(raw);
    assert_eq!(t.template.as_deref(), Some("three_public_expenses"));
    assert!(t.empty);
    assert_eq!(
        vals(&t, "合计"),
        kv(&[
            ("total", "0.00"),
            ("overseas_travel", "0.00"),
            ("reception", "0.00"),
            ("vehicle_operation", "0.00"),
            ("vehicle_purchase", "0.00")
        ])
    );
    let r = t
        .rows
        .iter()
        .find(|r| r.unit_code.is_some())
        .map(|r| (r.unit_code.clone(), r.name.clone()));
    assert_eq!(
        r,
        Some((Some("003009".into()), Some("新乡市红旗区医疗保障局".into())))
    );
}

#[test]
fn untitled_unknown_table_keeps_positions() {
    let raw = RawTable {
        title: Some("人员构成情况".into()),
        caption: vec![],
        columns: s(&["类别", "人数", "比例"]),
        rows: vec![aligned(&["在职", "12", "50"])],
        notes: vec![],
        pages: vec![9],
    };
    let (t, _) = one(raw);
    assert_eq!(t.template, None);
    let keys: Vec<&str> = t.columns.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["c1", "c2", "c3"]);
    assert_eq!(t.rows[0].texts, kv(&[("c1", "在职")]));
    assert_eq!(t.rows[0].values, kv(&[("c2", "12"), ("c3", "50")]));
}

#[test]
fn side_by_side_basic_table_is_one_table() {
    let raw = RawTable {
        title: Some("一般公共预算财政拨款基本支出决算表".into()),
        caption: s(&["单位：万元"]),
        columns: s(&[
            "经济分类科目编码/类",
            "经济分类科目编码/款",
            "科目名称",
            "决算数",
            "经济分类科目编码/类",
            "经济分类科目编码/款",
            "科目名称",
            "决算数",
        ]),
        rows: vec![
            aligned(&[
                "301",
                "",
                "工资福利支出",
                "2,082.85",
                "302",
                "",
                "商品和服务支出",
                "171.07",
            ]),
            aligned(&[
                "301",
                "01",
                "基本工资",
                "262.33",
                "302",
                "01",
                "办公费",
                "21.21",
            ]),
        ],
        notes: vec![],
        pages: vec![10],
    };
    let (t, _) = one(raw);
    assert_eq!(
        t.template.as_deref(),
        Some("general_budget_basic_expenditure")
    );
    let codes: Vec<&str> = t.rows.iter().filter_map(|r| r.code.as_deref()).collect();
    assert_eq!(codes, ["301", "30101", "302", "30201"]);
    assert!(t.rows.iter().all(|r| r.side.is_none()));
    assert_eq!(vals(&t, "办公费"), kv(&[("total", "21.21")]));
}

#[test]
fn unit_rows_settle_the_packed_total_row() {
    // A 收入总体情况表 by unit: the 合计 row prints its non-zero amounts
    // only; the unit rows below it, fully printed, say which columns they
    // are (the second 一般公共预算 sub-column is `general_budget_2`).
    let raw = RawTable {
        title: Some("部门收入总体情况表".into()),
        caption: s(&["单位：万元"]),
        columns: s(&[
            "单位编码",
            "单位名称",
            "合计",
            "一般公共预算拨款/正常预算拨款收入",
            "一般公共预算拨款/专项收入",
            "一般公共预算拨款/其他非税收入",
            "政府性基金预算收入",
            "单位其他收入",
        ]),
        rows: vec![
            packed(&["合计", "30.00", "20.00", "10.00"]),
            aligned(&["001001", "甲局机关", "25.00", "20.00", "0", "5.00", "0", "0"]),
            aligned(&["001002", "甲局中心", "5.00", "0", "0", "5.00", "0", "0"]),
        ],
        notes: vec![],
        pages: vec![2],
    };
    let (t, w) = one(raw);
    assert_eq!(t.template.as_deref(), Some("revenue_summary"));
    let total = &t.rows[0];
    assert_eq!(total.name.as_deref(), Some("合计"));
    let keys: Vec<&str> = t.columns.iter().map(|c| c.key.as_str()).collect();
    let col = |k: &str| keys.iter().position(|x| *x == k).unwrap();
    let placed: Vec<(usize, &str)> = total
        .values
        .iter()
        .map(|(k, v)| (col(k), v.as_str()))
        .collect();
    // 合计, 正常预算拨款收入, 其他非税收入: columns 3, 4 and 6 as printed.
    assert_eq!(placed, [(2, "30.00"), (3, "20.00"), (5, "10.00")], "{w:?}");
    assert!(!w.iter().any(|m| m.contains("could be any of")), "{w:?}");
}

#[test]
fn of_which_column_is_part_of_its_subtotal() {
    // 支出经济分类汇总表: each line prints 总计, 一般公共预算/小计 and
    // 一般公共预算/其中：财政拨款; the other funds are blank. The 其中 value
    // cannot stand without its 小计, and 总计 = Σ funds excludes the rest.
    let raw = RawTable {
        title: Some("支出预算分类汇总表（按支出经济分类）".into()),
        caption: s(&["单位：万元"]),
        columns: s(&[
            "部门预算经济分类/类",
            "部门预算经济分类/款",
            "部门预算经济分类/科目名称",
            "总计",
            "一般公共预算/小计",
            "一般公共预算/其中：财政拨款",
            "政府性基金",
            "财政专户管理资金收入",
            "其他收入",
        ]),
        rows: vec![
            packed(&["合计", "50.00", "50.00", "40.00"]),
            packed(&["301", "01", "基本工资", "30.00", "30.00", "30.00"]),
            packed(&["303", "07", "医疗费补助", "20.00", "20.00", "10.00"]),
        ],
        notes: vec![],
        pages: vec![5],
    };
    let (t, w) = one(raw);
    assert_eq!(
        t.template.as_deref(),
        Some("economic_classification_summary")
    );
    assert_eq!(
        vals(&t, "医疗费补助"),
        kv(&[
            ("total", "20.00"),
            ("general_budget", "20.00"),
            ("fiscal_appropriation", "10.00")
        ]),
        "{w:?}"
    );
    assert_eq!(
        vals(&t, "基本工资"),
        kv(&[
            ("total", "30.00"),
            ("general_budget", "30.00"),
            ("fiscal_appropriation", "30.00")
        ]),
        "{w:?}"
    );
    assert!(w.is_empty(), "{w:?}");
}
