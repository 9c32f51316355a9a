"""Chinese attribution phrasings: who the text says spoke (说, 表示, 指出, 介绍, 披露, 认为, 强调, 称, 透露),
and with what title.

``江苏省发展改革委副主任林康说:“…”``, ``深圳市市长覃伟中在政府工作报告中指出,``, ``据母久深介绍,``,
``“…”深圳市科技创新局党组书记、主任张林介绍,``, ``黄强指出,``, and transcript labels such as
``福建省委副书记 省长 赵龙:``. The speaker is the name without its title (王强, not 代省长王强): a
title ends in 长/主任/书记/巡视员/委员/院士/教授/发言人..., and a name is a surname and one or two
characters. A clause whose subject is no person (报告指出, 会议强调, 专家认为, 相关负责人表示) gives none.
Used by ``nqpf.extract.quotes``.
"""

from __future__ import annotations

import re

from nqpf.extract.quote_types import Person, Speech
from nqpf.extract.regions import regions_in

# Surnames are written out rather than taken from a segmenter's person tags (jieba, LTP): those are large
# dependencies whose dictionary loading and tagging would take much of the 100 documents/s budget, while a
# list of a few hundred surnames covers nearly every name an official or an expert has. COMMON are the
# surnames safe enough to accept a bare two-character name (黄强指出); the rest count only in a
# three-character name or after a title.
_COMMON_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖董袁潘蒋蔡杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆"
    "汪范廖贾夏韦付邹孟熊秦邱尹薛闫段雷侯史陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤温康施牛樊葛邢齐易乔伍庞颜倪庄聂"
    "章鲁岳翟殷詹欧耿焦俞柳祝舒阮柯纪梅童凌毕季裴霍涂苗谷盛曲翁冉骆蓝游辛靳柴蒙鲍喻祁蒲滕屈饶牟艾尤穆卓缪项"
    "习寿"
)
_SURNAMES = _COMMON_SURNAMES | set(
    "高田石方白金万文安江龙于余向常关包兰申左甘宁尚符单成华路管解房阳时司农古吉车简连芦麦褚娄窦戚岑景党宫费卜"
    "冷晏席卫米柏宗瞿桂佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝官封谈匡鞠惠荆冀"
    "郁胥班储栗燕楚鄢劳谌奚粟冼蔺厉伊仝郜阚权帅屠朴盖练廉禹井祖漆巴丰支卿狄计索宣晋初容敬扈晁芮阙浦戈伏鹿"
    "邸雍辜羊母裘亓修邰赫杭况逯茹亢嵇湛戎茅揭尉冶檀昝"
)
_COMPOUND_SURNAMES = {
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐",
    "端木", "西门", "南宫", "独孤", "轩辕", "申屠", "澹台", "呼延", "闻人", "太史", "钟离", "宗政", "濮阳", "淳于",
    "赫连", "拓跋", "百里", "东郭", "左丘", "谷梁", "段干",
}
# Characters that never stand in a given name: function words, and the heads of offices and places.
_NOT_IN_NAME = set("们的了是在和与及等将也都就还对从把被让使为以其这那该此各每某并而或但却再已曾要会能可应需个年"
                   "省市县区局厅部委办所院校司处员他她它我你您之即如若有无不没据称说示指介透来地")
_NOT_A_PERSON = {
    "报告", "文件", "会议", "全会", "公报", "方案", "规划", "意见", "通知", "专家", "记者", "新华社", "官方", "海关",
    "高层", "代表", "委员", "业内", "市场", "机构", "分析", "数据", "调查", "研究", "资料", "消息", "来源", "作者",
    "编辑", "主持人", "主持", "发言人", "提问", "摄影", "标题", "日期", "时间", "地址", "电话", "字号", "分享",
    "大家", "有人", "对方", "双方", "各方", "外界", "网友", "市民", "群众", "企业", "公司", "政府", "部门", "社会",
    "有关", "相关", "文章", "报道", "新闻", "本报", "通讯员", "明确", "同时", "此外", "另外", "其中", "总体", "整体",
    "目前", "当前", "近期", "未来", "今年", "去年", "明年", "全年", "业界", "学界", "舆论", "媒体", "外媒", "与会",
    "会上", "论坛", "峰会", "通报", "纲要", "决定", "条例", "办法", "规定", "声明", "公告", "讲话", "致辞", "批示",
    "指示", "严格", "责任编辑", "原标题", "关键词", "问", "答", "主持词", "图片", "视频", "人士", "分析人士",
    "业内人士",
}
# A title ends the phrase before a name: 市长, 副主任, 党组书记, 一级巡视员, 董事长, 院士, 新闻发言人 ...
_TITLE_END = re.compile(
    r"(?:长|主任|书记|员|院士|教授|主席|发言人|经理|董事|总裁|总监|负责人|创始人|理事|秘书|专家|学家|企业家|作家|"
    r"银行家|投资家|实业家|评论家|师|官|代表|执行官|主编|博士|顾问|参事|专员|主管|大使|总师|合伙人|CEO|高管|助理|"
    r"首席|主任委员|常委|干部|老师|医生|律师|学者|负责同志|总理|副总理)$"
)
_VERB = re.compile(r"说道|介绍说|解释说|补充说|分析说|表示|指出|介绍|披露|认为|强调|透露|谈到|提到|坦言|直言|告诉记者|"
                   r"答道|建议|呼吁|提出|回应|预计|表态|分析|解释|补充|宣布|说|称")
