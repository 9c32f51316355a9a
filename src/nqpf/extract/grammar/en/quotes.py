"""English attribution phrasings: who the text says spoke, and with what title.

"said Wu Jiang, general manager of ...", "Lin Mei, director of ..., said", "Hubei Governor Wang Lin
said", "said its mayor Ma Honghai", "according to Zhao Xiaohui, ...", "he added", and a transcript's
speaker label ("Wang Zhonglin:" on its own line, or "Shou Xiaoli: Thank you." opening a paragraph).
Used by ``nqpf.extract.quotes``, which resolves short names and pronouns across sentences.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nqpf.extract import gazetteer
from nqpf.extract.quote_types import Person, Speech

_SPEECH = (
    r"(?:said|says|say|told|tells|added|adds|noted|notes|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|"
    r"pointed out|highlighted|stated|explained|predicted|believes|believed|warned|urged|remarked|wrote|"
    r"expressed|argued|observed|suggested|insisted|acknowledged|commented|announced|underlined|"
    r"underscored|reiterated|called for|asserted|maintained|according to|introduced|revealed|disclosed|"
    r"outlined|elaborated|briefed|replied|responded|(?:was|were) quoted as saying|put it)"
)
_NAME = r"(?<![\w'’])(?P<name>[A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+|[A-Z]\.))*(?: (?:Jr|Sr)\.?)?)"
_NAME_RE = re.compile(_NAME)
_TOKEN_NAME = re.compile(r"^[A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+|[A-Z]\.))*(?: (?:Jr|Sr)\.?)?$")
# Lower-case title words that may stand between "said" and a name ("said its mayor Ma Honghai").
_ROLE_WORDS = (
    "mayor", "governor", "vice-governor", "vice-mayor", "director", "director-general", "chairman", "chairwoman",
    "chair", "secretary", "minister", "vice", "deputy", "executive", "chief", "head", "president", "vice-president",
    "spokesperson", "spokesman", "spokeswoman", "party", "general", "manager", "economist", "analyst", "professor",
    "researcher", "official", "officer", "ceo", "founder", "dean", "premier", "commissioner", "ambassador",
    "lawmaker", "legislator", "senior", "former", "associate", "assistant", "engineer", "scientist", "expert",
    "adviser", "advisor", "councilor", "councillor", "leader", "editor", "fellow", "city", "provincial",
    "municipal", "county", "district", "regional", "local", "research", "co-director", "co-founder",
)
_ROLE_WORD = "|".join(sorted(_ROLE_WORDS, key=len, reverse=True))
# What may follow the name of a speaker after "said": punctuation, or a phrase of time or place. A verb
# ("local officials said Hainan is mobilizing ...") makes the name the subject of the reported clause.
_AFTER_SPEAKER = (r"(?=\s*(?:[,.;:!?)\"”’]|$)|\s+(?:in|at|on|during|from|of|to|when|while|who|after|before|last|"
                  r"this|earlier|recently|yesterday|today|and|with|as)\b)")
# "... ," said Wu Jiang, general manager of ... / said its mayor Ma Honghai / according to Zhao Xiaohui
_SAID_NAME = re.compile(
    rf"\b(?:said|says|added|noted|explained|stressed|wrote|asked|continued|(?i:according to))\s+"
    rf"(?P<lead>(?:(?:its|the|their|his|her|our)\s+)?(?:(?:[A-Z][\w&'’.-]*|{_ROLE_WORD})\s+(?:(?:of|and|for)\s+)?){{0,8}}?"
    rf"(?:{_ROLE_WORD})\s+)?{_NAME}{_AFTER_SPEAKER}"
)
# Wei Jianguo, former vice-minister of commerce, said: / Party chief Huang Kunming said at ...
_NAME_SAID = re.compile(
    rf"{_NAME}(?P<appos>(?:,\s+(?:who\s+)?[^,;\"“”]{{2,160}}){{0,3}},|\s+(?:of|at|from|with)\s+(?:the\s+)?"
    rf"[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|and|for|the))*)?\s+(?:also\s+|further\s+|then\s+|once\s+)?"
    rf"(?:has\s+|had\s+)?{_SPEECH}\b"
)
# Any verb of the patterns above: most sentences have none, and skip the costlier patterns.
_CUE = re.compile(rf"\b(?:{_SPEECH}|asked|continued|According to)\b")
_PRONOUN_SAID = re.compile(rf"(?:^|[,“\"]\s*|\.\s+)(?P<pron>he|she|He|She)\s+(?:also\s+|further\s+)?{_SPEECH}\b")
# A transcript speaker label: "Wang Zhonglin:", "Mr. Chen Wenjun (moderator): Good afternoon."
_LABEL = re.compile(
    r"^(?:(?:Mr|Ms|Mrs|Dr|Prof)\.?\s+)?(?P<name>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,3})\s*"
    r"(?:\((?P<role>[^()]{2,80})\))?\s*[:：]\s*(?P<rest>.*)$", re.S
)

# Not people: words that make a capitalised run an organisation, a place, a title or a sentence opener.
_NOT_PERSON = set("""
Province City Government University Party Committee Group Co Ltd Securities Agency Bureau Ministry Daily Times
News Report Plan Conference Center Centre Institute School Council Congress Bank Commission Association
Federation Chinese China The Company Corporation Inc Club Xinhua Global State National Central People Office
Department Administration Court Industry Industries Technology Technologies Motors Holdings Consultancy
Statistics Financial Economic Economics Research Media Press Post Reuters Bloomberg Analysts Experts Officials
Insiders Sources Data Meanwhile However According This That These Those It They We I In On At As But And Also
Some Many Others Such If When While
Robotics Automotive Auto Energy Electric Power Pharmaceutical Pharmaceuticals Semiconductor Electronics
Airlines Aviation Aerospace Capital Partners Fund Exchange Port Zone District County Area Free Trade Academy
Laboratory Lab Hospital Network Radio Television TV Herald Journal Review Magazine Weekly Gazette Tribune
Observer Channel Broadcasting Online Service Services Systems Solutions Logistics Materials Chemical Chemicals
Steel Mining Railway Railways Airport Station Forum Summit Expo Session Sessions Assembly Parliament Union
Republic Kingdom States Investment Development Construction Engineering Manufacturing Innovation Science
Sciences Digital Intelligent Intelligence Artificial Computing Cloud Software Internet Telecom Communications
Insurance Finance Properties Resources Natural Commerce Affairs Security Public Foreign International Pacific
European American Belt Road Delta Valley Initiative Program Programme Project Photo Source Date Editor Reporter
Moderator Host Question Answer Note Speaker Speakers Title Tel Email Phone Fax Address Keywords Summary Updated
Print Share Home Page Recently Currently Previously Earlier Later Today Yesterday Now Moreover Furthermore
Additionally Notably Overall Separately Similarly Specifically Besides Still Then Thus Therefore Finally First
Second Third Last Next Here There Since After Before During Under With For From By Speaking Asked Addressing
Jazeera Kyodo Yonhap Caixin Yicai Sina Sohu Tencent Weibo WeChat Douyin Net Evening Morning Bao Ribao Wanbao
Zaobao Shibao Pao Po Asia Africa Europe Motor Cars Airways Mobile Unicom Petroleum Petrochemical Grid Nuclear
Solar Battery Tech Biotech Medical Healthcare Foods Shipping Shipbuilding Heavy Machinery Equipment Optical Optics
Photonics Ventures Consulting Labs Express Futures Trust Asset Assets Wealth Management Sachs Suisse Lynch
Lithium Automobile Corp Memory Metals Minerals Cement Glass Silicon Chip Chips Robot Robots Drone Drones Aircraft
Rail Transit Pharma Biologics Genomics Therapeutics Vaccines Appliances Devices Display Networks Micro
Microelectronics Precision Industrial Infrastructure Agricultural Seeds Dairy Beverage Textiles Apparel Retail Mart
Stores Realty Hotels Harbour Harbor Shipyard Oil Gas Coal Iron Aluminum Aluminium Copper Ratings Chartered Fargo
""".split())
# Firms whose names have a person's shape and no trade word.
_FIRMS = {"Morgan Stanley", "Goldman Sachs", "Wells Fargo", "Standard Chartered", "Lehman Brothers"}
_TITLE_WORDS = {
    "President", "Premier", "Vice", "Chairman", "Chairwoman", "Governor", "Mayor", "Minister", "Secretary",
    "Dr", "Professor", "Prof", "Mr", "Mrs", "Ms", "Chief", "General", "Director", "Dean", "Executive",
    "Deputy", "Former", "Senior", "Economist", "Analyst", "Spokesperson", "Spokesman", "Spokeswoman", "CEO",
    "Chinese", "Party", "Ambassador", "Commissioner", "Head", "Lawmaker", "Legislator", "Founder",
    "Vice-Governor", "Vice-Mayor", "Vice-Premier", "Vice-President", "Director-General", "Councilor",
}
_LEAD_TITLE_WORDS = set(_ROLE_WORDS) | {w.lower() for w in _TITLE_WORDS}
_DETERMINER = re.compile(r"^(?:its|the|their|his|her|our)\s+")
# Words that open a sentence or a phrase, never part of an organisation's name before a title.
_OPENERS = set("""
Meanwhile However According This That These Those It They We I In On At As But And Also Some Many Others Such If
When While Recently Currently Previously Earlier Later Today Yesterday Now Moreover Furthermore Additionally
Notably Overall Separately Similarly Specifically Besides Still Then Thus Therefore Finally Since After Before
During Under With For From By Speaking Asked Addressing
""".split())
_CONNECTORS = {"of", "and", "for", "the", "&", "on"}
# Pinyin: a label opening a paragraph ("Shou Xiaoli: Thank you.") is a speaker only with a Chinese
# name's shape, since "Key points: ..." has the same form.
_PINYIN_SURNAMES = set("""
Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng Liang Xie Song Tang
Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye Cheng Wei Su Lyu Lu Ding Ren Shen Yao
Cui Zhong Tan Fan Wan Shi Jin Liao Jia Xia Fu Fang Zou Xiong Bai Meng Qin Qiu Hou Yin Xue Yan Duan Lei Long
Tao Mao Hao Gu Gong Shao Wen Qian Kong Xiang Chang Yi Niu Ni Qi Ge Mo Ou Lai Shou Si Ran Huo Kang Zhan Ouyang
Sima Zhuge Situ Shangguan Dai Geng Ji Kou Ai Bao Zuo Zhai Yue Nie Tong Ning Ling Bi Mu Rao Qu Weng Lan Man
""".split())
_PINYIN_SYLLABLE = (r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|"
                    r"ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|er|a|o|e|i|u|v)")
_PINYIN_GIVEN = re.compile(rf"(?:{_PINYIN_SYLLABLE}){{1,2}}(?:-?(?:{_PINYIN_SYLLABLE}))?")
# "Wang Zhonglin, governor of Hubei province, ...": a title after a name met outside an attribution.
_APPOSITION_ROLE = re.compile(rf",\s+(?P<role>(?:the\s+|a\s+|an\s+)?(?:{_ROLE_WORD})\b[^,;()\"“”]{{0,120}})")
_ROLE_REACH = 240  # characters a title may take before or after a name; keeps a giant sentence linear
_ABBREVIATION_END = re.compile(r"\b(?:Co|Ltd|Inc|Corp|Jr|Sr|St|No|Dr|U\.S|U\.K)$")


def speeches(text: str) -> list[Speech]:
    """Every attribution in one sentence, in no particular order."""
    found: list[Speech] = []
    if not _CUE.search(text):
        return found
    for m in _SAID_NAME.finditer(text):
        name, title = _split_title(m.group("name"))
        if not name:
            continue
        role = title
        lead = _DETERMINER.sub("", m.group("lead") or "").strip()
        if lead:
            role = f"{lead} {title}" if title else lead
        tail_role = _role_after(text[m.end():m.end() + _ROLE_REACH])
        found.append(Speech(m.start("name"), m.end(), name, tail_role or role))
    found += _names_before_verb(text)
    for m in _PRONOUN_SAID.finditer(text):
        found.append(Speech(m.start("pron"), m.end(), None))
    return found


def _names_before_verb(text: str) -> list[Speech]:
    """"Lin Mei, director of ..., said": a run that is no name ("Recently, Lin Mei, ...") does not hide
    the name after it, so the search resumes at the run's next word."""
    found: list[Speech] = []
    pos = 0
    while (m := _NAME_SAID.search(text, pos)) is not None:
        name, title = _split_title(m.group("name"))
        if not _plausible(name):
            pos = m.start("name") + len(m.group("name").split()[0])
            continue
        pos = m.end()
        role = title
        appos = m.group("appos")
        if appos:
            role = appos.strip(" ,").removeprefix("who is ").removeprefix("who ").strip() or role
        elif role is None:
            role = _lead_role(text[max(0, m.start("name") - _ROLE_REACH):m.start("name")])
        found.append(Speech(m.start("name"), m.end(), name, role))
    return found


