#!/usr/bin/env python3
"""Re-check the arithmetic of every truth file (no PDF needed).

A consistent document must pass every relation below; a `bad_*` document
must fail exactly where its `inconsistencies` say (the planted rule, or one
of its `also_fails`, or a cross-table row listed in `also_differs`).
Relations: children_sum (类 = Σ款, 款 = Σ项, economic class = Σ items),
column_total (合计 = Σ类), row_identity (total = basic + project,
basic = personnel + public_funds, total = personnel + public_funds,
revenue total = Σ sources), balance (two-sided totals), fact_sum (“三公”),
cross_table (支出总计 / 基本支出 / 项目支出 between tables) and
text_vs_table (prose at its own precision).
"""

import glob
import json
import os
import re
import sys
from decimal import Decimal, ROUND_HALF_UP

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ORD = re.compile(r"^[一二三四五六七八九十]+、")
SOURCES = ["carryover", "general_budget", "gov_fund", "business_income", "other_income", "operating_income",
           "fiscal_appropriation"]


def rows_of(t):
    rows = {}
    for c in t["cells"]:
        rows.setdefault((c["code"], c["name"], c["side"]), {})[c["column"]] = Decimal(c["value"])
    return rows


def check_table(t, fail):
    rows = rows_of(t)
    cols = [c["key"] for c in t["columns"] if c["key"] not in ("code", "name")]
    g = lambda r, k: rows.get(r, {}).get(k, Decimal(0))
    coded = [r for r in rows if r[0]]
    for r in coded:  # children_sum
        kids = [k for k in coded if len(k[0]) == len(r[0]) + 2 and k[0].startswith(r[0])]
        if kids:
            for col in cols:
                if sum(g(k, col) for k in kids) != g(r, col):
                    fail("children_sum", t, r, col)
    totals = [r for r in rows if r[0] is None and r[2] is None and r[1] in ("合计", "总计")]
    tops = [r for r in coded if len(r[0]) == 3]
    for r in totals:  # column_total
        if tops:
            for col in cols:
                if sum(g(k, col) for k in tops) != g(r, col):
                    fail("column_total", t, r, col)
    if t["template"] == "project_expenditure":  # 合计 = Σ projects
        for r in totals:
            if sum(g(k, "total") for k in coded) != g(r, "total"):
                fail("column_total", t, r, "total")
    for r in rows:  # row_identity
        if r[2] is not None:
            continue
        if {"total", "basic", "project"} <= set(cols) and g(r, "total") != g(r, "basic") + g(r, "project"):
            fail("row_identity", t, r, "total")
        if {"basic", "personnel", "public_funds"} <= set(cols) and \
                g(r, "basic") != g(r, "personnel") + g(r, "public_funds"):
            fail("row_identity", t, r, "basic")
        if "basic" not in cols and {"total", "personnel", "public_funds"} <= set(cols) and \
                g(r, "total") != g(r, "personnel") + g(r, "public_funds"):
            fail("row_identity", t, r, "total")
        src = [c for c in cols if c in SOURCES]
        if t["template"] == "revenue_summary" and g(r, "total") != sum(g(r, c) for c in src):
            fail("row_identity", t, r, "total")
    for side in ("income", "expenditure"):  # balance, within each side
        seq = [r for r in rows if r[2] == side]
        items = [r for r in seq if ORD.match(r[1])]
        foot = [r for r in seq if not ORD.match(r[1])]
        if not foot:
            continue
        for col in ([c for c in cols if c != "name"] if side == "expenditure" else ["total"]):
            subtotal = [r for r in foot if r[1].startswith("本年")]
            if subtotal and g(subtotal[0], col) != sum(g(r, col) for r in items):
                fail("balance", t, subtotal[0], col)
            grand = foot[-1]
            parts = foot[:-1] if subtotal else items
            if parts and g(grand, col) != sum(g(r, col) for r in parts):
                fail("balance", t, grand, col)
    sides = {s: [r for r in rows if r[2] == s] for s in ("income", "expenditure")}
    if sides["income"] and sides["expenditure"]:
        if g(sides["income"][-1], "total") != g(sides["expenditure"][-1], "total"):
            fail("balance", t, sides["expenditure"][-1], "total")
    if t["template"] == "three_public_expenses":  # fact_sum
        for r, v in rows.items():
            items = {c["item"]: Decimal(c["value"]) for c in t["cells"] if "item" in c}
            for suffix in ("", "_budget"):
                get = (lambda k: items.get(k, Decimal(0))) if items else \
                      (lambda k: v.get(k + suffix, Decimal(0)) if k != "total" else v.get("total" + suffix, Decimal(0)))
                if get("total") != get("overseas_travel") + get("vehicle_total") + get("reception"):
                    fail("fact_sum", t, r, "total" + suffix)
                if get("vehicle_total") != get("vehicle_purchase") + get("vehicle_operation"):
                    fail("fact_sum", t, r, "vehicle_total" + suffix)
            if items:
                break


