"""English words that decide whose a fact is: anaphors, comparison frames, government actors.

Used by ``nqpf.extract.attribution``, which holds the one model of ownership for every fact kind.
"""

from __future__ import annotations

import re

# "the province", "the coastal province", "this inland province", "the city", "the municipality"
_ANAPHOR = re.compile(
    r"(?i:\b(?:the|this|that)\s+(?:(?:[a-z]+-)?[a-z]+\s+){0,2}?(?P<noun>province|provincial government|"
    r"city|municipality|municipal government|autonomous region|region|capital)\b(?!'s\s+(?:capital|cities)))"
)
_MODIFIERS = {
    "coastal", "inland", "eastern", "western", "northern", "southern", "central", "northeastern", "northwestern",
    "southeastern", "southwestern", "manufacturing", "economic", "populous", "landlocked", "border", "southernmost",
    "northernmost", "industrial", "major", "tech", "capital", "provincial", "island", "port", "whole", "entire",
    "same", "host", "eastern chinese", "tech-savvy", "mountainous", "agricultural", "frontier", "megacity",
}
# Sentence-initial pronouns that continue the previous actor.
_PRONOUN_ACTOR = re.compile(
    r"^(?:(?:Meanwhile|Also|In addition|Moreover|Besides|Furthermore|Similarly|Additionally|Next|Besides that),?\s+)?"
    r"(?:It|Its|They|The city|The province|The municipality|The region|The autonomous region|The provincial government|"
    r"The municipal government|The (?:local )?government|The capital|"
    # a plan document speaks for the government the text is about: "The guideline names six directions"
    r"The (?:\w+ )?(?:guidelines?|plans?|document|blueprint|policy|roadmap|programme|program|strategy|circular))\b"
)
# First person in a transcript or a work report: the speaker's region.
_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Oo]ur (?:province|city|region|municipality|country)|us)\b")
_OUR_COUNTRY = re.compile(r"(?i:\bour country\b)")
_GOVERNMENT_OF = re.compile(
    r"(?i:\b(?:authorities|government|officials|leaders|administration|people's government|party committee)"
    r"\s+(?:in|of)\s+(?:the\s+)?$)"
)
_CENTRAL_ACTOR = re.compile(
    r"(?i:\b(?:the (?:Chinese|central|national) government|the State Council|Beijing's leadership|"
    r"the (?:Chinese )?leadership|President Xi|Xi Jinping|the ministry|ministries|MIIT|NDRC|"
    r"the Communist Party|the National Development and Reform Commission|the central authorities)\b)"
)
# A central meeting or document named as a source is not the actor of what a region then does.
_CENTRAL_REFERENCE = re.compile(
    r"(?i:\b(?:in line with|following|according to|as (?:required|proposed|called for) (?:by|at)|"
    r"implement(?:ing)? the (?:decisions|guidelines) of|spirit of)\s+(?:the\s+)?$)"
)
_CENTRAL_AGENT = re.compile(r"(?i:\bby (?:the )?(?:Chinese|central) government\b)")
# "outpacing the national growth rate", "90 national-level platforms", "second nationwide",
# "first in China", "China's largest provincial economy", "of the country's total"
_CN_ADJECTIVE_AFTER = re.compile(
    r"^(?:-?\s*(?:level|and|or|/)(?![a-z])|\s+(?:average|level|key|pilot|demonstration|high-tech|innovation|strategic|"
    r"model|major|leading|champion|list|ranking|benchmark|standard|top|first|pioneering|-level|"
    r"growth rate|rate|figure|total|record|laboratories|laboratory|labs?|engineering|technological|manufacturing "
    r"single|specialized|enterprise technology|intellectual|new-type|advanced manufacturing cluster|"
    r"\w+-level)\b)", re.I
)
_FRAME_BEFORE = re.compile(
    r"(?i:\b(?:than|outpac\w+|surpass\w*|exceed\w*|above|below|higher than|lower than|ahead of|faster than|"
    r"slower than|compared with|compared to|versus)\s+(?:both\s+)?(?:the\s+)?$|"
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)|top|largest|biggest|"
    r"highest|leading|place|places|spot|rank\w*|among)\s+(?:(?:place|places|spot|spots|position|positions|provinces|"
    r"cities|regions|economies|\d+|ten|five|three)\s+){0,2}(?:in|across|among|of)\s+(?:the\s+)?$)"
)
_FRAME_AFTER_POSSESSIVE = re.compile(
    r"^(?:'s|’s)\s+(?:(?:first|largest|biggest|second|third|leading|top|only|"
    r"highest|fastest|strongest|richest|most|\w+most)\b)", re.I
)
_SHARE_OF_BEFORE = re.compile(r"(?i:\b(?:of|in)\s+(?:the\s+)?$)")
_WEAK_CN_WORDS = {"national", "nationwide", "nationally", "countrywide", "the country", "The country",
                  "the nation", "The nation"}