def speaker_label(sentence: str) -> Speech | None:
    """A transcript speaker label opening a paragraph, or None ("Xinhua News Agency:" is no person)."""
    m = _LABEL.match(sentence)
    if m is None:
        return None
    words = m.group("name").replace("-", " ").split()
    if len(words) < 2 or any(w in _NOT_PERSON or w in _TITLE_WORDS for w in words):
        return None
    if gazetteer.lookup(words[0]) or gazetteer.lookup(m.group("name")):
        return None
    rest = m.group("rest").strip()
    if rest and not _pinyin_name(m.group("name")):
        return None
    role = (m.group("role") or "").strip() or None
    return Speech(0, m.start("rest"), m.group("name"), role, rest or None, label=True)


def people(text: str) -> list[Person]:
    """Full names of people in one sentence, for the short forms ("Pan said") of later sentences and
    the roles of transcript labels ("Speakers: Wang Zhonglin, governor of Hubei province")."""
    out = []
    for m in _NAME_RE.finditer(text):
        name, title = _split_title(m.group("name"))
        if name and " " in name and _looks_like_person(name):
            appos = _APPOSITION_ROLE.match(text, m.end())
            out.append(Person(name, appos.group("role").strip().rstrip(".") if appos else title))
    return out


def resolve(name: str, known: list[str]) -> str | None:
    """A full name stands for itself; a short form ("Pan", "Xi") is the latest full name containing it."""
    if " " in name:
        return name if _looks_like_person(name) else None
    for full in reversed(known):
        if name in full.split():
            return full
    return None


