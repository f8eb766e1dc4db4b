"""Compose one synthetic disclosure: prose, tables, facts, truth.

`compose(cfg)` draws the department's data (model.DeptData), builds the
tables the document's options ask for (tables.*), writes the prose from the
same figures, plants the configured inconsistencies, and returns
(render document, truth dict).
"""

import copy
from decimal import Decimal, ROUND_HALF_UP

from . import tables as T
from . import vocab
from .model import DeptData, ZERO

TITLES = {  # title sets (the year prefix is added per document)
    "mof": {
        "revenue_expenditure_summary": "部门收支总表", "revenue_summary": "部门收入总表",
        "expenditure_summary": "部门支出总表", "fiscal_appropriation_summary": "财政拨款收支总表",
        "general_budget_expenditure": "一般公共预算支出表", "general_budget_basic_expenditure": "一般公共预算基本支出表",
        "three_public_expenses": "“三公”经费支出表", "gov_fund_expenditure": "政府性基金预算支出表",
        "state_capital_expenditure": "国有资本经营预算支出表", "project_expenditure": "项目支出表"},
    "overview": {
        "revenue_expenditure_summary": "部门收支总体情况表", "revenue_summary": "部门收入总体情况表",
        "expenditure_summary": "部门支出总体情况表", "fiscal_appropriation_summary": "财政拨款收支总体情况表",
        "general_budget_expenditure": "一般公共预算支出情况表",
        "general_budget_basic_expenditure": "一般公共预算财政拨款基本支出表",
        "three_public_expenses": "“三公”经费预算表", "gov_fund_expenditure": "政府基金预算财政拨款支出表",
        "state_capital_expenditure": "国有资本经营预算财政拨款支出表", "project_expenditure": "部门项目支出表"},
    "shanghai": {
        "revenue_expenditure_summary": "部门财务收支预算总表", "revenue_summary": "部门收入预算总表",
        "expenditure_summary": "部门支出预算总表", "fiscal_appropriation_summary": "部门财政拨款收支预算总表",
        "general_budget_expenditure": "部门一般公共预算支出功能分类预算表",
        "general_budget_basic_expenditure": "部门一般公共预算基本支出部门预算经济分类预算表",
        "three_public_expenses": "部门“三公”经费和机关运行经费预算表",
        "gov_fund_expenditure": "部门政府性基金预算支出功能分类预算表",
        "state_capital_expenditure": "部门国有资本经营预算支出功能分类预算表"},
    "budget_totals": {
        "revenue_expenditure_summary": "收支预算总表", "revenue_summary": "收入预算总表",
        "expenditure_summary": "支出预算总表", "fiscal_appropriation_summary": "财政拨款收支预算总表",
        "general_budget_expenditure": "一般公共预算财政拨款支出表",
        "general_budget_basic_expenditure": "一般公共预算财政拨款基本支出表",
        "three_public_expenses": "“三公”经费预算表", "gov_fund_expenditure": "政府性基金预算支出表",
        "state_capital_expenditure": "国有资本经营预算支出表"},
    "final": {
        "revenue_expenditure_summary": "收入支出决算总表", "revenue_summary": "收入决算表",
        "expenditure_summary": "支出决算表", "fiscal_appropriation_summary": "财政拨款收入支出决算总表",
        "general_budget_expenditure": "一般公共预算财政拨款支出决算表",
        "general_budget_basic_expenditure": "一般公共预算财政拨款基本支出决算表",
        "three_public_expenses": "财政拨款“三公”经费支出决算表",
        "gov_fund_expenditure": "政府性基金预算财政拨款收入支出决算表",
        "state_capital_expenditure": "国有资本经营预算财政拨款收入支出决算表"},
}

DEFAULT_ORDER = ["revenue_expenditure_summary", "revenue_summary", "expenditure_summary",
                 "fiscal_appropriation_summary", "general_budget_expenditure",
                 "general_budget_basic_expenditure", "gov_fund_expenditure",
                 "state_capital_expenditure", "three_public_expenses"]

EMPTY_NOTES = {
    "gov_fund_expenditure": "注：{dept}{year}年没有使用政府性基金预算拨款安排的支出，此表为空表。",
    "state_capital_expenditure": "注：本部门{year}年无国有资本经营预算拨款收入，也没有使用国有资本经营预算拨款安排的支出，故本表为空表。",
}


def wan(yuan, places, thousands):
    """Prose rounding: 元 → 万元 at `places` decimals, half up."""
    q = (Decimal(yuan) / 10000).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return f"{q:,.{places}f}" if thousands else f"{q:.{places}f}"


