"""Budget data of one synthetic department, generated bottom-up.

Every amount is a Decimal in 元. Amounts are drawn at the document's grain
(100 元 when tables print 万元 with two decimals, so that every printed
万元 figure is exact and every printed sum adds up; 1 元 or 0.01 元 when
tables print 元), then every aggregate is *computed* from its parts:
项 → 款 → 类 → 合计, economic items → personnel / public funds → 基本支出,
function leaves → 支出总计 = 收入总计. Nothing is drawn twice, so the tables
built from this data agree with each other by construction.
"""

import random
from decimal import Decimal, ROUND_DOWN, ROUND_HALF_UP

from . import vocab

ZERO = Decimal("0")

# Per head per year, in 元: (low, high). Drawn per item, times the head count.
PER_HEAD = {
    "30101": (36000, 48000),
    "30102": (50000, 70000),
    "30103": (6000, 9000),
    "30106": (1500, 2500),
    "30107": (25000, 40000),
    "30199": (500, 2000),
    "30201": (1500, 3000),
    "30202": (200, 600),
    "30205": (150, 400),
    "30206": (600, 1500),
    "30207": (300, 800),
    "30209": (2000, 5000),
    "30211": (1500, 4000),
    "30213": (500, 2000),
    "30226": (500, 3000),
    "30228": (1200, 1800),
    "30229": (1000, 1800),
    "30239": (4000, 7000),
    "30299": (500, 2500),
    "31002": (300, 1500),
    "31007": (200, 1200),
}
# Social contributions as a share of the wage bill (30101..30107).
RATES = {"30108": Decimal("0.16"), "30109": Decimal("0.08"), "30110": Decimal("0.09"),
         "30111": Decimal("0.02"), "30112": Decimal("0.01"), "30113": Decimal("0.12")}
# Items some documents leave out (drawn per document).
OPTIONAL = {"30106", "30111", "30199", "30202", "30205", "30226", "31007", "30305", "30309"}


class Money:
    """Draws amounts at a grain (a Decimal number of 元)."""

    def __init__(self, rng, grain):
        self.rng = rng
        self.grain = Decimal(grain)

    def draw(self, lo, hi):
        lo_i = int(Decimal(lo) / self.grain)
        hi_i = max(lo_i, int(Decimal(hi) / self.grain))
        return self.rng.randint(lo_i, hi_i) * self.grain

    def snap(self, x):
        return (Decimal(x) / self.grain).to_integral_value(ROUND_HALF_UP) * self.grain


class Leaf:
    """One 项 (7-digit function code) and how its money is spent and funded."""

    def __init__(self, code):
        self.code = code
        self.personnel = ZERO
        self.public = ZERO
        self.project_gb = ZERO   # 一般公共预算 project money
        self.project_gf = ZERO   # 政府性基金 project money
        self.project_nf = ZERO   # non-fiscal (事业收入 / 其他收入 / 上年结转)
        self.budget = None       # 决算 only: 年初预算数 of the whole row

    @property
    def basic(self):
        return self.personnel + self.public

    @property
    def project(self):
        return self.project_gb + self.project_gf + self.project_nf

    @property
    def total(self):
        return self.basic + self.project

    @property
    def gb(self):
        return self.basic + self.project_gb