def anaphor_level(clause: str) -> tuple[str, int] | None:
    """('province' | 'city', position) of the first definite description of a region in ``clause``."""
    for m in _ANAPHOR.finditer(clause):
        between = clause[m.start():m.start("noun")].split()[1:]
        if any(w.lower() not in _MODIFIERS and w.lower() not in ("the", "this", "that") and not w.endswith("-")
               for w in between):
            continue  # "the Hefei city government" names its region; "the three provinces" is no anaphor
        noun = m.group("noun").lower()
        if noun == "capital":
            continue
        if noun.startswith("provinc") or noun in ("autonomous region", "region"):
            return "province", m.start()
        return "city", m.start()
    return None


def pronoun_continues_actor(clause: str) -> bool:
    """'It will ...', 'The city also plans ...': the previous actor goes on."""
    return bool(_PRONOUN_ACTOR.match(clause))


_BARE_PRONOUN = re.compile(r"^(?:(?:Meanwhile|Also|In addition|Moreover|Besides|Furthermore|Similarly|Additionally|"
                           r"Next|Besides that),?\s+)?(?:It|They)\b")


def bare_pronoun(clause: str) -> bool:
    """'It ...', 'They ...': a pronoun that may stand for a company as well as a government."""
    return bool(_BARE_PRONOUN.match(clause))


def first_person(clause: str) -> bool:
    """'We will ...', 'our province': a speaker talking for their region."""
    return bool(_FIRST_PERSON.search(clause)) and not _OUR_COUNTRY.search(clause)


def our_country(clause: str) -> bool:
    return bool(_OUR_COUNTRY.search(clause))


def governed_place(before: str) -> bool:
    """'authorities in Shenzhen', 'the government of Hubei': the place is the government."""
    return bool(_GOVERNMENT_OF.search(before))


def central_actor(text: str) -> bool:
    """The central government named as the subject or agent."""
    return bool(_CENTRAL_ACTOR.search(text))


def central_reference(before: str) -> bool:
    """'following the Central Economic Work Conference': a source, not an actor."""
    return bool(_CENTRAL_REFERENCE.search(before))


def central_agent(clause: str) -> bool:
    return bool(_CENTRAL_AGENT.search(clause))


def is_weak_china(word: str) -> bool:
    """'national', 'nationwide', 'the country': China only when nothing else owns the clause."""
    return word in _WEAK_CN_WORDS


def is_comparison_frame(word: str, before: str, after: str) -> bool:
    """A region named as a frame ('the national average', 'first in China', 'China's largest
    provincial economy', 'of the country's total') or as an adjective ('national-level'): never
    the owner of a clause's fact."""
    if word.lower() in ("national", "nationwide", "nationally", "countrywide") and _CN_ADJECTIVE_AFTER.match(after):
        return True
    if word.lower() in ("nationwide", "nationally") and re.search(r"(?i:\b(?:first|second|third|\w+th|top|"
                                                                   r"rank\w*|place|lead\w*)\s+$)", before):
        return True
    if _FRAME_BEFORE.search(before):
        return True
    return bool(_FRAME_AFTER_POSSESSIVE.match(after)) and word in ("China", "the country", "the nation")


_NATIONAL_SOURCE = re.compile(
    r"\b(?:National Bureau of Statistics|NBS|State Council|Ministry of [A-Z]\w+|National Development and Reform "
    r"Commission|China Association of \w+|National [A-Z]\w+ (?:Administration|Commission|Bureau))\b"
)


def national_source(clause: str) -> bool:
    """'According to the National Bureau of Statistics, ...': a national body's statistic."""
    return bool(_NATIONAL_SOURCE.search(clause))


def spread_nationwide(word: str) -> bool:
    """'10 supercomputing centres nationwide': the country's count, where 'national' would be an adjective."""
    return word.lower() in ("nationwide", "nationally", "countrywide")


