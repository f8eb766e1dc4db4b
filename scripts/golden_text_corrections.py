#!/usr/bin/env python3
"""Write golden/text/<stem>.json from a fresh `yusuan extract` output folder,
applying the corrections a person made where the pipeline is still wrong
(each one is listed, with the seed evidence, in golden/README.md under
"Known pipeline errors"). A correction whose target already holds the right
value is a no-op; one whose target is no longer where it was stops the script.

    ./target/debug/yusuan extract corpus/text --out /tmp/seeds
    python3 scripts/golden_text_corrections.py /tmp/seeds
    git diff golden/text        # then verify every changed value by hand

Only run it after reading the diff of the fresh output against the golden
files (golden/README.md, "How to refresh a golden file").
"""

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "golden" / "text"


def table(doc, tid, title_piece):
    t = next(t for t in doc["tables"] if t["id"] == tid)
    assert title_piece in t["title"], (tid, t["title"])
    return t


def xinxiang(doc):
    seed = (REPO / doc["source"]["path"]).read_text(encoding="utf-8").split("\n")
    # 3. 政府采购 合计 row: 合计 is the row's name.
    r = table(doc, "t11", "政府采购")["rows"][0]
    if r.get("texts") == {"c9": "合计"}:
        r["name"] = "合计"
        del r["texts"]
    assert r["name"] == "合计"
    # 6. 国有资本经营收支预算表 prints 收入预算 | 支出预算 side by side:
    #    each side's items are rows of that side (up to 收入总计: income).
    t = table(doc, "t13", "国有资本经营收支预算表")
    side = "income"
    for r in t["rows"]:
        r["side"] = side
        if r["name"] == "收入总计":
            side = "expenditure"
    assert side == "expenditure"
    # 4. 项目绩效目标表: the pipeline reads it as printed since s2-perf
    #    (no correction left); the table a person read is kept as a guard,
    #    so a refresh never writes a regressed t17 into the golden file.
    t = table(doc, "t17", "项目绩效目标表")
    fixed = json.loads((GOLDEN / "corrections" / "xinxiang_t17_performance_targets.json")
                       .read_text(encoding="utf-8"))
    assert (t["columns"], t["rows"]) == (fixed["columns"], fixed["rows"]), \
        "t17 项目绩效目标表 differs from the table a person read (golden/text/corrections)"


def shaoxing(doc):
    # 5. 项目绩效目标表: `总计` is printed in the 单位编码 column; it is the
    #    row's label, not a unit code.
    r = table(doc, "t5", "项目绩效目标表")["rows"][0]
    if r.get("unit_code") == "总计":
        del r["unit_code"]
        r["name"] = "总计"
    assert r["name"] == "总计"


CORRECTIONS = {
    "xinxiang_hongqi_ybj_2021_budget_reading_order": xinxiang,
    "shaoxing_yuecheng_ybj_2021_budget_tsv": shaoxing,
}


def main(out_dir):
    for p in sorted(Path(out_dir).glob("*.json")):
        if p.name.startswith("report"):
            continue
        doc = json.loads(p.read_text(encoding="utf-8"))
        fix = CORRECTIONS.get(p.stem)
        if fix:
            fix(doc)
        dst = GOLDEN / p.name
        dst.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print("wrote", dst.relative_to(REPO))


if __name__ == "__main__":
    main(sys.argv[1])
