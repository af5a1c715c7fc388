"""Word lists shared by the rules: places, ethnic groups, job nouns, condition words.

Lists, not patterns: the rule modules turn them into regexes. Everything here is
matched against normalised text (see :mod:`jobhub.postings.text`), so ASCII is
lower case and full-width punctuation is already folded.
"""

from __future__ import annotations

from .text import alternation

# The 55 officially recognised minority nationalities (少数民族), plus 汉族.
ETHNIC_MINORITIES: tuple[str, ...] = (
    "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族",
    "傈僳族", "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族",
    "柯尔克孜族", "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族",
    "仡佬族", "锡伯族", "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族",
    "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族",
    "赫哲族", "门巴族", "珞巴族", "基诺族",
)  # fmt: skip
ETHNIC_COLLOQUIAL: tuple[str, ...] = ("维族", "回民", "藏民", "蒙族", "少数民族", "汉族", "汉人")
RELIGIOUS_GROUPS: tuple[str, ...] = (
    "穆斯林", "基督徒", "佛教徒", "天主教徒", "信教", "信教者", "信教人员", "教徒",
    "宗教人士", "有宗教信仰",
)  # fmt: skip

# Provinces and regions, by their short names as used in postings.
PROVINCES: tuple[str, ...] = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏",
    "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南",
    "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "内蒙", "广西",
    "西藏", "宁夏", "新疆", "香港", "澳门", "东北", "西北", "江浙", "两广",
)  # fmt: skip
# Large cities; an identity limit is as often "限深圳户口" as "限广东户口".
CITIES: tuple[str, ...] = (
    "广州", "深圳", "杭州", "南京", "武汉", "成都", "西安", "苏州", "郑州", "长沙",
    "沈阳", "青岛", "宁波", "东莞", "佛山", "合肥", "济南", "福州", "厦门", "昆明",
    "哈尔滨", "长春", "石家庄", "太原", "南昌", "南宁", "贵阳", "兰州", "乌鲁木齐",
    "拉萨", "呼和浩特", "银川", "西宁", "海口", "大连", "无锡", "温州", "常州", "徐州",
    "潍坊", "烟台", "泉州", "珠海", "中山", "惠州", "绍兴", "嘉兴", "金华", "台州",
)  # fmt: skip
# One-character province abbreviations, only ever used here before 籍 ("京籍").
PROVINCE_ABBREVIATIONS: tuple[str, ...] = (
    "京", "沪", "津", "渝", "冀", "晋", "辽", "苏", "浙", "皖", "闽", "赣", "鲁", "豫",
    "鄂", "湘", "粤", "琼", "川", "黔", "滇", "陕", "甘", "桂",
)  # fmt: skip
LOCAL_WORDS: tuple[str, ...] = ("本地", "本市", "本省", "本区", "本县", "本镇", "当地", "本地区")
OUTSIDE_WORDS: tuple[str, ...] = (
    "外地", "外省", "外来", "异地", "非本地", "非本市", "非本省", "非当地", "外市", "外区",
)  # fmt: skip
# Outside words that on their own, without 人/户口, already name applicants ("不招外地").
OUTSIDE_BARE_WORDS: tuple[str, ...] = ("外地", "外省", "非本地", "非本市", "非本省", "非当地")
STATUS_WORDS: tuple[str, ...] = ("农村", "农业", "城镇", "非农", "非农业", "城市")

# Job nouns that, with a sex prefix, name the post ("女服务员", "招男普工").
JOB_NOUNS: tuple[str, ...] = (
    "普工", "工人", "操作工", "文员", "前台", "服务员", "保安", "司机", "保洁", "保洁员",
    "客服", "助理", "销售", "主播", "模特", "护工", "护士", "护理员", "技工", "学徒",
    "搬运工", "会计", "出纳", "秘书", "店员", "导购", "收银员", "收银", "厨师", "帮厨",
    "洗碗工", "包装工", "装卸工", "员工", "职员", "跟单", "仓管", "质检", "质检员",
    "焊工", "电工", "叉车工", "保姆", "月嫂", "育婴师", "家政", "营业员", "业务员",
    "主管", "经理", "教师", "老师", "幼师", "翻译", "技术员", "工程师", "程序员",
    "设计师", "快递员", "配送员", "骑手", "话务员", "接待", "礼仪", "行政", "人事",
    "美容师", "按摩师", "理疗师", "发型师",
)  # fmt: skip
# With a recruiting verb "招女工" and "招男生" name the post too; in a title alone
# "女生宿舍管理员" does not, so these only count after a recruiting verb.
JOB_NOUNS_AFTER_VERB: tuple[str, ...] = JOB_NOUNS + ("工", "生", "子")

# Words that turn a group word into a condition on the applicant.
REQUIRE = "(?:仅限|只限|限定|限招|仅招|只招|只要|只收|只聘|仅聘|仅要|专招|必须是|必须为|必须|要求|需为|须为|需要|需|须|限)"
PREFER = "(?:者|人士|人员|员工|工人)?(?:优先|为主|最佳|更佳|最好|最优)"
EXCLUDE_AFTER = (
    "(?:者|人士|人员)?(?:勿扰|勿投|免投|免谈|不要|不招|不收|不考虑|不录用|除外|谢绝|慎投|"
    "请绕行|绕行|止步|勿应聘|不予考虑|不予录用|免进|莫扰|请勿投递|请勿应聘)"
)
EXCLUDE_BEFORE = "(?:不招|不要|不收|不考虑|不录用|不录取|谢绝|拒绝|拒招|不接受|排除)"

PROVINCE_RE = alternation(PROVINCES)
CITY_RE = alternation(CITIES)
LOCAL_RE = alternation(LOCAL_WORDS)
OUTSIDE_RE = alternation(OUTSIDE_WORDS)
OUTSIDE_BARE_RE = alternation(OUTSIDE_BARE_WORDS)
STATUS_RE = alternation(STATUS_WORDS)
ABBR_RE = alternation(PROVINCE_ABBREVIATIONS)
ETHNIC_RE = alternation(ETHNIC_MINORITIES + ETHNIC_COLLOQUIAL)
RELIGIOUS_RE = alternation(RELIGIOUS_GROUPS)
JOB_NOUN_RE = alternation(JOB_NOUNS)
JOB_NOUN_AFTER_VERB_RE = alternation(JOB_NOUNS_AFTER_VERB)