# 说 and 称 are also parts of words (说明, 称为, 称号), and 提出, 预计, 分析 head other clauses (提出的目标):
# only a following mark makes them verbs of speech;
# the others are no verb before a noun's suffix (情况介绍会, 表示了感谢).
_STRICT_VERBS = {"说", "称", "谈到", "提到", "建议", "呼吁", "提出", "回应", "预计", "表态", "分析", "解释", "补充",
                 "宣布"}
_AFTER_VERB = re.compile(r"[,，:：“\"「。！？；!?;]|$")
_NOT_AFTER_VERB = set("了的过着明法服赞为号作之呼谓会时中上下人者稿信词书")
_CLAUSE_BREAKS = set(",，。;；:：!?！？“”\"「」『』()（）")
_CLAUSE_REACH = 80  # characters a title and a name may take before the verb
# What opens a clause before its subject: 据, 对此, 同时, a date.
_LEADING = re.compile(
    r"(?:据|对此|同时|此外|另外|其中|而|但|并|且|随后|会上|会后|当天|当日|日前|近日|今天|昨天|昨日|会议由|由|经|"
    r"\d{1,2}月\d{1,2}日(?:上午|下午|晚间|晚)?|\d{4}年)+"
)
_ADVERBS = (r"(?:日前|近日|当天|当日|今天|昨天|此前|随后|也|还|则|又|更|亦|并|再次|进一步|同时|特别|明确|多次|反复|"
            r"一再|坦率地)")
_TRAILING_ADVERBS = re.compile(rf"{_ADVERBS}+$")
# Between the name and the verb: 在政府工作报告中, 在当日举行的情况介绍会上, 接受记者采访时, 向记者, 对此.
_CIRCUMSTANCE = re.compile(
    rf"{_ADVERBS}*(?:在|于|接受|对|向|就|谈及|回答|面对)[^在于,，。；;]{{0,40}}?"
    rf"(?:上|中|时|期间|之际|采访|提问|记者|媒体|此|后|里)?{_ADVERBS}*$"
)
_CIRCUMSTANCE_START = re.compile(r"在|于|接受|对|向|就|谈及|回答|面对")
_PRONOUNS = {"他", "她"}
# Right after a name met with its title but no verb: 省长黄强代表…, 代市长熊征宇, 省长王清宪作政府工作报告.
_AFTER_NAME = re.compile(r"代表|作|主持|出席|在|表示|说|指出|强调|介绍|称|认为|透露|披露|会见|调研|参加|率队|带领|"
                         r"一行|等|同志|[,，。、;；:：(（“”\s]|$")
_TITLE_ANYWHERE = re.compile(_TITLE_END.pattern.removesuffix("$"))
_TITLE_AFTER_NAME = re.compile(r"(?:总书记|主席|副主席|总理|副总理|委员长|部长|副部长|省长|副省长|市长|副市长|"
                               r"书记|主任|局长|厅长|董事长|院士|教授|委员|同志)$")
_REPORTED_REACH = 1000  # characters of a reported clause kept as the quote's words
_LABEL_ASIDE = re.compile(r"[(（](?P<role>[^()（）]{2,30})[)）]$")
_LABEL = re.compile(r"^(?P<label>[^:：,，。;；“”\"!?！？]{2,40}?)\s*[:：]\s*(?P<rest>.*)$", re.S)


def speeches(text: str) -> list[Speech]:
    """Every attribution in one sentence, in no particular order."""
    found: list[Speech] = []
    for m in _VERB.finditer(text):
        after = text[m.end():m.end() + 1]
        if m.group() in _STRICT_VERBS and not _AFTER_VERB.match(after):
            continue
        if after in _NOT_AFTER_VERB and after:
            continue
        clause_start = _clause_start(text, m.start())
        lead = _LEADING.match(text, clause_start)
        body_start = lead.end() if lead else clause_start
        who = _speaker(text[body_start:m.start()])
        if who is None:
            continue
        name, role = who
        end = m.end() + (1 if after in ":：" and after else 0)
        found.append(Speech(body_start, end, name, role, _reported(text[end:end + _REPORTED_REACH])))
    return found


