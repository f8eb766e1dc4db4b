//! Geometric layout on real disclosures (read in place from ../shared/real):
//! column counts, joined headers, row counts and cells checked by eye
//! against the rendered pages.

use std::path::PathBuf;
use yusuan::model::{LaidOut, RawTable};

/// `../shared/real` beside the checkout (the main checkout and worktrees
/// sit at different depths, so look up the ancestors).
fn real_dir() -> Option<PathBuf> {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let found = here
        .ancestors()
        .skip(1)
        .map(|a| a.join("shared/real"))
        .find(|d| d.is_dir());
    if found.is_none() {
        eprintln!("skipping: no shared/real beside {}", here.display());
    }
    found
}

fn real(name: &str) -> Option<LaidOut> {
    let path = real_dir()?.join(name);
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("skipping: {} not found", path.display());
        return None;
    };
    let pages = yusuan::extract::extract_pages(&bytes).expect("extraction");
    Some(yusuan::layout::geometric::recover(&pages))
}

fn table<'a>(out: &'a LaidOut, title: &str) -> &'a RawTable {
    let found: Vec<&RawTable> = out
        .tables
        .iter()
        .filter(|t| t.title.as_deref() == Some(title))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one table titled {title}; tables: {:?}",
        titles(out)
    );
    found[0]
}

fn titles(out: &LaidOut) -> Vec<Option<&str>> {
    out.tables.iter().map(|t| t.title.as_deref()).collect()
}

/// The row whose cells contain `label` (exactly), as strings.
fn row<'a>(t: &'a RawTable, label: &str) -> Vec<&'a str> {
    let r = t
        .rows
        .iter()
        .find(|r| r.cells.iter().any(|c| c == label))
        .unwrap_or_else(|| panic!("no row {label} in {:?}", t.title));
    r.cells.iter().map(|c| c.as_str()).collect()
}

#[test]
fn sfj_2026_budget_wps_tables() {
    let Some(out) = real("putuo_sfj_2026_budget_dept.pdf") else {
        return;
    };
    assert_eq!(out.tables.len(), 9, "{:?}", titles(&out));

    let t = table(&out, "2026年部门收入预算总表");
    assert_eq!(t.caption, vec!["编制部门：上海市普陀区司法局 单位：元"]);
    // 类 款 项 printed in three columns are one code column
    assert_eq!(t.columns.len(), 7);
    assert_eq!(t.columns[0], "项目/功能分类科目编码");
    assert_eq!(t.columns[1], "项目/功能分类科目名称");
    assert_eq!(t.columns[5], "收入预算/事业单位经营收入");
    assert_eq!(t.rows.len(), 22);
    assert_eq!(
        row(t, "行政运行")[..3],
        ["2040601", "行政运行", "16726725.44"]
    );
    assert_eq!(row(t, "机关事业单位基本养老保险缴费支出")[2], "1839485.00");
    assert_eq!(row(t, "合计")[..3], ["", "合计", "96282213.44"]);

    // continued over two pages without title
    let t = table(&out, "2026年部门支出预算总表");
    assert_eq!(t.pages, vec![12, 13]);
    assert_eq!(t.rows.len(), 22);
    assert_eq!(row(t, "其他司法支出")[4], "38454900.00");

    let t = table(&out, "2026年部门一般公共预算基本支出部门预算经济分类预算表");
    assert_eq!(t.columns.len(), 5);
    assert_eq!(t.columns[3], "一般公共预算基本支出/人员经费");
    assert_eq!(t.rows.len(), 30);
    assert_eq!(
        row(t, "工会经费"),
        ["30228", "工会经费", "265974.44", "0.00", "265974.44"]
    );

    // empty table: its note
    let t = table(&out, "2026年部门政府性基金预算支出功能分类预算表");
    assert_eq!(t.notes.len(), 1);
    assert!(t.notes[0].contains("故本表为空表"));

    // 三公: three header levels, one row of amounts
    let t = table(&out, "2026年部门“三公”经费和机关运行经费预算表");
    assert_eq!(t.columns.len(), 7);
    assert_eq!(t.columns[4], "“三公”经费预算数/公务用车购置及运行费/购置费");
    assert_eq!(t.columns[6], "机关运行经费预算数");
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.rows[0].cells[6], "217.83");

    // prose keeps the explanations, not the tables
    assert!(
        out.prose
            .iter()
            .any(|p| p.text.contains("2026年“三公”经费预算数为10.81万元"))
    );
    assert!(!out.prose.iter().any(|p| p.text.contains("16726725.44")));
}

