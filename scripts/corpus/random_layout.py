"""Draw one synthetic disclosure at random from a seed.

`draw(seed)` returns (cfg, look): `cfg` is a config in the form
scripts/corpus/docs.py documents (compose.Composer reads it: the figures,
the tables and every option the table builders know), `look` the printing
choices the producers apply on top (producer, fonts, unit placement, the
部门/单位名称 line, 表号 form and place, two-line titles, 栏次 rows, where the
prose goes). Every choice is drawn independently per document, and the
per-table ones (ruling, orientation, repeated header, font size, cell
padding, two tables on one page) independently per table, from one
`random.Random(seed)`: the same seed gives the same document.

The shares below are rough guesses at how often real disclosures print
each form (DOMAIN.md's printing habits and ../shared/real*); they only need
to keep every form frequent enough to be measured in a draw of a few
hundred documents.
"""

import random

PRODUCERS = ["writer", "calc", "chromium"]

# (bureau name, 行政运行 code, project 项, 事业运行 code or None, 政府性基金 项)
ARCHETYPES = [
    ("教育局", "2050101", ["2050201", "2050202", "2050203", "2050204", "2050803"], None, []),
    ("司法局", "2040601", ["2040602", "2040604", "2040607", "2040610"], None, []),
    ("医疗保障局", "2101501", ["2101502", "2101505", "2101506"], "2101550", []),
    ("人力资源和社会保障局", "2080101", ["2080109", "2080199", "2080705"], None, []),
    ("科学技术局", "2060101", ["2060702"], None, []),
    ("民政局", "2080201", ["2080202", "2080208", "2081002"], None, ["2296002"]),
    ("文化和旅游局", "2070101", ["2070109", "2070111", "2070308"], None, []),
    ("财政局", "2010601", ["2010602", "2010607"], "2010650", []),
    ("城市管理局", "2120101", ["2120104", "2120199", "2120501", "2120399"], None, []),
    ("水务局", "2130301", ["2130306", "2120399"], None, []),
    ("应急管理局", "2240101", ["2240106"], None, []),
    ("商务局", "2011301", ["2011308"], None, []),
    ("纪律检查委员会", "2011101", ["2011102"], None, []),
    ("交通运输局", "2140101", ["2140104"], None, []),
    ("农业农村局", "2130101", ["2130108"], "2130104", []),
    ("卫生健康委员会", "2100101", ["2100102", "2100409"], None, []),
    ("人大常委会办公室", "2010101", ["2010102", "2010104"], None, []),
    ("街道办事处", "2010301", ["2010302", "2010399", "2012902", "2013202", "2013302", "2040607", "2040610",
                         "2070109", "2070308", "2080705", "2080801", "2089999", "2100409", "2120104",
                         "2120199", "2120399", "2120501", "2130108", "2210203", "2240106"], "2010350", []),
]
# (province, [(city, [districts or counties])])
PLACES = [
    ("河北省", [("石家庄市", ["长安区", "桥西区", "灵寿县"]), ("保定市", ["竞秀区", "莲池区"])]),
    ("山西省", [("太原市", ["小店区", "迎泽区"])]),
    ("江苏省", [("南京市", ["鼓楼区", "玄武区"]), ("苏州市", ["姑苏区", "吴中区"])]),
    ("浙江省", [("杭州市", ["上城区", "拱墅区"]), ("绍兴市", ["越城区", "柯桥区"])]),
    ("安徽省", [("合肥市", ["蜀山区", "包河区"])]),
    ("福建省", [("厦门市", ["思明区", "湖里区"]), ("福州市", ["鼓楼区"])]),
    ("江西省", [("南昌市", ["东湖区", "西湖区"])]),
    ("山东省", [("济南市", ["历下区", "市中区"]), ("青岛市", ["市南区"])]),
    ("河南省", [("郑州市", ["金水区", "二七区"]), ("新乡市", ["红旗区"])]),
    ("湖北省", [("武汉市", ["江汉区", "武昌区"])]),
    ("湖南省", [("长沙市", ["岳麓区", "芙蓉区"]), ("株洲市", ["天元区"])]),
    ("广东省", [("广州市", ["天河区", "越秀区"]), ("深圳市", ["福田区"])]),
    ("四川省", [("成都市", ["武侯区", "锦江区"])]),
    ("陕西省", [("西安市", ["碑林区", "雁塔区"])]),
    ("云南省", [("昆明市", ["五华区", "盘龙区"])]),
    ("广西壮族自治区", [("南宁市", ["青秀区", "兴宁区"])]),
]
STREETS = ["东街街道", "西街街道", "玉林街道", "城关街道", "新华街道", "人民路街道"]
FONTS = ["Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei"]
# Ways amounts are printed: (unit, decimals, grain in 元)
UNITS = [("万元", 2, "100"), ("万元", 2, "100"), ("万元", 2, "100"), ("元", 2, "0.01"), ("元", 2, "1"),
         ("元", 0, "1"), ("元", 0, "1"), ("万元", 6, "0.01"), ("千元", 2, "10")]