_SUBJECT_VERB_AFTER = re.compile(
    r"^(?:'s (?:government|authorities))?(?:,\s[^,;]{1,60},)?,?\s+(?:both\s+|all\s+)?"
    r"(?:also\s+|has\s+also\s+|is\s+also\s+)?(?:aims?|plans?|will|must|should|"
    r"seeks?|intends?|vows?|vowed|pledged|pledges|targets?|is (?:set|planning|striving|seeking|aiming|committed)|"
    r"has (?:set|pledged|vowed|unveiled|released|rolled out|proposed|introduced|issued|launched|announced)|"
    r"unveiled|released|rolled out|proposed|introduced|issued|announced|(?:is|are) (?:gearing up|pushing|focusing|"
    r"prioriti[sz]ing|stepping up|doubling down|betting|racing|moving|working|accelerating|building|developing|"
    r"charting|nurturing|fostering|cultivating|promoting|expanding|boosting))\b"
)
_APPOSITION_OF = re.compile(r"(?i:\b(?:province|city|municipality|region|capital|metropolis)\s+of\s+$)")


def apposition_of(before: str) -> bool:
    """'The North China province of Shanxi is ...': the region named after 'province of' is the subject."""
    return bool(_APPOSITION_OF.search(before))


def subject_before_verb(after: str) -> bool:
    """'..., Shanghai must proactively ...', 'Hangzhou aims to ...': the region is the clause's subject
    even when a fronted phrase holds the first trigger word."""
    return bool(_SUBJECT_VERB_AFTER.match(after))


_CENTRAL_SPEAKER = re.compile(r"\b(?:Premier|President|Vice Premier|Vice President|State Councilor)\s+[A-Z][a-z]+")
_REGIONAL_SPEAKER = re.compile(r"\b(?:[Gg]overnor|[Mm]ayor|[Pp]arty (?:[Ss]ecretary|[Cc]hief))\b")
_GROUP_OF_REGIONS = re.compile(
    r"(?i:\b(?:provinces|cities|municipalities|regions|localities|places)(?:\s+(?:or|and)\s+\w+)?,?\s+"
    r"(?:including|such as|like|namely)\s+$|"
    # "a southwestern economic circle that covers Sichuan and Chongqing is prioritizing ..."
    r"\b(?:circle|belt|cluster|corridor|region|area|zone|bay area|delta)\s+(?:that\s+(?:covers|spans|includes)|"
    r"covering|spanning|comprising)\s+$)"
)


def central_speaker(sentence: str) -> bool:
    """'delivered by Premier Li Qiang': the words that follow in the first person are the centre's."""
    return bool(_CENTRAL_SPEAKER.search(sentence))


def regional_speaker(sentence: str) -> bool:
    """'Governor Wang Lin said', 'the mayor of Hefei': a regional leader speaking."""
    return bool(_REGIONAL_SPEAKER.search(sentence))


_RELATIVE_WHERE_BEFORE = re.compile(r"(?:,|\()\s*where\s+$")


_WHERE_CLAUSE_BEFORE = re.compile(r"\bwhere\s+(?:(?:[A-Z][a-z]+|and|,)\s*){0,6}$")
_DOCUMENT_SUBJECT = re.compile(r"^(?:The|Its) (?:\w+ )?(?:guidelines?|plans?|document|blueprint|policy|roadmap|"
                               r"programme|program|strategy|circular|report)\b")


_PROVINCES_AFTER = re.compile(r"(?i:\s+(?:of the country's\s+|of China's\s+)?(?:provinces|provincial-level (?:regions|"
                              r"divisions)|provinces and (?:municipalities|regions))\b)")


def counts_provinces(after: str) -> bool:
    """'six provinces', '20 provincial-level regions': a count of the country's provinces."""
    return bool(_PROVINCES_AFTER.match(after))


def describes_setting(before: str) -> bool:
    """'two fields where Zhuzhou and Changsha already lead': regions in a 'where' clause."""
    return bool(_WHERE_CLAUSE_BEFORE.search(before))


def document_subject(clause: str) -> bool:
    """'The plan sets a goal ...', 'Its work report pledges ...': a document speaks."""
    return bool(_DOCUMENT_SUBJECT.match(clause))


def relative_clause_subject(before: str) -> bool:
    """'In the NEV field, where China holds an edge, ...': the subject of a relative clause describes
    the setting; it is not the sentence's actor."""
    return bool(_RELATIVE_WHERE_BEFORE.search(before))


_COORDINATOR = re.compile(r"^(?:,\s+|\s+and\s+|,\s+and\s+|\s+&\s+)$")
_OWNER_REACH = re.compile(r"^(?:'s|’s)?\s+(?:[a-z-]+\s+){0,6}?(?:of|at|by|with|to)?\s*(?:about\s+|around\s+)?$")