@lru_cache(maxsize=4096)
def _split_title(run: str) -> tuple[str | None, str | None]:
    """'Chinese Premier Li Qiang' -> ('Li Qiang', 'Chinese Premier'); 'Hubei Governor Wang Lin' ->
    ('Wang Lin', 'Hubei Governor'); (None, None) if the run names no person."""
    words = run.split()
    last_title = max((i for i, w in enumerate(words) if _is_title(w)), default=-1)
    title, words = words[:last_title + 1], words[last_title + 1:]
    if not words or any(w.rstrip(".") in _NOT_PERSON for w in words):
        return None, None
    return " ".join(words), " ".join(title) or None


def _is_title(word: str) -> bool:
    word = word.rstrip(".")
    return word in _TITLE_WORDS or any(part in _TITLE_WORDS for part in word.split("-"))


def _plausible(name: str | None) -> bool:
    """A name worth resolving: not a sentence adverb that a comma follows ("Recently, ...")."""
    return name is not None and name != "" and not (" " not in name and name.endswith("ly"))


@lru_cache(maxsize=4096)
def _looks_like_person(name: str) -> bool:
    if not _TOKEN_NAME.match(name) or name in _FIRMS or gazetteer.lookup(name):
        return False
    return not gazetteer.lookup(name.split()[0])  # "Hainan Free Trade Port" is a place's name