class Composer:
    def __init__(self, cfg):
        self.cfg = cfg
        self.d = DeptData(cfg)
        self.final = cfg["kind"] == "final_accounts"
        o = cfg
        self.fmt = T.Fmt(o["unit"], o.get("decimals", 2), o.get("thousands", True), o.get("zero", "0.00"))
        tu = o.get("three_unit", o["unit"])
        d3 = 2 if tu == "万元" else o.get("decimals", 2)
        zero3 = o.get("zero", "0.00")
        if zero3 in ("0", "0.00"):  # a printed zero follows the table's decimals
            zero3 = "0.00" if d3 == 2 else "0"
        self.fmt3 = T.Fmt(tu, d3, o.get("thousands", True), zero3)
        names = TITLES[o.get("titles", "mof")]
        prefix = f"{o['year']}年度" if self.final else f"{o['year']}年"
        fmt_title = o.get("title_format", "{prefix}{title}")
        self.titles = {k: fmt_title.format(prefix=prefix, title=v, n=i + 1)
                       for i, (k, v) in enumerate((k, names[k]) for k in o.get("tables", DEFAULT_ORDER))}
        self.caption = f"编制部门：{o['dept']}" if not o.get("no_caption") else ""
        self.tables = {}
        self.inconsistencies = []
        self.comparisons = []  # prose statements comparing figures (SPEC rule text_comparison)

    # -- helpers ------------------------------------------------------------
    def style(self, template):
        o = self.cfg
        land = o.get("landscape", False)
        if isinstance(land, (list, tuple, set)):
            land = template in land
        s = {"border": o.get("border", "grid"), "landscape": land,
             "repeat_header": o.get("repeat_header", True), "font_size": o.get("font_size", 9),
             "pad": o.get("pad", 0.06)}
        s.update(o.get("table_style", {}).get(template, {}))
        return s

    def width(self, template, n_amounts, name_width, landscape=None):
        """Amount column width so that the table fills the page."""
        s = self.style(template)
        page = 26.7 if (s["landscape"] if landscape is None else landscape) else 18.0
        code = 3.0 if self.cfg.get("code_mode") == "split" else 1.9
        return round(min(3.2, max(1.6, (page - code - name_width) / n_amounts)), 2)

    def name_width(self):
        return self.cfg.get("name_width", 5.0)

    def ftable(self, template, leaves, cols, **kw):
        nw = kw.pop("name_width", self.name_width())
        style = self.style(template)
        # The widest figure is the 合计 of some column: a column narrower than
        # it would wrap the number, so such a table goes landscape, as wide
        # tables do in real disclosures.
        widest = max((len(self.fmt.number(sum((v.get(k, ZERO) for v in leaves.values()), ZERO)))
                      for k, _ in cols), default=4)
        need = widest * 0.18 * style["font_size"] / 9 + 2 * style["pad"] + 0.15
        w = self.width(template, len(cols), nw)
        if w < need and not style["landscape"]:
            style["landscape"] = True
            self.cfg.setdefault("auto_landscape", []).append(template)
            w = self.width(template, len(cols), nw, landscape=True)
        amount_cols = [(k, p, max(w, round(need, 2))) for k, p in cols]
        return T.function_table(template, self.titles[template], self.fmt, leaves, amount_cols,
                                code_mode=self.cfg.get("code_mode", "one"), name_width=nw,
                                caption=self.caption, total_label=self.cfg.get("total_label", "合计"),
                                total_top=self.cfg.get("total_top", False), indent=self.cfg.get("indent", False),
                                style=style, **kw)

    def gb_leaves(self, leaves=None):
        out = {}
        for code, l in (leaves or self.d.leaves).items():
            if l.gb > 0:
                out[code] = {"total": l.gb, "basic": l.basic, "personnel": l.personnel, "public_funds": l.public,
                             "project": l.project_gb, "budget": l.budget if l.budget is not None else ZERO}
        return out

    # -- tables -------------------------------------------------------------
    def revenue_expenditure_summary(self):
        d = self.d
        classes = d.class_codes()
        exp = [(f"{vocab.ordinal(i + 1)}、{vocab.FUNCTION_CLASSES[c]}",
                {"total": sum((l.total for k, l in d.leaves.items() if k[:3] == c), ZERO)})
               for i, c in enumerate(classes)]
        if self.final:
            rev = d.current_year_revenue
            fiscal = rev - (d.nonfiscal if d.nf_kind in ("business_income", "other_income") else ZERO)
            bi = d.nonfiscal if d.nf_kind == "business_income" else ZERO
            oi = d.nonfiscal if d.nf_kind == "other_income" else ZERO
            inc = [("一、财政拨款收入", fiscal), ("二、上级补助收入", ZERO), ("三、事业收入", bi),
                   ("四、经营收入", ZERO), ("五、附属单位上缴收入", ZERO), ("六、其他收入", oi)]
            inc_foot = [("本年收入合计", rev), ("使用非财政拨款结余", ZERO), ("年初结转和结余", d.begin_carry),
                        ("总计", d.revenue_total)]
            exp_foot = [("本年支出合计", d.expenditure_total), ("结余分配", ZERO), ("年末结转和结余", d.end_carry),
                        ("总计", d.expenditure_grand)]
            head = "决算数"
        else:
            bi = d.nonfiscal if d.nf_kind == "business_income" else ZERO
            oi = d.nonfiscal if d.nf_kind == "other_income" else ZERO
            inc = [("一、一般公共预算拨款收入", d.general_budget), ("二、政府性基金预算拨款收入", d.gov_fund),
                   ("三、国有资本经营预算拨款收入", ZERO), ("四、事业收入", bi), ("五、事业单位经营收入", ZERO),
                   ("六、其他收入", oi)]
            inc_foot = [("本年收入合计", d.current_year_revenue), ("上年结转", d.carryover), ("收入总计", d.revenue_total)]
            exp_foot = [("本年支出合计", d.expenditure_total), ("结转下年", ZERO), ("支出总计", d.expenditure_total)]
            head = "预算数"
        wrap = lambda rows: [(n, {"total": v}) for n, v in rows]
        s = self.style("revenue_expenditure_summary")
        t = T.two_sided_table("revenue_expenditure_summary", self.titles["revenue_expenditure_summary"], self.fmt,
                              wrap(inc), exp, wrap(inc_foot), wrap(exp_foot),
                              income_cols=[("total", head)], expenditure_cols=[("total", head)],
                              caption=self.caption, style=s, name_width=6.0 if not s["landscape"] else 9.0,
                              amount_width=3.0 if not s["landscape"] else 4.3)
        return t

    def revenue_summary(self):
        d = self.d
        leaves = {}
        for code, l in d.leaves.items():
            leaves[code] = d.revenue_leaf(l)
        if self.final:
            cols = [("total", ("本年收入合计",)), ("fiscal_appropriation", ("财政拨款收入",)),
                    ("business_income", ("事业收入",)), ("other_income", ("其他收入",))]
        elif self.cfg.get("titles") == "shanghai":
            cols = [("total", ("合计",)), ("fiscal_appropriation", ("财政拨款收入",)),
                    ("business_income", ("事业收入",)), ("operating_income", ("事业单位经营收入",)),
                    ("other_income", ("其他收入",))]
        else:
            cols = [("total", ("合计",)), ("carryover", ("上年结转",)),
                    ("general_budget", ("本年收入", "一般公共预算拨款")),
                    ("gov_fund", ("本年收入", "政府性基金预算拨款")),
                    ("business_income", ("本年收入", "事业收入")), ("other_income", ("本年收入", "其他收入"))]
        return self.ftable("revenue_summary", leaves, cols)

    def expenditure_summary(self):
        leaves = {c: {"total": l.total, "basic": l.basic, "project": l.project} for c, l in self.d.leaves.items()}
        head = "本年支出合计" if self.final else "合计"
        return self.ftable("expenditure_summary", leaves,
                           [("total", (head,)), ("basic", ("基本支出",)), ("project", ("项目支出",))])

    def fiscal_appropriation_summary(self):
        d = self.d
        classes = d.class_codes({c: l for c, l in d.leaves.items() if l.gb + l.project_gf > 0})
        exp = []
        for i, c in enumerate(classes):
            ls = [l for k, l in d.leaves.items() if k[:3] == c]
            gb = sum((l.gb for l in ls), ZERO)
            gf = sum((l.project_gf for l in ls), ZERO)
            exp.append((f"{vocab.ordinal(i + 1)}、{vocab.FUNCTION_CLASSES[c]}",
                        {"total": gb + gf, "general_budget": gb, "gov_fund": gf, "state_capital": ZERO}))
        gb, gf = d.general_budget, d.gov_fund
        if self.final:
            gb += d.current_year_revenue - d.expenditure_total
        inc = [("一、一般公共预算", {"total": gb}), ("二、政府性基金预算", {"total": gf}),
               ("三、国有资本经营预算", {"total": ZERO})]
        foot_i = [("收入总计", {"total": gb + gf})]
        tot = {"total": gb + gf, "general_budget": gb, "gov_fund": gf, "state_capital": ZERO}
        if self.final:  # the difference stays as 年末结转和结余
            spent = {"total": d.general_budget + d.gov_fund, "general_budget": d.general_budget,
                     "gov_fund": d.gov_fund, "state_capital": ZERO}
            rest = {k: tot[k] - spent[k] for k in tot}
            foot_e = [("本年支出合计", spent), ("年末结转和结余", rest), ("支出总计", tot)]
        else:
            foot_e = [("支出总计", tot)]
        s = self.style("fiscal_appropriation_summary")
        need = len(self.fmt.number(gb + gf)) * 0.18 * s["font_size"] / 9 + 2 * s["pad"] + 0.15
        if need > 2.0:  # four amount columns on the right: too narrow in portrait
            s["landscape"] = True
        wide = s["landscape"]
        return T.two_sided_table("fiscal_appropriation_summary", self.titles["fiscal_appropriation_summary"],
                                 self.fmt, inc, exp, foot_i, foot_e,
                                 income_cols=[("total", "金额")],
                                 expenditure_cols=[("total", "合计"), ("general_budget", "一般公共预算"),
                                                   ("gov_fund", "政府性基金预算"), ("state_capital", "国有资本经营预算")],
                                 caption=self.caption, style=s, name_width=5.5 if wide else 3.4,
                                 amount_width=3.0 if wide else 2.0)

    def general_budget_expenditure(self, leaves=None):
        layout = self.cfg.get("gb_layout", "merged")
        if self.final:
            cols = [("budget", ("年初预算数",)), ("total", ("决算数", "合计")), ("basic", ("决算数", "基本支出")),
                    ("project", ("决算数", "项目支出"))]
        elif layout == "merged":
            cols = [("total", ("合计",)), ("basic", ("基本支出", "小计")), ("personnel", ("基本支出", "人员经费")),
                    ("public_funds", ("基本支出", "公用经费")), ("project", ("项目支出",))]
        elif layout == "shanghai":
            cols = [("total", ("一般公共预算支出", "合计")), ("basic", ("一般公共预算支出", "基本支出")),
                    ("project", ("一般公共预算支出", "项目支出"))]
        else:
            cols = [("total", ("合计",)), ("basic", ("基本支出",)), ("project", ("项目支出",))]
        return self.ftable("general_budget_expenditure", self.gb_leaves(leaves), cols)

    def general_budget_basic_expenditure(self):
        d, s = self.d, self.style("general_budget_basic_expenditure")
        title = self.titles["general_budget_basic_expenditure"]
        if self.cfg.get("basic_layout") == "halves":
            return T.econ_halves_table("general_budget_basic_expenditure", title, self.fmt, d.econ,
                                       caption=self.caption, style=s, split=self.cfg.get("halves", "personnel"))
        nw = self.cfg.get("econ_name_width", 5.0)
        aw = round(min(3.2, ((26.7 if s["landscape"] else 18.0) - 1.4 - nw) / 3), 2)
        return T.econ_table("general_budget_basic_expenditure", title, self.fmt, d.econ, caption=self.caption,
                            style=s, total_top=self.cfg.get("total_top", False), name_width=nw, amount_width=aw,
                            public_header=self.cfg.get("public_header", "公用经费"))

    def gov_fund_expenditure(self):
        leaves = {c: {"total": l.project_gf, "basic": ZERO, "project": l.project_gf}
                  for c, l in self.d.leaves.items() if l.project_gf > 0}
        cols = [("total", ("合计",)), ("basic", ("基本支出",)), ("project", ("项目支出",))]
        if leaves:
            return self.ftable("gov_fund_expenditure", leaves, cols)
        return self.empty("gov_fund_expenditure", cols)

    def state_capital_expenditure(self):
        return self.empty("state_capital_expenditure",
                          [("total", ("合计",)), ("basic", ("基本支出",)), ("project", ("项目支出",))])

    def empty(self, template, cols):
        nw = self.name_width()
        w = self.width(template, len(cols), nw)
        note = self.cfg.get("empty_notes", {}).get(template, EMPTY_NOTES[template])
        return T.empty_function_table(template, self.titles[template], self.fmt, [(k, p, w) for k, p in cols],
                                      note.format(dept=self.cfg["dept"], year=self.cfg["year"]),
                                      code_mode=self.cfg.get("code_mode", "one"), name_width=nw,
                                      caption=self.caption, style=self.style(template))

    PROJECT_NAMES = {  # by the 项's name; others get "<项名称>专项经费", "<项名称>项目经费"
        "一般行政管理事务": ["日常业务工作经费", "专项业务工作经费", "信息系统运行维护经费"],
        "行政运行": ["机关运行保障经费"],
    }

    def project_expenditure(self):
        """Each 项 with project money split into one to three named projects."""
        m, rng = self.d.money, self.d.rng
        projects = []
        for code, leaf in sorted(self.d.leaves.items()):
            if leaf.project <= 0:
                continue
            names = self.PROJECT_NAMES.get(vocab.FUNCTION_ITEMS[code], [f"{vocab.FUNCTION_ITEMS[code]}专项经费",
                                                      f"{vocab.FUNCTION_ITEMS[code]}项目经费"])
            k = min(len(names), rng.randint(1, 3))
            rest = leaf.project
            for i in range(k):
                part = rest if i == k - 1 else m.snap(rest * Decimal(rng.randint(30, 60)) / 100)
                rest -= part
                projects.append((names[i], code, part))
        return T.project_table("project_expenditure", self.titles["project_expenditure"], self.fmt, projects,
                               caption=self.caption, style=self.style("project_expenditure"))

    def three_public_expenses(self):
        d, s = self.d, self.style("three_public_expenses")
        layout = self.cfg.get("three_layout", "rows")
        title = self.titles["three_public_expenses"]
        if self.final:
            return T.three_public_cols_table("three_public_expenses", title, self.fmt3, d.three, caption=self.caption,
                                             style=s, budget=d.three_budget, width=2.15 if s["landscape"] else 1.45)
        if layout == "rows":
            head = f"{self.cfg['year']}年预算数"
            return T.three_public_rows_table("three_public_expenses", title, self.fmt3, d.three,
                                             caption=self.caption, style=s, header=head)
        agency = d.agency_operating_costs if layout == "cols_agency" else None
        label = self.cfg["dept"] if self.cfg.get("three_label") else None
        n = 6 + (agency is not None)
        page = 26.7 if s["landscape"] else 18.0
        width = round(min(3.2, (page - (5.0 if label else 0)) / n), 2)
        return T.three_public_cols_table("three_public_expenses", title, self.fmt3, d.three, caption=self.caption,
                                         style=s, agency=agency, label=label, width=width)

    # -- prose and facts ----------------------------------------------------
    def facts(self):
        """[(key, yuan, table source or None)] from the data, table first."""
        d = self.d
        inc_total = "总计" if self.final else "收入总计"
        exp_total = "总计" if self.final else "支出总计"
        carry = "年初结转和结余" if self.final else "上年结转"
        out = [("revenue_total", d.revenue_total, ("revenue_expenditure_summary", None, inc_total, "income", "total")),
               ("expenditure_total", d.expenditure_grand if self.final else d.expenditure_total,
                ("revenue_expenditure_summary", None, exp_total, "expenditure", "total")),
               ("current_year_revenue", d.current_year_revenue,
                ("revenue_expenditure_summary", None, "本年收入合计", "income", "total")),
               ("carryover", d.begin_carry if self.final else d.carryover,
                ("revenue_expenditure_summary", None, carry, "income", "total"))]
        if not self.final:
            out.append(("general_budget_revenue", d.general_budget,
                        ("revenue_expenditure_summary", None, "一、一般公共预算拨款收入", "income", "total")))
        tl = self.cfg.get("total_label", "合计")
        out += [("basic_expenditure", d.basic, ("expenditure_summary", None, tl, None, "basic")),
                ("project_expenditure", d.project, ("expenditure_summary", None, tl, None, "project"))]
        if self.cfg.get("basic_layout") == "halves" and self.cfg.get("halves") == "classes":
            out += [("personnel_expenditure", d.personnel, None), ("public_funds_expenditure", d.public, None)]
        elif self.cfg.get("basic_layout") == "halves":
            out += [("personnel_expenditure", d.personnel,
                     ("general_budget_basic_expenditure", None, "人员经费合计", None, "total")),
                    ("public_funds_expenditure", d.public,
                     ("general_budget_basic_expenditure", None, "公用经费合计", None, "total"))]
        else:
            out += [("personnel_expenditure", d.personnel,
                     ("general_budget_basic_expenditure", None, "合计", None, "personnel")),
                    ("public_funds_expenditure", d.public,
                     ("general_budget_basic_expenditure", None, "合计", None, "public_funds"))]
        three_rows = self.cfg.get("three_layout", "rows") == "rows" and not self.final
        label = self.cfg["dept"] if self.cfg.get("three_label") else None
        for key, row_name in (("three_public_total", "合计"), ("overseas_travel", "1.因公出国（境）费"),
                              ("vehicle_total", "2.公务用车购置及运行费"),
                              ("vehicle_purchase", "其中：（1）公务用车购置费"),
                              ("vehicle_operation", "（2）公务用车运行费"), ("reception", "3.公务接待费")):
            item = "total" if key == "three_public_total" else key
            src = (("three_public_expenses", None, row_name, None, "total") if three_rows
                   else ("three_public_expenses", None, label, None, item))
            out.append((key, d.three[item], src))
        if self.final:  # the 预算数 block of the 决算 “三公” table
            for key in ("three_public_total", "overseas_travel", "vehicle_total", "vehicle_purchase",
                        "vehicle_operation", "reception"):
                item = "total" if key == "three_public_total" else key
                out.append((key + "_budget", d.three_budget[item],
                            ("three_public_expenses", None, label, None, item + "_budget")))
        # 财政拨款收支总表 收入总计 (the 决算's unspent part stays in 一般公共预算)
        fiscal_gb = d.general_budget + (d.current_year_revenue - d.expenditure_total if self.final else ZERO)
        out.append(("fiscal_appropriation_total", fiscal_gb + d.gov_fund,
                    ("fiscal_appropriation_summary", None, "收入总计", "income", "total")))
        agency_src = (("three_public_expenses", None, label, None, "agency_operating_costs")
                      if self.cfg.get("three_layout") == "cols_agency" and not self.final else None)
        out.append(("agency_operating_costs", d.agency_operating_costs, agency_src))
        out += [("meeting_fees", d.meeting_fees,
                 ("general_budget_basic_expenditure", "30215", vocab.ECON_ITEMS["30215"], None, "total")),
                ("training_fees", d.training_fees,
                 ("general_budget_basic_expenditure", "30216", vocab.ECON_ITEMS["30216"], None, "total")),
                ("procurement_total", d.procurement_total, None)]
        return out

    PROSE_LABELS = {
        "revenue_total": "收入总计", "expenditure_total": "支出总计", "current_year_revenue": "本年收入合计",
        "carryover": "上年结转", "general_budget_revenue": "一般公共预算拨款收入",
        "basic_expenditure": "基本支出", "project_expenditure": "项目支出",
        "personnel_expenditure": "人员经费", "public_funds_expenditure": "公用经费",
        "three_public_total": "“三公”经费", "overseas_travel": "因公出国（境）费",
        "vehicle_total": "公务用车购置及运行费", "vehicle_purchase": "公务用车购置费",
        "vehicle_operation": "公务用车运行费", "reception": "公务接待费",
        "agency_operating_costs": "机关运行经费", "procurement_total": "政府采购预算",
        "meeting_fees": "会议费", "training_fees": "培训费",
    }

    def prose(self, facts):
        """Paragraphs that state the key figures; returns (blocks, {key: prose})."""
        cfg, d = self.cfg, self.d
        places, thou = cfg.get("prose_places", 2), cfg.get("prose_thousands", True)
        bump = {k: Decimal(v) for k, v in cfg.get("prose_bump", {}).items()}  # planted: 万元 added
        vals = {k: y for k, y, _ in facts}
        said = {}

        def fig(key, label=None):
            label = label or self.PROSE_LABELS[key]
            y = vals[key]
            text = wan(y, places, thou)
            if key in bump:
                text = wan(y + bump[key] * 10000, places, thou)
            quote = f"{label}{text}万元"
            said[key] = {"quote": quote, "value": text.replace(",", ""), "unit": "万元"}
            return quote

        year, dept = cfg["year"], cfg["dept"]
        blocks = [("heading", "一、部门基本情况"),
                  ("prose", f"{dept}是{cfg.get('role', '本级政府的工作部门')}。{cfg.get('units', '本部门预算为汇总预算，包括部门本级及所属单位。')}"
                            f"年末编制人数{d.staff_authorized}人，实有人数{d.staff_actual}人。")]
        said["staff_authorized"] = {"quote": f"编制人数{d.staff_authorized}人", "value": str(d.staff_authorized), "unit": "人"}
        said["staff_actual"] = {"quote": f"实有人数{d.staff_actual}人", "value": str(d.staff_actual), "unit": "人"}
        word = "决算" if self.final else "预算"
        blocks.append(("heading", f"二、{year}年{'度' if self.final else ''}收支{word}情况说明"))
        p = (f"{dept}{year}年{'度' if self.final else ''}{fig('revenue_total')}{self.year_on_year('revenue_total', vals)}"
             f"，其中：{fig('current_year_revenue')}")
        if d.carryover > 0 and not self.final:
            p += f"，{fig('carryover')}"
        if not self.final:
            p += f"；本年收入中{fig('general_budget_revenue')}"
        p += f"。{fig('expenditure_total')}，其中：{fig('basic_expenditure')}，占{self.pct(d.basic, d.expenditure_total)}；"
        p += f"{fig('project_expenditure')}，占{self.pct(d.project, d.expenditure_total)}。"
        blocks.append(("prose", p))
        blocks.append(("prose", f"基本支出中，{fig('personnel_expenditure')}，主要包括基本工资、津贴补贴、奖金、社会保障缴费、"
                                f"离退休费等；{fig('public_funds_expenditure')}，主要包括办公费、印刷费、水电费、差旅费、"
                                f"会议费、培训费、公务接待费等。"))
        blocks.append(("heading", "三、“三公”经费、机关运行经费及其他情况说明"))
        cmp = self.completion("three_public_total") if self.final else self.year_on_year("three_public_total", vals)
        p = (f"{year}年{'度财政拨款' if self.final else ''}{fig('three_public_total')}{cmp}，其中：{fig('overseas_travel')}，"
             f"{fig('vehicle_total')}（其中：{fig('vehicle_purchase')}，{fig('vehicle_operation')}），"
             f"{fig('reception')}。")
        blocks.append(("prose", p))
        blocks.append(("prose", f"{year}年本部门{fig('agency_operating_costs')}，{fig('meeting_fees')}，"
                                f"{fig('training_fees')}。{year}年本部门{fig('procurement_total')}，"
                                f"主要用于货物、工程和服务类采购。"))
        return blocks, said

    def year_on_year(self, key, vals):
        """", 比上年增加 X 万元，增长 Y%" against a last-year figure only the prose knows."""
        places, thou = self.cfg.get("prose_places", 2), self.cfg.get("prose_thousands", True)
        now = vals[key]
        before = (now * Decimal(self.d.rng.randint(80, 120)) / 100 / 100).to_integral_value(ROUND_HALF_UP) * 100
        cur, prev = Decimal(wan(now, places, False)), Decimal(wan(before, places, False))
        change = cur - prev
        if change == 0:
            clause = "，与上年持平"
            direction, word, pct = "持平", None, Decimal(0)
        else:
            direction, word = ("增加", "增长") if change > 0 else ("减少", "下降")
            pct = (abs(change) * 100 / prev).quantize(Decimal("0.01"), ROUND_HALF_UP)
            q = f"{abs(change):,}" if thou else f"{abs(change)}"
            clause = f"，比上年{direction}{q}万元，{word}{pct}%"
        self.comparisons.append({"kind": "year_on_year", "key": key, "quote": clause.lstrip("，"),
                                 "current": str(cur), "previous": str(prev), "change": str(abs(change)),
                                 "direction": direction, "percent": str(pct), "unit": "万元"})
        return clause

    def completion(self, key):
        """决算: "，完成预算的 Z%，决算数小于预算数" against the table's 预算数."""
        item = "total" if key == "three_public_total" else key
        final, budget = self.d.three[item], self.d.three_budget[item]
        pct = (final * 100 / budget).quantize(Decimal("0.01"), ROUND_HALF_UP) if budget else Decimal(0)
        relation = "小于" if final < budget else ("大于" if final > budget else "等于")
        clause = f"，完成预算的{pct}%，决算数{relation}预算数"
        self.comparisons.append({"kind": "budget_completion", "key": key, "quote": clause.lstrip("，"),
                                 "final": wan(final, 2, False), "budget": wan(budget, 2, False),
                                 "percent": str(pct), "relation": relation, "unit": "万元",
                                 "table": {"template": "three_public_expenses", "columns": [item, item + "_budget"]}})
        return clause

    @staticmethod
    def pct(part, whole):
        if whole == 0:
            return "0%"
        return f"{(Decimal(part) * 100 / whole).quantize(Decimal('0.01'), ROUND_HALF_UP)}%"

    # -- the document ---------------------------------------------------------
    def build(self):
        cfg = self.cfg
        order = cfg.get("tables", DEFAULT_ORDER)
        for key in order:
            self.tables[key] = getattr(self, key)()
        self.plant()
        facts = self.facts()
        blocks, said = self.prose(facts)
        for key in order:
            blocks.append(("table", self.tables[key]))
        truth_facts = []
        for key, yuan, src in facts:
            entry = {"key": key, "unit": None, "value": None, "yuan": f"{Decimal(yuan):.2f}", "table": None,
                     "prose": said.get(key)}
            if src and src[0] in self.tables:
                template, code, name, side, col = src
                t = self.tables[template]
                ref = t.refs.get((code, name, side, col))
                if ref is not None:
                    entry["table"] = {"template": template, "code": code, "name": name, "side": side, "column": col}
                    # the data's value at the table's precision (a planted cell keeps the true one)
                    q = (Decimal(yuan) / t.fmt.scale).quantize(Decimal(1).scaleb(-t.fmt.decimals))
                    entry["value"], entry["unit"] = str(q), t.fmt.unit
            if entry["table"] is None:
                if key not in said:
                    continue
                entry["value"], entry["unit"] = wan(yuan, 2, False), "万元"
            truth_facts.append(entry)
        for key in ("staff_authorized", "staff_actual"):
            v = getattr(self.d, key)
            truth_facts.append({"key": key, "unit": "人", "value": str(v), "yuan": None, "table": None,
                                "prose": said[key]})
        for key, bump in cfg.get("prose_bump", {}).items():
            f = next(f for f in truth_facts if f["key"] == key)
            src = f["table"] or {}
            self.inconsistencies.append({
                "rule": "text_vs_table", "also_fails": [], "template": src.get("template"),
                "table_title": self.tables[src["template"]].title if src else None,
                "row": {"code": src.get("code"), "name": src.get("name"), "side": src.get("side")},
                "column": src.get("column"), "fact": key, "printed": f["prose"]["value"] + "万元",
                "correct": wan(Decimal(f["yuan"]), cfg.get("prose_places", 2), False) + "万元",
                "quote": f["prose"]["quote"],
                "message": f"正文{self.PROSE_LABELS[key]}比表中多{bump}万元"})
        doc = {"cover": [f"{dept_title(cfg)}"], "blocks": blocks,
               "font_table": cfg.get("font_table", "Noto Sans CJK SC"),
               "font_prose": cfg.get("font_prose", "Noto Serif CJK SC")}
        truth = {
            "schema": "yusuan-truth/1",
            "file": f"corpus/pdf/{cfg['name']}.pdf",
            "document": {"department": cfg["dept"], "year": cfg["year"], "kind": cfg["kind"],
                         "unit": cfg["unit"], "province": cfg["province"]},
            "features": cfg["features"],
            "tables": [self.tables[k].truth() for k in order],
            "facts": truth_facts,
            "comparisons": self.comparisons,
            "inconsistencies": self.inconsistencies,
        }
        return doc, truth

    def plant(self):
        """Planted inconsistencies from cfg['plant'] (see golden/pdf/README.md).

        Each record names the rule that must fail and, in `also_fails`, every
        other (rule, table, row, column) the same wrong figure necessarily
        breaks, so a test can tell a true finding from a false alarm.
        """
        tl = self.cfg.get("total_label", "合计")

        def at(rule, template, code, name, column, side=None, **extra):
            return dict({"rule": rule, "template": template, "row": {"code": code, "name": name, "side": side},
                         "column": column}, **extra)

        for p in self.cfg.get("plant", ()):
            if p["kind"] == "children_sum":
                # One 类 total printed too high: its 款 no longer add up to it.
                tpl = p["template"]
                t = self.tables[tpl]
                code = p["code"]
                name = vocab.FUNCTION_CLASSES[code]
                cell, truth = t.refs[(code, name, None, p["column"])]
                true_yuan = Decimal(truth["value"]) * t.fmt.scale
                rec = t.plant(code, name, None, p["column"], true_yuan + Decimal(p["delta_yuan"]))
                delta = t.fmt.number(Decimal(p["delta_yuan"]))
                also = [at("row_identity", tpl, code, name, "total"),
                        at("column_total", tpl, None, tl, "total")]
                for other in ("revenue_summary", "general_budget_expenditure"):
                    if other in self.tables and (code, name, None, "total") in self.tables[other].refs:
                        also.append(at("cross_table", tpl, code, name, "total", other_template=other))
                rec.update({"rule": "children_sum", "also_fails": also,
                            "message": f"{code} {name} 不等于其各款之和（多{delta}{t.fmt.unit}）"})
                self.inconsistencies.append(rec)
            elif p["kind"] == "cross_table":
                # Reprint the 一般公共预算支出表 from leaves where one project
                # differs: the table adds up in itself but disagrees with the
                # 支出总表 (and the 收支总表) on that row, its parents and the 合计.
                leaves = copy.deepcopy(self.d.leaves)
                leaf = p["code"]
                leaves[leaf].project_gb += Decimal(p["delta_yuan"])
                t = self.general_budget_expenditure(leaves)
                tpl = "general_budget_expenditure"
                self.tables[tpl] = t
                other = self.tables["expenditure_summary"]
                chain = [(leaf[:3], vocab.FUNCTION_CLASSES[leaf[:3]]), (leaf[:5], vocab.FUNCTION_GROUPS[leaf[:5]])]
                for code, name in ((None, tl), (leaf, vocab.FUNCTION_ITEMS[leaf])):
                    mine = t.refs[(code, name, None, "total")][1]
                    theirs = other.refs[(code, name, None, "total")][1]
                    also = [at("cross_table", tpl, code, name, "project", other_template="expenditure_summary")]
                    if code is None:
                        also += [at("cross_table", tpl, c, n, col, other_template="expenditure_summary")
                                 for c, n in chain for col in ("total", "project")]
                        also.append(at("cross_table", "revenue_expenditure_summary", None, "支出总计", "total",
                                       side="expenditure", other_template=tpl))
                    self.inconsistencies.append(dict(
                        at("cross_table", tpl, code, name, "total"), also_fails=also, table_title=t.title,
                        other_template="expenditure_summary", printed=mine["printed"], correct=theirs["printed"],
                        message=f"一般公共预算支出表与支出总表的{name}不一致（全部为一般公共预算拨款）"))


def dept_title(cfg):
    word = "部门决算" if cfg["kind"] == "final_accounts" else cfg.get("doc_word", "部门预算")
    return f"{cfg['dept']}{cfg['year']}年{'度' if cfg['kind'] == 'final_accounts' else ''}{word}"


def compose(cfg):
    return Composer(cfg).build()