#[test]
fn czj_2024_final_accounts_onlyoffice() {
    let Some(out) = real("putuo_czj_2024_final.pdf") else {
        return;
    };
    let t = table(&out, "收入支出决算总表");
    assert_eq!(
        t.columns,
        vec!["收入/项目", "收入/决算数", "支出/项目", "支出/决算数"]
    );
    assert_eq!(t.pages, vec![6, 7]);
    assert_eq!(t.rows.len(), 29);
    assert_eq!(
        row(t, "八、其他收入"),
        ["八、其他收入", "6.20", "八、社会保障和就业支出", "326.71"]
    );
    assert_eq!(row(t, "年初结转和结余")[1], "49.14");

    // 类 款 项 printed beside the 合计 row still head their columns
    let t = table(&out, "收入决算表");
    assert_eq!(t.columns.len(), 9);
    assert_eq!(t.columns[0], "项目/支出功能分类/科目编码");
    assert_eq!(t.columns[2], "本年收入合计");
    assert_eq!(
        row(t, "行政运行")[..4],
        ["2010601", "行政运行", "1,511.90", "1,511.89"]
    );
    assert_eq!(row(t, "合计")[2], "2,946.25");

    // two halves side by side, continued on the next page: one table
    let t = table(&out, "一般公共预算财政拨款基本支出决算表");
    assert_eq!(t.columns, vec!["经济分类/科目编码", "科目名称", "决算数"]);
    assert_eq!(t.pages, vec![16, 17]);
    assert_eq!(t.rows.len(), 66);
    assert_eq!(
        row(t, "机关事业单位基本养老保险缴费"),
        ["30108", "机关事业单位基本养老保险缴费", "160.75"]
    );
    assert_eq!(
        row(t, "商品和服务支出"),
        ["302", "商品和服务支出", "171.07"]
    );
    assert_eq!(row(t, "公用经费合计"), ["", "公用经费合计", "184.65"]);
}

#[test]
fn wanli_2024_table_over_five_pages() {
    let Some(out) = real("putuo_wanli_2024_budget_dept.pdf") else {
        return;
    };
    let t = table(&out, "2024年部门收入预算总表");
    assert_eq!(t.pages, vec![11, 12, 13, 14, 15]);
    assert_eq!(t.columns.len(), 7);
    assert_eq!(t.rows.len(), 67);
    // the last page holds only the 合计 row, drawn with merged code columns
    let last = t.rows.last().map(|r| r.cells.clone()).unwrap_or_default();
    assert_eq!(last[..3], ["", "合计", "156,211,123"]);
    assert_eq!(last.len(), 7);
}

#[test]
fn shanghai_czj_2025_excel_two_sided_summary() {
    let Some(out) = real("shanghai_czj_2025_budget_unit.pdf") else {
        return;
    };
    let t = table(&out, "2025年预算单位财务收支预算总表");
    assert_eq!(t.caption, vec!["编制单位：上海市财政局 单位：元"]);
    assert_eq!(t.columns[4], "本年支出/预算数/基本支出/人员经费");
    assert_eq!(t.rows.len(), 8);
    assert_eq!(row(t, "1、一般公共预算资金")[5], "646,320");
    assert_eq!(
        row(t, "收入总计"),
        [
            "收入总计",
            "171,915,169",
            "支出总计",
            "171,915,169",
            "102,464,260",
            "25,177,779",
            "44,273,130"
        ]
    );
}

#[test]
fn every_real_pdf_lays_out_fast_and_finds_its_tables() {
    let Some(dir) = real_dir() else { return };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    names.retain(|p| p.extension().is_some_and(|e| e == "pdf"));
    names.sort();
    for p in names {
        let bytes = std::fs::read(&p).expect("read");
        let pages = yusuan::extract::extract_pages(&bytes).expect("extraction");
        let t0 = std::time::Instant::now();
        let out = yusuan::layout::geometric::recover(&pages);
        let took = t0.elapsed();
        assert!(
            took.as_secs_f32() < 2.0,
            "{}: layout took {took:?}",
            p.display()
        );
        let titled = out.tables.iter().filter(|t| t.title.is_some()).count();
        assert!(titled >= 8, "{}: {:?}", p.display(), titles(&out));
        for t in &out.tables {
            for r in &t.rows {
                assert_eq!(
                    r.cells.len(),
                    t.columns.len(),
                    "{}: {:?}",
                    p.display(),
                    t.title
                );
            }
        }
    }
}