def _pinyin_name(name: str) -> bool:
    words = name.split()
    if len(words) not in (2, 3) or words[0] not in _PINYIN_SURNAMES:
        return False
    return all(_PINYIN_GIVEN.fullmatch(w.lower()) for w in words[1:])


def _lead_role(lead: str) -> str | None:
    """The title written before a name: 'city mayor', 'National Bureau of Statistics spokesperson'."""
    words = lead.split()
    i = len(words)
    while i > 0 and words[i - 1].lower().removesuffix("'s").removesuffix("’s") in _LEAD_TITLE_WORDS:
        i -= 1
    if i == len(words):
        return None
    # the organisation or place the title belongs to: capitalised words and the small words inside names
    j = i
    while j > 0 and not words[j - 1].endswith((",", ";", ":", ".")) and words[j - 1] not in _OPENERS and \
            (words[j - 1][:1].isupper() or words[j - 1] in _CONNECTORS):
        j -= 1
    while j < i and words[j] in _CONNECTORS:
        j += 1
    return " ".join(words[j:])


def _role_after(tail: str) -> str | None:
    """The apposition after a speaker ("..., said Huo Gaoyuan, chairman of Shandong Port Group Co., Ltd.")
    up to the comma or full stop that ends it, not one inside "Co., Ltd."."""
    m = re.match(r",\s+", tail)
    if m is None:
        return None
    start = m.end()
    for stop in re.finditer(r"[,.;\"“”]|$", tail[start:]):
        piece = tail[start:start + stop.start()]
        if stop.group() in (",", ".") and _ABBREVIATION_END.search(piece):
            continue
        if stop.group() == "," and re.match(r"\s*(?:Ltd|Inc|Co)\b", tail[start + stop.end():]):
            continue
        piece = piece.strip()
        if not stop.group():  # the sentence's own full stop after "Co Ltd." ends the title, too
            piece = piece.rstrip(".")
        return piece if len(piece) >= 2 else None
    return None
