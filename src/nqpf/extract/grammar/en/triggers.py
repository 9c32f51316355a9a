"""English words that make a statement about an industry a plan or a priority, and the ones that
make it someone's opinion instead. Used by ``nqpf.extract.priorities``."""

from __future__ import annotations

import re

# Any of these makes a statement about an industry a policy statement when a government is the actor.
# Matched against the lower-cased sentence: far faster than an IGNORECASE alternation of this size.
TRIGGER = re.compile(
    r"(?:\b(?:plans?|planned|planning|will(?! likely)|support(?:s|ed|ing)?|focus(?:es|ed|ing)?|"
    r"foster(?:s|ed|ing)?|cultivat\w*|develop(?:s|ed|ing|ment)?|advanc(?:e|es|ed|ing)|accelerat\w*|"
    r"promot\w*|boost\w*|build(?:s|ing)?|prioriti\w*|priorit(?:y|ies)|vow\w*|pledg\w*|aim\w*|"
    r"strengthen\w*|expand\w*|nurtur\w*|invest\w*|efforts?|launch\w*|driv(?:e|es|ing)|key areas?|"
    r"blueprint|strateg\w*|action plans?|bet(?:s|ting)? on|deploy\w*|establish\w*|upgrad\w*|push\w*|"
    r"spur\w*|ramp(?:s|ed|ing)? up|step(?:s|ped|ping)? up|industrial chain|worked to|most important|funds?|"
    r"subsid\w*|incentives?|pillar industr\w*|key industr\w*|"
    r"agenda|tasks?|pilot|construction of|zones?|emphasis on|gear(?:s|ed|ing)? up|solidif\w*|consolidat\w*|"
    r"singl(?:e|es|ed|ing) out|names? (?:\w+ ){0,2}(?:directions|areas|fields|industries|sectors|priorities)|"
    r"identif(?:y|ies|ied)|set (?:a|an|the) (?:\w+ )?(?:goal|target)s?)\b)"
)
# Without an explicit government actor, only these carry a priority over from the topic.
STRONG_TRIGGER = re.compile(
    r"(?i:\b(?:efforts? (?:will|would|should) be|efforts? (?:were|was|have been|has been) made|priorit\w*|"
    r"support(?:s|ed|ing)? for|will be (?:fostered|cultivated|developed|promoted|supported|prioriti[sz]ed)|"
    r"key areas?|regarded|seen as|viewed as|"
    r"(?:plac|lay|lai|put)\w* (?:\w+ )?emphasis on)\b)"
)
# someone's words ("Ma Huateng called for more support for AI") are not a government's plan
REPORTED_SPEECH = re.compile(r"\b(?:said|says|told|called for|urged|noted|argued|suggested|believes?|warned)\b")


# "Hangzhou, home to AI startup DeepSeek and humanoid robotics firm Unitree, has unveiled a plan for
# AI": an appositive that describes the place names what is there, not what is planned
_DESCRIPTIVE = re.compile(r",\s+(?:already\s+)?(?:home to|known for|famous for|best known for)\b[^,;]*,|"
                          # "Zhongwei boasts huge energy reserves such as wind power, and ...": assets
                          r"\b(?:boasts?|boasting|is rich in|are rich in|endowed with)\b"
                          r"[^;.]*?(?=,\s+(?:and|but|while)\b|[;.]|$)")


def descriptive_spans(sentence: str) -> list[tuple[int, int]]:
    """Offsets of the appositives of ``sentence`` that describe a place rather than plan anything."""
    return [m.span() for m in _DESCRIPTIVE.finditer(sentence)]


def first_trigger(sentence: str) -> re.Match[str] | None:
    """The first trigger word used as a word, not inside a name ("Modular Electric Drive Matrix")."""
    lower = sentence.lower()
    if len(lower) != len(sentence):  # a few characters change length when lower-cased: keep offsets true
        lower = sentence
    return next((m for m in TRIGGER.finditer(lower) if sentence[m.start()].islower() or m.start() == 0), None)


def carries_topic(sentence: str) -> bool:
    """'Efforts will be put into ...': a plan without a named actor, the text's government's."""
    return bool(STRONG_TRIGGER.search(sentence)) and not REPORTED_SPEECH.search(sentence)


def corpus_view(text: str) -> list[dict]:
    """For the corpus: the first trigger word, and whether the plan carries the topic's actor."""
    found = first_trigger(text)
    out: list[dict] = [{"trigger": found.group(0)}] if found else []
    if carries_topic(text):
        out.append({"carries_topic": True})
    out.extend({"descriptive": text[a:b].strip(" ,")} for a, b in descriptive_spans(text))
    return out
