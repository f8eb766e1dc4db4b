//! Reading-order text (plain `pdftotext` of the generated PDFs, made by
//! scripts/make_reading_order_text.sh into corpus/reading_order/) against
//! the PDFs' own truth (golden/reading_order/*.truth.json, the golden/pdf
//! truth pointing at the text). Such text has lost the columns: a table's
//! cells come one per line in an order the extractor chose, so a value may
//! only be placed where the table itself settles it; the test pins the
//! floors measured (see the notes) so that recall and, above all,
//! precision never go down. Issue 12 targets 85 % at precision 0.995.

mod common;

use std::collections::HashMap;

/// Documents whose text gives no wrong value (all but hubei and beijing,
/// whose two-sided 财政拨款收支总表 rows take a neighbouring figure).
const CLEAN: [&str; 15] = [
    "bad_children_sum_jiangxi",
    "bad_cross_table_guangxi",
    "bad_prose_basic_shaanxi",
    "empty_tables_notes_guangdong",
    "final_accounts_grid_shandong",
    "final_accounts_noborder_split_shanghai",
    "grid_dept_budget_wan",
    "halves_econ_classes_hunan",
    "long60_no_repeat_sichuan",
    "long60_repeat_header_henan",
    "merged_headers_govfund_jiangsu",
    "narrow_wrap_names_zhejiang",
    "noborder_split_yuan_shanghai",
    "prose_rounded_halves_total_top_anhui",
    "unit_budget_indent_fujian",
];
/// Measured (order12c): 3227/6003 = 53.8 % of the cells at precision
/// 3227/3232 = 0.9985 (order12: 3220 at 0.9981; before: 44.1 % at 0.960):
/// a value is placed only where the count of figures or the table's
/// arithmetic settles its column (a table whose 合计 rows refute the column
/// order, a 收支总表 side whose 合计/总计 do not add up, are left out with a
/// warning); the 5 wrong values left are packed rows of two-sided
/// 财政拨款收支总表 placed by the templates. Round 6 (order14): a packed row
/// whose figures fit no assignment the arithmetic allows, or outnumber the
/// columns, is left out instead of placed left to right: 3187/6003 = 53.1 %
/// here at the same precision (those 40 were right by luck), and on the
/// held-out draw's plain text 77 wrong values fewer (precision 0.9675 →
/// 0.9731): a value nothing settles is not placed. Round 7 (plain15): a
/// packed row's one figure, put in the total column only because the total
/// is filled first, is kept only where a sum between rows holds with it:
/// 3177/6003 = 52.9 % here (10 cells that were right by luck), on the dev
/// draw 12000–12149's plain text 22 wrong values fewer (precision 0.9705 →
/// 0.9736, recall 14.2 → 14.0 %, failing checks 470 → 452).
const MIN_RECALL: f64 = 0.529;
const MIN_PRECISION: f64 = 0.9984;

#[test]
fn pdftotext_reading_order_text_gives_the_cells_of_the_pdf() {
    let (mut cells, mut right, mut wrong) = (0usize, 0usize, 0usize);
    let mut report = Vec::new();
    let mut dirty = Vec::new();
    let truths = common::truths("reading_order");
    assert!(
        truths.len() >= 10,
        "golden/reading_order holds the derived corpus"
    );
    for (txt, truth) in truths {
        let doc = common::run(&txt);
        common::assert_schema_valid(&doc, &txt.display().to_string());
        assert_eq!(doc["source"]["format"], "text");
        let stem = txt.file_stem().unwrap().to_string_lossy().into_owned();
        let name = stem.trim_end_matches("_plain").to_string();
        let (mut c, mut r, mut w) = (0, 0, Vec::new());
        for want in truth["tables"].as_array().unwrap() {
            let got = common::find_table(&doc, want);
            let mut out: HashMap<(String, String), Vec<String>> = HashMap::new();
            for row in got.and_then(|t| t["rows"].as_array()).into_iter().flatten() {
                let k = common::row_key(&row["code"], &row["name"], &row["side"]);
                for (col, v) in row["values"].as_object().unwrap() {
                    out.entry((k.clone(), col.clone()))
                        .or_default()
                        .push(v.as_str().unwrap().to_string());
                }
            }
            for cell in want["cells"].as_array().into_iter().flatten() {
                c += 1;
                let k = (
                    common::row_key(&cell["code"], &cell["name"], &cell["side"]),
                    cell["column"].as_str().unwrap().to_string(),
                );
                let value = cell["value"].as_str().unwrap();
                match out.get(&k) {
                    Some(vs) if vs.iter().any(|v| v == value) => r += 1,
                    Some(vs) => w.push(format!(
                        "{name} “{}” {k:?}: want {value}, got {vs:?}",
                        want["title"].as_str().unwrap_or("")
                    )),
                    None => {}
                }
            }
        }
        report.push(format!("{name}: {r}/{c}, {} wrong", w.len()));
        if CLEAN.contains(&name.as_str()) && !w.is_empty() {
            dirty.extend(w.iter().cloned());
        }
        cells += c;
        right += r;
        wrong += w.len();
    }
    let recall = right as f64 / cells.max(1) as f64;
    let precision = right as f64 / (right + wrong).max(1) as f64;
    eprintln!(
        "reading-order text: recall {right}/{cells} = {recall:.4}, precision {precision:.4}\n{}",
        report.join("\n")
    );
    assert!(
        dirty.is_empty(),
        "wrong values in documents that had none:\n{}",
        dirty.join("\n")
    );
    assert!(
        recall >= MIN_RECALL,
        "recall {recall:.4} < {MIN_RECALL}\n{}",
        report.join("\n")
    );
    assert!(
        precision >= MIN_PRECISION,
        "precision {precision:.4} < {MIN_PRECISION}\n{}",
        report.join("\n")
    );
}