def speaker_label(sentence: str) -> Speech | None:
    """A transcript speaker label opening a paragraph (福建省委副书记 省长 赵龙:), or None (记者:, 来源:)."""
    m = _LABEL.match(sentence)
    if m is None:
        return None
    label = m.group("label").strip()
    aside = _LABEL_ASIDE.search(label)  # 王志林(湖北省省长):
    if aside:
        label = label[:aside.start()].strip()
    tokens = [t for t in re.split(r"[\s、]+", label) if t]
    if not tokens or any("记者" in t for t in tokens):
        return None
    name: str
    role: str | None
    if len(tokens) > 1:
        name, role = tokens[-1], "、".join(tokens[:-1])
        if not (_name_shape(name) and _has_surname(name)):
            return None
    else:
        who = _speaker(tokens[0])
        if who is None:
            return None
        found, role = who
        if found is None:
            return None
        name = found
    if aside:
        role = aside.group("role").strip()
    return Speech(0, m.start("rest"), name, role or None, m.group("rest").strip() or None, label=True)


def people(text: str) -> list[Person]:
    """People named after their title in one sentence (湖南省省长毛伟明作工作报告), so that a later
    ``毛伟明称`` has its role."""
    out = []
    for m in _TITLE_ANYWHERE.finditer(text):
        p = m.end()
        for length in (3, 2, 4):
            name = text[p:p + length]
            if len(name) == length and _name_shape(name) and _has_surname(name) and \
                    _AFTER_NAME.match(text, p + length):
                role = _clean_role(text[_clause_start(text, m.start()):p])
                out.append(Person(name, role))
                break
    return out


def resolve(name: str, known: list[str]) -> str | None:
    """A Chinese speaker is named in full (赵龙), so the name stands for itself."""
    return name


def _clause_start(text: str, pos: int) -> int:
    """Just after the punctuation that opens the clause ending at ``pos`` (a 、 inside a title chain is none)."""
    floor = max(0, pos - _CLAUSE_REACH)
    for i in range(pos - 1, floor - 1, -1):
        if text[i] in _CLAUSE_BREAKS or text[i].isspace():
            return i + 1
    return floor


def _speaker(body: str) -> tuple[str | None, str | None] | None:
    """(name, role) of the clause before a verb of speech; (None, None) for 他/她; None for no person."""
    core = _TRAILING_ADVERBS.sub("", body)
    if core in _PRONOUNS:
        return None, None
    ends = [len(core)] + [m.start() for m in _CIRCUMSTANCE_START.finditer(core)
                          if _CIRCUMSTANCE.fullmatch(core, m.start()) and m.start() > 0]
    for end in ends:
        head = _TRAILING_ADVERBS.sub("", core[:end])
        if head in _PRONOUNS:
            return None, None
        found = _name_at_end(head) or _name_before_title(head)
        if found:
            return found
    return None


def _name_before_title(head: str) -> tuple[str, str | None] | None:
    """A name followed by its title, as in 习近平总书记强调 or 王强省长表示."""
    m = _TITLE_AFTER_NAME.search(head)
    if m is None or m.start() == 0:
        return None
    name = head[:m.start()]
    lead = _LEADING.match(name)
    name = name[lead.end():] if lead else name
    if _name_shape(name) and _bare_name(name, common_only=False):
        return name, m.group()
    return None


def _name_at_end(head: str) -> tuple[str, str | None] | None:
    """The name that ends ``head``, after a title or alone: 江苏省统计局副局长马俊 -> (马俊, 江苏省统计局副局长)."""
    titled = []
    for length in (3, 2, 4):
        if len(head) < length:
            continue
        name, prefix = head[-length:], head[:-length]
        if not _name_shape(name):
            continue
        if prefix:
            if _TITLE_END.search(prefix) and (length < 4 or name[:2] in _COMPOUND_SURNAMES):
                titled.append((name, _clean_role(prefix)))
        elif _bare_name(name):
            return name, None
    # 董事长雷军: both 董事 and 董事长 end a title; the split whose name starts with a surname wins
    return next((t for t in titled if _has_surname(t[0])), titled[0] if titled else None)


def _name_shape(name: str) -> bool:
    if not 2 <= len(name) <= 4 or name in _NOT_A_PERSON:
        return False
    if not all("\u4e00" <= ch <= "\u9fff" for ch in name):
        return False
    given = name[2:] if name[:2] in _COMPOUND_SURNAMES else name[1:]
    return bool(given) and not any(ch in _NOT_IN_NAME for ch in given) and name[0] not in _NOT_IN_NAME


def _has_surname(name: str) -> bool:
    if len(name) == 4:
        return name[:2] in _COMPOUND_SURNAMES
    return name[0] in _SURNAMES or name[:2] in _COMPOUND_SURNAMES


def _bare_name(name: str, common_only: bool = True) -> bool:
    """A name with no title before it (黄强指出, 毛伟明称): a known surname, and no place (江苏表示)."""
    if common_only and len(name) == 2 and name[0] not in _COMMON_SURNAMES:
        return False
    return _has_surname(name) and not regions_in(name)


def _clean_role(prefix: str) -> str | None:
    lead = _LEADING.match(prefix)
    role = prefix[lead.end():] if lead else prefix
    return role.strip() or None


def _reported(tail: str) -> str | None:
    """The reported clause after the verb (毛伟明称,2025年湖南将…), unless a quotation follows."""
    tail = tail.lstrip(",，:： ")
    if not tail or tail[0] in "“\"「":
        return None
    return tail.rstrip()
