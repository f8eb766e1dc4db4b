//! Whole-layout tests: small hand-made documents and the 004 seed.

use super::*;
use crate::model::{Placement, RawTable};

const SEED: &str = include_str!("../../../../corpus/text/xinxiang_hongqi_ybj_2021_budget_reading_order.txt");

fn dump(t: &RawTable) -> String {
    let mut s = format!("== {:?} pages {:?}\n caption {:?}\n columns {:?}\n", t.title, t.pages, t.caption, t.columns);
    for r in &t.rows {
        s.push_str(&format!(" {:?} {:?}\n", r.placement, r.cells));
    }
    s.push_str(&format!(" notes {:?}\n", t.notes));
    s
}

#[test]
#[ignore]
fn print_seed() {
    let out = recover(SEED);
    for t in &out.tables {
        println!("{}", dump(t));
    }
    println!("prose {} lines; warnings {:?}", out.prose.len(), out.warnings);
}