/// The generated corpus (corpus/pdf, truth in golden/pdf) at the layout
/// seam: every truth table found by its title on its pages, its notes, and
/// every truth cell in the row of its code (or name) and in its column.
#[test]
fn generated_corpus_cells_in_their_columns() {
    use serde_json::Value;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let Ok(entries) = std::fs::read_dir(root.join("golden/pdf")) else {
        return;
    };
    let mut truths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    truths.retain(|p| p.to_string_lossy().ends_with(".truth.json"));
    truths.sort();
    let squeeze = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let (mut cells, mut right) = (0usize, 0usize);
    let mut problems: Vec<String> = Vec::new();
    for tf in &truths {
        let truth: Value =
            serde_json::from_str(&std::fs::read_to_string(tf).expect("truth")).expect("json");
        let file = truth["file"].as_str().unwrap_or("");
        let bytes = std::fs::read(root.join(file)).expect("pdf");
        let out = yusuan::layout::geometric::recover(
            &yusuan::extract::extract_pages(&bytes).expect("extract"),
        );
        for want in truth["tables"].as_array().into_iter().flatten() {
            let title = squeeze(want["title"].as_str().unwrap_or(""));
            let want_cells = want["cells"].as_array().cloned().unwrap_or_default();
            cells += want_cells.len();
            let Some(got) = out
                .tables
                .iter()
                .find(|t| t.title.as_deref().map(squeeze) == Some(title.clone()))
            else {
                problems.push(format!("{file}: no table {title}"));
                continue;
            };
            let pages: Vec<u32> = want["pages"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p.as_u64())
                .map(|p| p as u32)
                .collect();
            if !pages.is_empty() && pages != got.pages {
                problems.push(format!(
                    "{file}: {title} pages {:?}, want {pages:?}",
                    got.pages
                ));
            }
            let notes: Vec<String> = want["notes"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|n| n.as_str())
                .map(squeeze)
                .collect();
            if notes != got.notes.iter().map(|n| squeeze(n)).collect::<Vec<_>>() {
                problems.push(format!(
                    "{file}: {title} notes {:?}, want {notes:?}",
                    got.notes
                ));
            }
            let keys: Vec<&str> = want["columns"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c["key"].as_str())
                .collect();
            // side-by-side halves are folded into one copy of the columns
            // (a two-sided table's sides are never folded)
            let two_sided = want_cells.iter().any(|c| !c["side"].is_null());
            let half =
                (!two_sided && got.columns.len() * 2 == keys.len()).then_some(got.columns.len());
            for c in &want_cells {
                let printed = c["printed"].as_str().unwrap_or("");
                let at: Vec<usize> = keys
                    .iter()
                    .enumerate()
                    .filter(|(_, k)| Some(**k) == c["column"].as_str())
                    .map(|(i, _)| i)
                    .collect();
                let idx = if c["side"] == "expenditure" {
                    at.get(1).or(at.first())
                } else {
                    at.first()
                };
                let Some(&idx) = idx else { continue };
                let idx = half.map_or(idx, |h| idx % h);
                let key = c["code"]
                    .as_str()
                    .map(String::from)
                    .or_else(|| c["name"].as_str().map(squeeze));
                let hit = got.rows.iter().any(|r| {
                    let in_row = key
                        .as_ref()
                        .is_none_or(|k| r.cells.iter().any(|x| squeeze(x) == *k));
                    in_row && r.cells.get(idx).is_some_and(|x| x == printed)
                });
                if hit {
                    right += 1;
                } else if problems.len() < 60 {
                    problems.push(format!(
                        "{file}: {title} {key:?} {} = {printed}",
                        c["column"]
                    ));
                }
            }
        }
    }
    eprintln!(
        "layout: {right}/{cells} truth cells in place\n{}",
        problems.join("\n")
    );
    assert!(!truths.is_empty());
    assert!(
        !problems
            .iter()
            .any(|p| p.contains("no table") || p.contains("pages") || p.contains("notes")),
        "{}",
        problems.join("\n")
    );
    assert!(right as f64 >= 0.99 * cells as f64, "{right}/{cells}");
}

#[test]
fn sfj_2026_unit_sheet_ruled_whole_page() {
    // WPS 表格 rules the whole sheet on page 13: title and caption rows sit
    // inside the grid; the table must not be glued to the previous page's
    let Some(out) = real("putuo_sfj_2026_budget_unit.pdf") else {
        return;
    };
    assert_eq!(out.tables.len(), 9, "{:?}", titles(&out));
    let t = table(&out, "2026年预算单位支出预算总表");
    assert_eq!(t.pages, vec![11, 12]);
    assert_eq!(t.rows.len(), 22);
    let t = table(&out, "2026年预算单位财政拨款收支预算总表");
    // one sheet row, no rule drawn between its two cells (only their white
    // fills, which draw nothing): one caption line
    assert_eq!(t.caption, vec!["编制单位：上海市普陀区司法局 单位：元"]);
    assert_eq!(t.columns[4], "财政拨款支出/一般公共预算");
    assert_eq!(t.rows.len(), 5);
    assert_eq!(
        row(t, "二、社会保障和就业支出"),
        [
            "二、政府性基金预算",
            "0.00",
            "二、社会保障和就业支出",
            "2,925,857.00",
            "2,925,857.00",
            "0.00",
            "0.00"
        ]
    );
}