class DeptData:
    """All figures of one document; see module doc."""

    def __init__(self, cfg):
        self.cfg = cfg
        self.rng = random.Random(cfg["seed"])
        self.money = Money(self.rng, cfg["grain"])
        self.staff_authorized = cfg["staff"]
        self.staff_actual = cfg["staff"] - self.rng.randint(0, max(1, cfg["staff"] // 10))
        self._economic()
        self._three_public()
        self._leaves()
        self._funding()
        self._extras()

    # -- basic expenditure by economic item ----------------------------------
    def _economic(self):
        m, rng, n = self.money, self.rng, self.staff_actual
        econ = {}
        for code in vocab.ECON_ITEMS:
            if code in OPTIONAL and rng.random() < 0.4:
                continue
            if code in PER_HEAD:
                lo, hi = PER_HEAD[code]
                econ[code] = m.draw(lo * n, hi * n)
        wages = sum(econ.get(c, ZERO) for c in ("30101", "30102", "30103", "30107"))
        for code, rate in RATES.items():
            if code == "30111" and "30111" not in self.cfg.get("keep", ()) and rng.random() < 0.5:
                continue
            econ[code] = m.snap(wages * rate)
        retirees = self.cfg.get("retirees", n // 4)
        if retirees:
            econ["30302"] = m.draw(60000 * retirees, 90000 * retirees)
            econ["30307"] = m.draw(2000 * retirees, 5000 * retirees)
            if rng.random() < 0.5:
                econ["30305"] = m.draw(1000 * retirees, 3000 * retirees)
        hundred = Money(rng, "100")  # prose quotes these in 万元
        econ["30215"] = hundred.draw(1000 * n, 4000 * n)
        econ["30216"] = hundred.draw(1000 * n, 4000 * n)
        self.econ = {c: v for c, v in econ.items() if v > 0}

    def _three_public(self):
        rng, n = self.rng, self.staff_actual
        hundred = Money(rng, "100")  # “三公” are printed in 万元 even in 元 documents
        overseas = hundred.draw(30000, 200000) if self.cfg.get("overseas", rng.random() < 0.4) else ZERO
        purchase = hundred.draw(150000, 300000) if self.cfg.get("car_purchase", False) else ZERO
        operation = hundred.draw(8000, 20000) * max(1, n // 15)
        reception = hundred.draw(300 * n, 900 * n)
        self.three = {"overseas_travel": overseas, "vehicle_purchase": purchase,
                      "vehicle_operation": operation, "reception": reception}
        self.three["vehicle_total"] = purchase + operation
        self.three["total"] = overseas + purchase + operation + reception
        # The basic table carries the same items (car purchase is project money).
        for code, key in (("30212", "overseas_travel"), ("30231", "vehicle_operation"), ("30217", "reception")):
            if self.three[key] > 0:
                self.econ[code] = self.three[key]
            else:
                self.econ.pop(code, None)

    def econ_sum(self, classes):
        return sum((v for c, v in self.econ.items() if c[:3] in classes), ZERO)

    # -- function leaves ------------------------------------------------------
    def _leaf(self, code):
        if code not in self.leaves:
            self.leaves[code] = Leaf(code)
        return self.leaves[code]

    def _leaves(self):
        cfg, m = self.cfg, self.money
        self.leaves = {}
        main = cfg["main"]                      # e.g. "2101501" 行政运行
        shiye = cfg.get("shiye")                # e.g. "2101550" 事业运行
        personnel = self.econ_sum(("301", "303"))
        public = self.econ_sum(("302", "310"))
        e = self.econ
        placed = ZERO
        # Social contributions go to their own function items, as in real budgets.
        for item, codes in (("2080505", ("30108",)), ("2080506", ("30109",)),
                            ("2210201", ("30113",)), ("2080501", ("30301", "30302"))):
            amount = sum((e.get(c, ZERO) for c in codes), ZERO)
            if amount > 0:
                self._leaf(item).personnel += amount
                placed += amount
        medical = e.get("30110", ZERO)
        if shiye and medical > 0:
            part = m.snap(medical * Decimal("0.3"))
            self._leaf("2101101").personnel += medical - part
            self._leaf("2101102").personnel += part
        elif medical > 0:
            self._leaf("2101101").personnel += medical
        placed += medical
        if e.get("30111", ZERO) > 0:
            self._leaf("2101103").personnel += e["30111"]
            placed += e["30111"]
        rest_p = personnel - placed
        if shiye:
            sp = m.snap(rest_p * Decimal("0.25"))
            su = m.snap(public * Decimal("0.25"))
            self._leaf(shiye).personnel += sp
            self._leaf(shiye).public += su
            rest_p -= sp
            public_main = public - su
        else:
            public_main = public
        self._leaf(main).personnel += rest_p
        self._leaf(main).public += public_main
        # 机关运行经费: the 行政 units' 公用经费, to the 100 元 because 上海
        # prints it in 万元 next to the “三公” figures.
        self.agency_operating_costs = (public_main / 100).to_integral_value(ROUND_DOWN) * 100
        # Project money.
        lo, hi = cfg.get("project_range", (200000, 3000000))
        for code in cfg.get("projects", ()):
            self._leaf(code).project_gb += m.draw(lo, hi)
        if cfg.get("main_project"):
            self._leaf(main).project_gb += m.draw(lo // 4, hi // 4)
        for code in cfg.get("gov_fund", ()):
            self._leaf(code).project_gf += m.draw(lo, hi * 2)
        if self.three["vehicle_purchase"] > 0:
            self._leaf(cfg["projects"][0]).project_gb += self.three["vehicle_purchase"]

    def _funding(self):
        cfg, m = self.cfg, self.money
        nf = cfg.get("nonfiscal")  # (kind, leaf code) or None
        self.nf_kind = None
        if nf:
            kind, code = nf
            self.nf_kind = kind
            self._leaf(code).project_nf += m.draw(100000, 900000)
        L = self.leaves.values()
        self.expenditure_total = sum((l.total for l in L), ZERO)
        self.basic = sum((l.basic for l in L), ZERO)
        self.project = sum((l.project for l in L), ZERO)
        self.personnel = sum((l.personnel for l in L), ZERO)
        self.public = sum((l.public for l in L), ZERO)
        self.general_budget = sum((l.gb for l in L), ZERO)
        self.gov_fund = sum((l.project_gf for l in L), ZERO)
        self.nonfiscal = sum((l.project_nf for l in L), ZERO)
        self.carryover = self.nonfiscal if self.nf_kind == "carryover" else ZERO
        self.current_year_revenue = self.expenditure_total - self.carryover
        self.revenue_total = self.expenditure_total
        if cfg["kind"] == "final_accounts":
            # 年初结转和结余 / 年末结转和结余: the difference is 本年收入 the
            # department did not spend; it is booked on the main row's revenue.
            self.begin_carry = m.draw(200000, 800000)
            self.end_carry = m.draw(200000, 900000)
            self.current_year_revenue = self.expenditure_total + self.end_carry - self.begin_carry
            self.revenue_total = self.current_year_revenue + self.begin_carry
            self.expenditure_grand = self.expenditure_total + self.end_carry
            for leaf in L:
                leaf.budget = m.snap(leaf.gb * Decimal(self.rng.randint(92, 108)) / 100)
            hundred = Money(self.rng, "100")
            self.three_budget = {k: (hundred.snap(v * Decimal(self.rng.randint(100, 125)) / 100) if v > 0 else ZERO)
                                 for k, v in self.three.items() if k not in ("vehicle_total", "total")}
            tb = self.three_budget
            tb["vehicle_total"] = tb["vehicle_purchase"] + tb["vehicle_operation"]
            tb["total"] = tb["overseas_travel"] + tb["vehicle_total"] + tb["reception"]

    def _extras(self):
        hundred = Money(self.rng, "100")
        self.procurement_total = hundred.snap(self.project * Decimal(self.rng.randint(10, 40)) / 100)
        self.meeting_fees = self.econ.get("30215", ZERO)
        self.training_fees = self.econ.get("30216", ZERO)

    # -- views used by the tables --------------------------------------------
    def class_codes(self, leaves=None):
        """Function classes (类) in code order that have money in `leaves`."""
        leaves = self.leaves if leaves is None else leaves
        return sorted({c[:3] for c in leaves})

    def revenue_leaf(self, leaf):
        """Per-row sources for the 收入总表 (budget) / 收入决算表 (final)."""
        out = {"general_budget": leaf.gb, "gov_fund": leaf.project_gf}
        kind = self.nf_kind
        out["business_income"] = leaf.project_nf if kind == "business_income" else ZERO
        out["other_income"] = leaf.project_nf if kind == "other_income" else ZERO
        out["carryover"] = leaf.project_nf if kind == "carryover" else ZERO
        if self.cfg["kind"] == "final_accounts" and leaf.code == self.cfg["main"]:
            out["general_budget"] += self.current_year_revenue - self.expenditure_total
        out["fiscal_appropriation"] = out["general_budget"] + out["gov_fund"]
        out["total"] = sum((v for k, v in out.items() if k not in ("fiscal_appropriation",)), ZERO)
        return out
