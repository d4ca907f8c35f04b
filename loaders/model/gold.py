"""Gold annotation files (ONTOLOGY.md "Gold annotations") read for training and scoring.

Gold and extracted actors are compared as the shared scorer defines it: a State by its ISO3 code, any other
actor by its names and aliases. At the dyad level an officer or a ministry is its state and an
organisation's officer is the organisation; this module aligns the extractor's dyad sides with the gold's.

>>> norm_name("The Islamic Revolutionary Guard Corps's")
'islamic revolutionary guard corps'
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import InvalidInput
from graph.model import EVENT_TYPES, SYMMETRIC_TYPES, Article
from loaders.readers import article_from_dict

EVENT_TYPE_NAMES = frozenset(t.value for t in EVENT_TYPES)
SYMMETRIC_NAMES = frozenset(t.value for t in SYMMETRIC_TYPES)
# words that do not tell two people or bodies apart ("President Ruto" is "William Ruto")
_TITLE_WORDS = {
    "the", "mr", "mrs", "ms", "dr", "president", "prime", "minister", "general", "brigadier", "gen", "spokesman",
    "spokeswoman", "spokesperson", "foreign", "defense", "defence", "commander", "ambassador", "king", "crown",
    "prince", "sheikh", "secretary", "lieutenant", "colonel", "admiral",
}


def norm_name(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['`’]s\b", "", text)
    return " ".join(w for w in re.sub(r"[^a-z0-9 ]+", " ", text).split() if w not in {"the"})


@dataclass(slots=True)
class GoldArticle:
    article: Article
    topic: str
    sides: dict[str, set[str]] = field(default_factory=dict)  # gold dyad id -> normalised names
    kinds: dict[str, str] = field(default_factory=dict)  # gold dyad id -> kind of the actor it is
    relations: list[tuple[str, str, str, str]] = field(default_factory=list)  # dyad src, type, dyad dst, evidence
    actor_relations: list[tuple[dict, str, dict]] = field(default_factory=list)  # gold actors, for actor scoring
    actors: list[dict] = field(default_factory=list)

    def dyad_triples(self) -> set[tuple[str, str, str]]:
        return {order(s, t, d) for s, t, d, _ in self.relations}


def order(src: str, rtype: str, dst: str) -> tuple[str, str, str]:
    """A relation key as the scorer compares it: symmetric types as an ordered pair."""
    if rtype in SYMMETRIC_NAMES and dst < src:
        src, dst = dst, src
    return src, rtype, dst


def read_gold(path: Path) -> GoldArticle:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        article = article_from_dict(data, str(path))
        actors = {a["ref"]: a for a in data.get("actors", [])}
    except (OSError, ValueError, KeyError, TypeError, InvalidInput) as exc:
        raise InvalidInput(f"{path}: not a gold annotation file ({type(exc).__name__}: {exc})") from exc
    gold = GoldArticle(article, str(data.get("topic") or data["id"]), actors=list(actors.values()))
    ids = {ref: _dyad_id(ref, actor, actors) for ref, actor in actors.items()}
    for ref, actor in actors.items():
        if ids[ref] == ref.upper() and actor.get("kind") == "State":
            gold.sides.setdefault(ids[ref], set())
            gold.kinds[ids[ref]] = "State"
        elif ids[ref] == "org:" + ref:
            names = {norm_name(n) for n in [actor.get("name", ""), *(actor.get("aliases") or [])]} - {""}
            gold.sides.setdefault(ids[ref], set()).update(names)
            gold.kinds[ids[ref]] = actor.get("kind", "Organization")
    for rel in data.get("relations", []):
        if rel.get("type") in EVENT_TYPE_NAMES and rel.get("source") in ids and rel.get("target") in ids:
            src, dst = ids[rel["source"]], ids[rel["target"]]
            if src != dst:
                gold.relations.append((src, rel["type"], dst, rel.get("evidence") or ""))
            gold.actor_relations.append((actors[rel["source"]], rel["type"], actors[rel["target"]]))
    return gold


def _dyad_id(ref: str, actor: dict, actors: dict[str, dict]) -> str:
    kind, state = actor.get("kind"), actor.get("state")
    if kind == "State":
        return ref.upper()
    if kind in ("Officer", "Ministry") and isinstance(state, str) and state:
        return state.upper()
    if kind == "Officer" and actor.get("organization") in actors:
        return "org:" + actor["organization"]
    return "org:" + ref


def align(gold: GoldArticle, sides: dict[str, tuple[str, set[str]]]) -> dict[str, str]:
    """Each extracted dyad side (``side -> (kind, names)``) mapped to the gold dyad id it is, when one is."""
    out: dict[str, str] = {}
    for side, (_kind, names) in sides.items():
        if side in gold.sides and gold.kinds.get(side) == "State":
            out[side] = side
            continue
        mine = {norm_name(n) for n in names} - {""}
        for gid, gnames in gold.sides.items():
            if gold.kinds.get(gid) == "State":
                continue
            if mine & gnames or any(a in b or b in a for a in mine for b in gnames if min(len(a), len(b)) >= 5):
                out[side] = gid
                break
    return out


def holds(sentence: str, evidence: str) -> bool:
    """Whether a sentence holds (most of) a gold evidence string, or the evidence holds the sentence."""
    if not evidence:
        return False
    s, e = set(norm_name(sentence).split()), set(norm_name(evidence).split())
    if not s or not e:
        return False
    common = len(s & e)
    return common / len(e) >= 0.6 or common / len(s) >= 0.8


def _person_names(actor: dict) -> set[str]:
    names = {actor.get("name") or "", *(actor.get("aliases") or [])}
    return {" ".join(w for w in norm_name(n).split() if w not in _TITLE_WORDS) for n in names} - {""}


def same_actor(mine: dict, gold: dict) -> bool:
    """Whether an extracted actor (``key``, ``kind``, ``name``, ``aliases``, ``state``) is a gold actor: a State
    by its code, anything else by a shared name or alias (an officer also by surname), never across states.

    >>> same_actor({"key": "IRN", "kind": "State", "name": "Iran"}, {"ref": "IRN", "kind": "State"})
    True
    >>> same_actor({"key": "officer:irn:k-heydari", "kind": "Officer", "name": "K. Heydari", "state": "IRN"},
    ...            {"ref": "heydari", "kind": "Officer", "name": "Kioumars Heydari", "state": "IRN"})
    True
    """
    if "State" in (mine.get("kind"), gold.get("kind")):
        return mine.get("kind") == gold.get("kind") == "State" and str(mine.get("key", "")).upper() == gold["ref"].upper()
    mine_state, gold_state = mine.get("state"), gold.get("state")
    if mine_state and gold_state and mine_state.upper() != gold_state.upper():
        return False
    a, b = _person_names(mine), _person_names(gold)
    if a & b or any(x in y or y in x for x in a for y in b if min(len(x), len(y)) >= 5):
        return True
    if "Officer" in (mine.get("kind"), gold.get("kind")):
        surnames = [{n.split()[-1] for n in names if len(n.split()[-1]) >= 4} for names in (a, b)]
        return bool(surnames[0] & surnames[1])
    return False
