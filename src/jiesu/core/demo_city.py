"""The demo city, modelled on Huangshi (黄石市): two platform levels, city departments, utilities,
county departments, townships/streets and a few communities, a dispatch catalogue, and one login
per role. Loading is idempotent."""

from __future__ import annotations

CITY = ("huangshi", "黄石市")
#: the city's hotline platform, the enterprise centre's 兜底办, a county platform's name suffix
CITY_PLATFORM = "黄石市12345热线平台"
ENTERPRISE_DESK = "市企业综合服务中心（兜底办）"
COUNTY_PLATFORM_SUFFIX = "12345平台"

COUNTIES = [
    # code, name, townships/streets, (community, under township index)
    ("hsg", "黄石港区", ["花湖街道", "胜阳港街道", "黄石港街道"], [("花湖社区", 0)]),
    ("xss", "西塞山区", ["八泉街道", "临江街道", "河口镇"], [("八泉社区", 0)]),
    ("xl", "下陆区", ["新下陆街道", "老下陆街道", "团城山街道"], [("团城山社区", 2)]),
    ("ts", "铁山区（开发区）", ["铁山街道", "鹿獐山街道", "汪仁镇"], [("铁山社区", 0)]),
    ("dy", "大冶市", ["东岳路街道", "金湖街道", "还地桥镇"], [("东岳社区", 0)]),
    ("yx", "阳新县", ["兴国镇", "富池镇", "白沙镇"], [("城东社区", 0), ("富池村", 1)]),
]

CITY_DEPARTMENTS = [
    ("housing", "市住房和城乡建设局"),
    ("urban", "市城市管理执法委员会"),
    ("hrss", "市人力资源和社会保障局"),
    ("education", "市教育局"),
    ("health", "市卫生健康委员会"),
    ("ecology", "市生态环境局"),
    ("transport", "市交通运输局"),
    ("market", "市市场监督管理局"),
    ("police", "市公安局"),
    ("land", "市自然资源和规划局"),
    ("civil", "市民政局"),
    ("medicare", "市医疗保障局"),
    ("tax", "国家税务总局黄石市税务局"),
    ("culture", "市文化和旅游局"),
    ("commerce", "市商务局"),
    ("agriculture", "市农业农村局"),
    ("water-res", "市水利和湖泊局"),
    ("emergency", "市应急管理局"),
    ("data", "市数据局"),
    ("petition", "市信访局"),
    ("gov-service", "市政务服务管理局"),
]

UTILITIES = [("water", "市供水公司"), ("power", "国网黄石供电公司"), ("gas", "市燃气公司")]

COUNTY_DEPARTMENTS = [
    ("housing", "住房和城乡建设局"),
    ("urban", "城市管理执法局"),
    ("hrss", "人力资源和社会保障局"),
    ("market", "市场监督管理局"),
    ("education", "教育局"),
]

# code, name, parent, legal limit (working days), utility, city-wide main unit, assists, local?
# "local" matters follow 属地管理: in a county they go to that county's platform.
CATEGORIES = [
    ("urban", "城乡建设", None, None, False, None, [], False),
    ("urban-property", "物业管理", "urban", None, False, "city-housing", [], True),
    ("urban-illegal-building", "违法建设", "urban", None, False, "city-urban", ["city-land"], True),
    ("urban-roads", "市政道路设施", "urban", None, False, "city-urban", [], True),
    ("urban-housing-security", "住房保障", "urban", None, False, "city-housing", [], False),
    ("env", "环境保护", None, None, False, None, [], False),
    ("env-pollution", "环境污染", "env", None, False, "city-ecology", [], False),
    ("env-noise", "噪声扰民", "env", None, False, "city-ecology", ["city-urban"], True),
    ("transport", "交通运输", None, None, False, None, [], False),
    ("transport-taxi", "出租车服务", "transport", None, False, "city-transport", [], False),
    ("transport-bus", "公交线路", "transport", None, False, "city-transport", [], False),
    ("education", "教育文体", None, None, False, None, [], False),
    ("education-school", "学校管理", "education", None, False, "city-education", [], False),
    ("labour", "劳动和社会保障", None, None, False, None, [], False),
    ("labour-wages", "拖欠工资", "labour", None, False, "city-hrss", [], True),
    ("labour-pension", "养老保险", "labour", None, False, "city-hrss", [], False),
    ("labour-medicare", "医疗保障", "labour", None, False, "city-medicare", [], False),
    ("commerce", "商贸旅游", None, None, False, None, [], False),
    ("commerce-consumer", "消费维权", "commerce", None, False, "city-market", [], False),
    ("commerce-tourism", "旅游服务", "commerce", None, False, "city-culture", [], False),
    ("health", "卫生计生", None, None, False, None, [], False),
    ("health-hospital", "医疗服务", "health", None, False, "city-health", [], False),
    ("gov", "政务服务", None, None, False, None, [], False),
    ("gov-info-disclosure", "政府信息公开", "gov", 20, False, "city-gov-service", [], False),
    ("utility", "水电气保障", None, None, True, None, [], False),
    ("utility-water", "停水及供水故障", "utility", None, True, "hs-water", [], False),
    ("utility-power", "停电及供电故障", "utility", None, True, "hs-power", [], False),
    ("utility-gas", "燃气泄漏及停气", "utility", None, True, "hs-gas", [], False),
]

DEMO_PASSWORD = "jiesu-demo-2025"

# username, role, unit code, display name
DEMO_USERS = [
    ("operator", "operator", "city-platform", "市平台话务员"),
    ("dispatcher", "platform_dispatcher", "city-platform", "市平台派单审核员"),
    ("county", "platform_dispatcher", "hsg-platform", "黄石港区平台派单审核员"),
    ("handler", "unit_handler", "city-housing", "市住建局承办人"),
    ("reviewer", "unit_reviewer", "city-housing", "市住建局科室负责人"),
    ("leader", "unit_leader", "city-housing", "市住建局分管负责同志"),
    ("street", "unit_handler", "hsg-st-1", "花湖街道承办人"),
    ("street_head", "unit_reviewer", "hsg-st-1", "花湖街道科室负责人"),
    ("water", "unit_handler", "hs-water", "市供水公司承办人"),
    ("supervisor", "supervisor", None, "市政府督查室督导"),
    ("qyfw", "platform_dispatcher", "city-qyfw", "企业综合服务中心兜底办专员"),
    ("citizen", "citizen", None, "市民张先生"),
]