/// A layout over a generated PDF of the corpus (corpus/pdf).
fn generated(name: &str) -> LaidOut {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(root.join("corpus/pdf").join(name)).expect("generated pdf");
    yusuan::layout::geometric::recover(&yusuan::extract::extract_pages(&bytes).expect("extract"))
}

#[test]
fn generated_corpus_tables_carry_their_unit_caption() {
    // the caption line (`编制部门：… 单位：元`) repeats in the top margin of
    // every table page: it must stay the table's caption, not furniture
    use serde_json::Value;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let squeeze = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let mut truths: Vec<PathBuf> = std::fs::read_dir(root.join("golden/pdf"))
        .expect("golden/pdf")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".truth.json"))
        .collect();
    truths.sort();
    let mut problems = Vec::new();
    for tf in &truths {
        let truth: Value =
            serde_json::from_str(&std::fs::read_to_string(tf).expect("truth")).expect("json");
        let file = truth["file"].as_str().unwrap_or("");
        let name = file.rsplit('/').next().unwrap_or(file);
        let out = generated(name);
        for want in truth["tables"].as_array().into_iter().flatten() {
            let title = squeeze(want["title"].as_str().unwrap_or(""));
            let unit = want["unit"].as_str().unwrap_or("");
            let Some(got) = out
                .tables
                .iter()
                .find(|t| t.title.as_deref().map(squeeze) == Some(title.clone()))
            else {
                problems.push(format!("{name}: no table {title}"));
                continue;
            };
            let caption = squeeze(&got.caption.join(" "));
            if !caption.contains(&format!("单位：{unit}"))
                && !caption.contains(&format!("单位:{unit}"))
            {
                problems.push(format!(
                    "{name}: {title} caption {:?}, unit {unit}",
                    got.caption
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn unruled_final_accounts_three_public_parents_over_children() {
    let out = generated("final_accounts_noborder_split_shanghai.pdf");
    let t = table(&out, "2024年度财政拨款“三公”经费支出决算表");
    assert_eq!(t.columns.len(), 12, "{:?}", t.columns);
    assert_eq!(t.columns[0], "预算数/合计");
    assert_eq!(t.columns[5], "预算数/公务接待费");
    assert_eq!(t.columns[6], "决算数/合计");
    assert_eq!(t.columns[10], "决算数/公务用车购置及运行费/运行费");
    assert_eq!(t.columns[11], "决算数/公务接待费");
    assert_eq!(t.rows[0].cells[5], "4.17");
}

#[test]
fn no_row_named_by_an_amount_and_next_table_keeps_its_title() {
    // swh unit: page 14 draws the whole sheet (title inside the grid, its
    // cell short of the last column); its rows belong to its own table,
    // not to the 支出预算总表 ending on page 13
    let Some(out) = real("putuo_swh_2025_budget_unit.pdf") else {
        return;
    };
    let t = table(&out, "2025年预算单位支出预算总表");
    assert_eq!(t.pages, vec![12, 13]);
    let t = table(&out, "2025年预算单位财政拨款收支预算总表");
    assert_eq!(t.pages, vec![14]);
    assert_eq!(t.rows.len(), 8);
    let t = table(&out, "2025年预算单位支出预算总表");
    for r in &t.rows {
        let name = r.cells.get(1).map_or("", |c| c.trim());
        assert!(
            name.is_empty() || !yusuan::amount::is_amount(name),
            "{:?}",
            r.cells
        );
    }
}

#[test]
fn misprinted_split_code_keeps_its_printed_pieces() {
    // flyuan prints `7 11 02` in the 类/款/项 columns where 210 11 02 is
    // meant: no code, so the printed text stays (never `71102`)
    let Some(out) = real("putuo_flyuan_2024_budget_unit.pdf") else {
        return;
    };
    let cells: Vec<&str> = out
        .tables
        .iter()
        .flat_map(|t| t.rows.iter())
        .filter_map(|r| r.cells.first().map(|c| c.as_str()))
        .collect();
    assert!(cells.contains(&"7 11 02"));
    assert!(!cells.contains(&"71102"));
}