ZEROS = ["0.00", "0.00", "-", "0", ""]
TITLE_SETS_BUDGET = ["mof", "overview", "shanghai", "budget_totals"]
BORDERS = ["grid", "grid", "grid", "none", "horizontal", "frame", "header"]
CAPTIONS = ["编制部门：", "编制单位：", "单位名称：", "部门名称：", None]
UNIT_PLACES = ["right", "right", "left", "center", "title", "header"]
NUMBER_FORMS = [None, None, "表{n}", "表{cn}", "预算{n:02d}表", "公开{n:02d}表", "{n}."]
NUMBER_PLACES = ["before", "before", "after", "above"]
PROSE_PLACES = ["before", "before", "after", "between"]
CN = "一二三四五六七八九十"


def cn_number(n):
    return CN[n - 1] if n <= 10 else "十" + CN[n - 11]


def chance(rng, p):
    return rng.random() < p


def draw(seed, producer=None):
    rng = random.Random(seed)
    bureau, main, projects, shiye, gov_fund = rng.choice(ARCHETYPES)
    province, cities = rng.choice(PLACES)
    city, districts = rng.choice(cities)
    district = rng.choice(districts)
    if bureau == "街道办事处":
        dept = f"{city}{district}{rng.choice(STREETS)}办事处"
    else:
        dept = f"{city}{district}{bureau}"
    kind = "final_accounts" if chance(rng, 0.25) else "budget"
    unit, decimals, grain = rng.choice(UNITS)
    long_table = bureau == "街道办事处"
    staff = rng.randint(60, 140) if long_table else rng.randint(12, 150)
    k = len(projects) if long_table else rng.randint(1, len(projects))
    cfg = dict(name=f"r{seed:06d}", features=[], province=province, dept=dept, year=rng.randint(2019, 2025), kind=kind,
               unit=unit, decimals=decimals, grain=grain, seed=seed, staff=staff, main=main,
               projects=sorted(rng.sample(projects, k)))
    if long_table:
        cfg["project_range"] = (50000, 1500000)
    if shiye and chance(rng, 0.7):
        cfg["shiye"] = shiye
    if gov_fund and chance(rng, 0.6):
        cfg["gov_fund"] = list(gov_fund)
    nf = rng.choice([None, None, None, "business_income", "other_income", "carryover"])
    if nf and not (nf == "carryover" and kind == "final_accounts"):
        cfg["nonfiscal"] = (nf, rng.choice(cfg["projects"]))
    cfg["overseas"] = chance(rng, 0.4)
    cfg["car_purchase"] = chance(rng, 0.3)
    cfg["thousands"] = chance(rng, 0.75)
    cfg["zero"] = rng.choice(ZEROS)
    if decimals == 0 and cfg["zero"] == "0.00":
        cfg["zero"] = "0"
    if unit != "万元" and chance(rng, 0.5):
        cfg["three_unit"] = "万元"   # 上海 prints the “三公” table in 万元 in a 元 document
    else:
        cfg["three_unit"] = unit
    # titles
    if kind == "final_accounts":
        cfg["titles"] = "final"
        cfg["doc_word"] = "部门决算"
    else:
        cfg["titles"] = rng.choice(TITLE_SETS_BUDGET)
        if bureau == "疾病预防控制中心":
            cfg["doc_word"] = "单位预算"
    year_form = rng.choice(["{prefix}{title}", "{prefix}{title}", "{dept}{prefix}{title}"])
    cfg["title_format"] = year_form.replace("{dept}", dept)
    # tables
    order = ["revenue_expenditure_summary", "revenue_summary", "expenditure_summary",
             "fiscal_appropriation_summary", "general_budget_expenditure", "general_budget_basic_expenditure",
             "gov_fund_expenditure", "state_capital_expenditure", "three_public_expenses"]
    keep = {"revenue_expenditure_summary", "expenditure_summary", "three_public_expenses"}
    tables = [t for t in order if t in keep or chance(rng, 0.8)]
    with_projects = chance(rng, 0.3)  # drawn always, so that the draws after it do not shift
    if kind == "budget" and cfg["titles"] in ("mof", "overview") and with_projects:  # title sets that name it
        tables.append("project_expenditure")
    cfg["tables"] = tables
    # table options
    cfg["code_mode"] = rng.choice(["one", "one", "split"])
    cfg["indent"] = chance(rng, 0.3)
    cfg["total_top"] = chance(rng, 0.25)
    cfg["total_label"] = rng.choice(["合计", "合计", "总计"])
    cfg["gb_layout"] = rng.choice(["merged", "flat", "shanghai"])
    if chance(rng, 0.3):
        cfg["basic_layout"] = "halves"
        cfg["halves"] = rng.choice(["personnel", "classes"])
    if kind == "budget":
        cfg["three_layout"] = rng.choice(["rows", "rows", "cols", "cols_agency"])
        cfg["three_label"] = chance(rng, 0.3)
    cfg["name_width"] = rng.choice([2.0, 3.0, 4.5, 5.0, 5.5])
    cfg["font_size"] = rng.choice([8, 9, 9, 10, 10.5])
    cfg["pad"] = rng.choice([0.03, 0.06, 0.1, 0.2])
    style = {}
    for t in tables:
        s = {"border": rng.choice(BORDERS), "landscape": chance(rng, 0.3),
             "repeat_header": chance(rng, 0.6), "font_size": rng.choice([8, 9, 9, 10, 10.5])}
        if t == "three_public_expenses":
            # its amount columns are fixed narrow (up to 13 of them): larger
            # type would wrap a figure inside its cell, which no producer does
            s["font_size"] = min(s["font_size"], 9)
            s["pad"] = 0.05
            s["landscape"] = s["landscape"] or kind == "final_accounts"
        if t == "state_capital_expenditure" and "gov_fund_expenditure" in tables and chance(rng, 0.4):
            s["same_page"] = True
        style[t] = s
    cfg["table_style"] = style
    cfg["prose_places"] = rng.choice([2, 2, 2, 1])
    cfg["prose_thousands"] = chance(rng, 0.7)
    look = {
        "producer": producer or PRODUCERS[seed % len(PRODUCERS)],
        "font_table": rng.choice(FONTS), "font_prose": rng.choice(FONTS),
        "caption": rng.choice(CAPTIONS),
        "unit_place": {t: rng.choice(UNIT_PLACES) for t in tables},
        "number_form": rng.choice(NUMBER_FORMS), "number_place": rng.choice(NUMBER_PLACES),
        "two_line_title": chance(rng, 0.15),
        "col_numbers": {t: chance(rng, 0.15) for t in tables},
        "prose_place": rng.choice(PROSE_PLACES),
    }
    return cfg, look


def plant(cfg, seed, share):
    """Plant one inconsistency in a fixed share of the draw (every 1/share-th seed).

    Alternates between a 类 total one unit too high in the 支出总表
    (children_sum) and a prose figure 10 万元 too high (text_vs_table).
    """
    every = round(1 / share)
    if seed % every != every - 1:
        return None
    which = (seed // every) % 2
    if which == 0:
        code = cfg["main"][:3]
        delta = {"万元": "10000", "元": "1", "千元": "1000"}[cfg["unit"]]
        if cfg["unit"] == "元" and cfg["decimals"] == 2:
            delta = "100"
        cfg["plant"] = [{"kind": "children_sum", "template": "expenditure_summary", "code": code,
                         "column": "total", "delta_yuan": delta}]
        return "children_sum"
    cfg["prose_bump"] = {"basic_expenditure": "10"}
    return "text_vs_table"