def main():
    status = 0
    truth_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "golden", "pdf")
    for path in sorted(glob.glob(os.path.join(truth_dir, "*.truth.json"))):
        truth = json.load(open(path, encoding="utf-8"))
        found = []
        fail = lambda rule, t, r, col: found.append((rule, t["template"], r[0], r[1], col))
        by = {t["template"]: t for t in truth["tables"]}
        for t in truth["tables"]:
            check_table(t, fail)
        # cross_table: the same figures in two tables
        es = by.get("expenditure_summary")
        if es:
            er = rows_of(es)
            tot = next(r for r in er if r[0] is None)
            gb = by.get("general_budget_expenditure")
            facts = {f["key"]: f for f in truth["facts"]}
            all_gb = facts.get("general_budget_revenue", {}).get("yuan") == facts["revenue_total"]["yuan"]
            if gb and all_gb:
                gr = rows_of(gb)
                for r in gr:
                    for col in ("total", "basic", "project"):
                        if col in gr[r] and r in er and gr[r][col] != er[r].get(col):
                            fail("cross_table", gb, r, col)
            proj = by.get("project_expenditure")
            if proj:
                pr = rows_of(proj)
                if pr.get((None, "合计", None), {}).get("total") != er[tot]["project"]:
                    fail("cross_table", proj, (None, "合计", None), "total")
            basic = by.get("general_budget_basic_expenditure")
            if basic:
                br = rows_of(basic)
                b_tot = br.get((None, "合计", None), {}).get("total")
                if b_tot is not None and b_tot != er[tot]["basic"]:
                    fail("cross_table", basic, (None, "合计", None), "total")
        for f in truth["facts"]:  # text_vs_table
            p = f.get("prose")
            if not p or f["yuan"] is None:
                continue
            places = len(p["value"].split(".")[1]) if "." in p["value"] else 0
            want = (Decimal(f["yuan"]) / 10000).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
            if Decimal(p["value"]) != want:
                found.append(("text_vs_table", (f["table"] or {}).get("template"), None, f["key"], "prose"))
        for c in truth.get("comparisons", []):  # text_comparison, inside the prose
            if c["kind"] == "year_on_year":
                change = Decimal(c["current"]) - Decimal(c["previous"])
                pct = (abs(change) * 100 / Decimal(c["previous"])).quantize(Decimal("0.01"), ROUND_HALF_UP)
                ok = abs(change) == Decimal(c["change"]) and pct == Decimal(c["percent"]) and \
                    c["direction"] == ("增加" if change > 0 else "减少" if change < 0 else "持平")
            else:
                f, b = Decimal(c["final"]), Decimal(c["budget"])
                ok = c["relation"] == ("小于" if f < b else "大于" if f > b else "等于")
            if not ok:
                found.append(("text_comparison", None, None, c["key"], "prose"))
        planted = truth["inconsistencies"]
        allowed = set()
        for p in planted:
            for q in [p] + p.get("also_fails", []):
                allowed.add((q["rule"], q["row"]["code"], q["row"]["name"]))
            if p["rule"] == "text_vs_table":
                allowed.add(("text_vs_table", None, p["fact"]))
        unexpected = [f for f in found if (f[0], f[2], f[3]) not in allowed]
        missed = [p for p in planted if not any(f[0] == p["rule"] for f in found)]
        name = os.path.basename(path)
        print(f"{name}: {len(found)} failing relations, {len(unexpected)} unexpected, {len(missed)} planted missed")
        for f in unexpected[:8]:
            print("    unexpected:", f)
        for p in missed:
            print("    missed:", p["rule"], p["row"], p["column"])
        status |= bool(unexpected or missed)
    sys.exit(status)


if __name__ == "__main__":
    main()