def coordinated(between: str) -> bool:
    """'Guangzhou and Shanghai', 'Beijing, Tianjin': region names listed as one subject."""
    return bool(_COORDINATOR.match(between))


_LOCATES = re.compile(r"^\s+in\s+(?:(?:(?:East|West|North|South|Central|Northeast|Northwest|Southeast|Southwest)\s+)?"
                      r"China's\s+)?$")


def locates(between: str) -> bool:
    """' in Central China's ' between a city and its province: the province places the city, and the
    two are one item of a list ("Changsha in Central China's Hunan Province and Dalian in ...")."""
    return bool(_LOCATES.match(between))


_ONE_CLAUSE = re.compile(r"^[^,;:()]*$")
_CONTRAST = re.compile(r"\b(?:while|whereas|but)\b")


def owner_reaches(between: str, *, subject: bool = False) -> bool:
    """Whether the words from the last listed region to a number keep the list its owner ("set by
    Guangzhou and Shanghai of 5 per cent"): a few lower-case words, no other clause; for a list that
    opens the sentence, its subject, any words of the same clause ("Changsha and Dalian have set their
    GDP growth targets for 2025 at 5.5 percent")."""
    if subject and _ONE_CLAUSE.match(between) and not _CONTRAST.search(between):
        return True
    return bool(_OWNER_REACH.match(between))


_VENUE_BEFORE = re.compile(r"(?i:\b(?:held|opened|convened|closed|took place|was hosted|were held)\s+in\s+$)")


def venue(before: str, after: str) -> bool:
    """'the session opened in Nanchang': the place a meeting sat, not what the text is about."""
    return bool(_VENUE_BEFORE.search(before))


def respectively(sentence: str) -> bool:
    """'... respectively': the listed subjects take the listed numbers in order."""
    return "respectively" in sentence


def group_listing(before: str) -> bool:
    """'five provinces, including ...': the regions listed next are all the subject."""
    return bool(_GROUP_OF_REGIONS.search(before))


_OWN_GROWTH_BETWEEN = re.compile(
    r"^\s*(?:per ?cent|percent|%)?\s*(?:growth|increase|rise|expansion|gain|decline|drop)\s+(?:rate\s+)?"
    r"(?:in|for|of|by)\s+(?:the\s+)?$", re.I
)
_WITH_SUBJECT_AFTER = re.compile(r"^(?:'s|’s)?\s+[a-z]+ing\b")
_NAME_OF_BEFORE = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:and|&)\s+[A-Z][a-z]+)?\s+(?:of|for)\s+(?:the\s+)?$")


def owns_growth_before(between: str) -> bool:
    """'the 4.6 per cent growth in Guangzhou': the region right after a rate is the rate's owner."""
    return bool(_OWN_GROWTH_BETWEEN.match(between))


def absolute_subject(before: str, after: str) -> bool:
    """'with Hebei absorbing 75.53 billion yuan': after 'with', a region doing something is a subject."""
    return before.rstrip().endswith(("with", "With")) and bool(_WITH_SUBJECT_AFTER.match(after))


def end_of_a_name(before: str) -> bool:
    """'the University of Science and Technology of China': the country closing an institution's name."""
    return bool(_NAME_OF_BEFORE.search(before))


_TITLE_OF_BEFORE = re.compile(
    r"(?i:\b(?:governor|mayor|vice[- ]governor|vice[- ]mayor|party (?:secretary|chief)|secretary of the \w+ "
    r"(?:provincial|municipal) committee of the cpc)\s+of\s+(?:the\s+)?$)"
)
_TITLE_AFTER = re.compile(
    r"^(?:'s)?\s+(?:(?:provincial|municipal|vice)\s+)?(?:Governor|Mayor|Party (?:Secretary|chief))\b"
)


def speaker_title(before: str, after: str) -> bool:
    """'Wang Lin, governor of Hubei, told ...', 'Hubei Governor Wang Lin said': the region a speaker
    speaks for, whatever place the words were said in."""
    return bool(_TITLE_OF_BEFORE.search(before) or _TITLE_AFTER.match(after))


def share_of(before: str) -> bool:
    """'accounting for 8.3% of the nation's ...', '70 percent of Zhejiang's total': a region after a
    share is the whole the share is of, not its owner."""
    return bool(_SHARE_OF_BEFORE.search(before))
