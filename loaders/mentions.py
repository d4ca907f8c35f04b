"""Actors of one article: gazetteer names, institutions, people, their affiliations and coreference.

Input: a parsed spaCy ``Doc``. Output: :class:`ArticleActors` — the actors (keyed by their stable
graph key), every mention as a token span, and the structural relations (SERVES, PART_OF) read from
titles, possessives and appositions ("Brigadier General Kioumars Heydari, commander of Iran's Ground
Force" → Officer SERVES Ministry "Ground Force" PART_OF IRN).

Coreference inside the article: a person's later surname or close misspelling ("Heydari", "Hedari",
"K. Heydari", "Mr Kurti") is that person; "the ministry" is the last ministry named; "the group" the
last organization; "he"/"she"/"him"/"her" the last person named before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span, Token

from graph.errors import InvalidInput
from graph.identity import TITLES, actor_key
from graph.model import ActorKind
from loaders.gazetteer import Entry, Gazetteer

# Head words of a state's institutions (kind Ministry in ONTOLOGY.md).
INSTITUTION_HEADS = (
    r"Ministry|Department|Ground Forces?|Air Force|Armed Forces|Naval Forces|Defen[cs]e Forces|Army|Navy|Coast Guard"
    r"|Joint Chiefs of Staff|General Staff|Parliament|Embassy|Presidency|Foreign Office|National Security Council"
    r"|Security Council|Border Guards?|Intelligence Service|Space Agency|Central Bank|Cabinet|Senate|Congress"
    r"|information wing|Guard Corps|Marine Corps|Command"
)
_LOWER_OK = {"of", "and", "information", "for", "the"}
# "Foreign Ministry" and "Ministry of Foreign Affairs" are one body: canonical names for the common ones.
CANONICAL = {
    "foreign ministry": "Ministry of Foreign Affairs",
    "ministry of foreign affairs": "Ministry of Foreign Affairs",
    "external affairs ministry": "Ministry of External Affairs",
    "defense ministry": "Ministry of Defense",
    "defence ministry": "Ministry of Defense",
    "ministry of defence": "Ministry of Defense",
    "ministry of defense": "Ministry of Defense",
    "interior ministry": "Ministry of Interior",
    "ministry of the interior": "Ministry of Interior",
    "commerce ministry": "Ministry of Commerce",
    "army": "Army",
}
ANAPHORS = {
    "ministry": ActorKind.MINISTRY, "department": ActorKind.MINISTRY,
    "group": ActorKind.ORGANIZATION, "movement": ActorKind.ORGANIZATION, "militia": ActorKind.ORGANIZATION,
    "organization": ActorKind.ORGANIZATION, "organisation": ActorKind.ORGANIZATION, "alliance": ActorKind.ORGANIZATION,
}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
_TITLE_WORDS = TITLES | {"supreme", "leader", "official", "member", "head", "chief", "spokesperson", "mr.", "dr.",
                         "gen.", "lt.", "col.", "sen.", "rep.", "senior", "top", "national", "political", "council"}


@dataclass(slots=True)
class LocalActor:
    key: str
    kind: ActorKind
    name: str
    aliases: set[str] = field(default_factory=set)
    state: str | None = None
    organization: str | None = None
    country: str | None = None


@dataclass(slots=True)
class Mention:
    start: int  # token index
    end: int  # token index, exclusive
    key: str
    form: str = "name"  # name | demonym | capital | surname | anaphor | pronoun


@dataclass(slots=True)
class ArticleActors:
    actors: dict[str, LocalActor] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[int, Mention] = field(default_factory=dict)
    structural: list[tuple[str, str, str, Span]] = field(default_factory=list)

    def add(self, actor: LocalActor, doc: Doc, start: int, end: int, form: str = "name") -> Mention:
        known = self.actors.setdefault(actor.key, actor)
        surface = doc[start:end].text
        redundant = known.kind is ActorKind.ORGANIZATION and surface.lower() in known.name.lower()
        if form not in ("anaphor", "pronoun") and surface != known.name and not redundant:
            known.aliases.add(surface)
        mention = Mention(start, end, actor.key, form)
        self.mentions.append(mention)
        for i in range(start, end):
            self.by_token.setdefault(i, mention)
        return mention

    def at(self, token: Token) -> Mention | None:
        return self.by_token.get(token.i)


def _entry_actor(entry: Entry) -> LocalActor:
    return LocalActor(entry.key, entry.kind, entry.name, state=entry.state if entry.kind is not ActorKind.ORGANIZATION
                      else None, country=entry.country)


def find_actors(doc: Doc, gaz: Gazetteer) -> ArticleActors:
    found = ArticleActors()
    text = doc.text
    taken: list[tuple[int, int]] = []
    _institutions(doc, gaz, found, taken)
    for m in gaz.find(text):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or any(s < span.end and span.start < e for s, e in taken):
            continue
        found.add(_entry_actor(m.entry), doc, span.start, span.end, m.entry.form)
        taken.append((span.start, span.end))
    _people(doc, found, taken)
    _anaphors(doc, found)
    _group_members(doc, found)
    found.mentions.sort(key=lambda m: m.start)
    return found


# Plural nouns whose members an article may list later: "The three companies are A, B and C".
GROUP_NOUNS = frozenset({"company", "firm", "entity", "contractor", "manufacturer", "bank", "organization",
                         "organisation", "group", "individual", "official"})


def group_lists(tok: Token) -> list[Token]:
    """The lists of names a group noun subject introduces: "the companies are A, B and C", "the companies,
    which include A"."""
    if tok.lemma_.lower() not in GROUP_NOUNS or tok.dep_ not in ("nsubj", "nsubjpass"):
        return []
    lists = [c for c in tok.head.children if c.dep_ == "attr"] if tok.head.lemma_ == "be" else []
    return lists + [d for c in tok.children if c.dep_ == "relcl" and c.lemma_ == "include"
                    for d in c.children if d.dep_ == "dobj"]


def listed_names(doc: Doc, region: Token) -> list[tuple[Span, str]]:
    """The capitalised names listed in ``region``'s phrase ("A, B & C and D", "aerospace firm Sierra Nevada
    Corporation"), each as its token span and its name."""
    tokens = [t for t in region.subtree if not (t.is_punct and t.i == region.right_edge.i)]
    if not tokens:
        return []
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    out = []
    for m in re.finditer(r"[^,]+", doc.text[start:end]):
        for part in re.split(r"\s+and\s+", m.group(0)):
            words = part.split()
            while words and not words[0][:1].isupper():
                words.pop(0)
            name = " ".join(words)
            if not name or not any(w[:1].isupper() for w in words):
                continue
            offset = start + m.start() + m.group(0).find(part) + part.find(name)
            span = doc.char_span(offset, offset + len(name), alignment_mode="expand")
            if span is not None:
                out.append((span, name))
    return out


def _group_members(doc: Doc, found: ArticleActors) -> None:
    """Names listed as a group's members that are no known actor become organisations."""
    for tok in doc:
        for region in group_lists(tok):
            for span, name in listed_names(doc, region):
                if found.at(span.root) is not None:
                    continue
                try:
                    key = actor_key(ActorKind.ORGANIZATION, name)
                except InvalidInput:
                    continue
                found.add(LocalActor(key, ActorKind.ORGANIZATION, name), doc, span.start, span.end)


@lru_cache(maxsize=4)
def _institution_patterns(gaz: Gazetteer) -> tuple[re.Pattern, re.Pattern]:
    """The two institution patterns, compiled once per gazetteer (they embed every state's names)."""
    owner = "|".join(re.escape(f) for f, e in sorted(gaz.forms.items(), key=lambda kv: -len(kv[0]))
                     if e.kind is ActorKind.STATE and e.form != "block")
    heads = rf"(?:{INSTITUTION_HEADS})"
    capitalised = re.compile(
        rf"(?:(?<!\w)(?P<owner>{owner})(?:['’]s)?\s+)?"
        rf"(?P<body>(?:(?:[A-Z][\w-]*|information)\s+){{0,3}}{heads}"
        rf"(?:\s+of\s+(?:the\s+)?[A-Z]\w+(?:\s+(?:and|of)\s+(?:the\s+)?[A-Z]\w+)*)?)(?!\w)"
    )
    # with an owner, the body may be lower case: "Azerbaijan's foreign ministry", "Iranian defence ministry"
    owned = re.compile(
        rf"(?<!\w)(?P<owner>{owner})(?:['’]s)?\s+"
        rf"(?P<body>(?i:(?:(?:foreign|defen[cs]e|interior|finance|justice|economy|trade|commerce|information|state|"
        rf"intelligence|security|naval|military|emergency|energy|oil|health|education)\s+){{0,2}}"
        rf"(?:ministry|department|army|navy|air force|armed forces|coast guard|police|parliament|embassy|"
        rf"presidency|foreign office|general staff|border guards?|intelligence service|central bank|cabinet))"
        rf"(?:\s+of\s+(?:the\s+)?[A-Z]\w+(?:\s+(?:and|of)\s+(?:the\s+)?[A-Z]\w+)*)?)(?!\w)"
    )
    return capitalised, owned


def _institutions(doc: Doc, gaz: Gazetteer, found: ArticleActors, taken: list[tuple[int, int]]) -> None:
    """"Iran's Ground Force", "the Iranian Foreign Ministry", "Ministry of Defense of Azerbaijan"."""
    capitalised, owned = _institution_patterns(gaz)
    seen: list[tuple[int, int]] = []
    matches = [m for p in (capitalised, owned) for m in p.finditer(doc.text)]
    for m in sorted(matches, key=lambda m: (m.start(), -m.end())):
        if any(a < m.end() and m.start() < b for a, b in seen):
            continue
        body = m.group("body")
        state_code = gaz.forms[m.group("owner")].state if m.group("owner") else None
        tail = re.search(r"\s+of\s+(?:the\s+)?(.+)$", body)
        if tail and tail.group(1) in gaz.forms and gaz.forms[tail.group(1)].kind is ActorKind.STATE:
            state_code = state_code or gaz.forms[tail.group(1)].state
            body = body[: tail.start()]
        words = body.split()
        while words and (words[0] in gaz.forms or words[0].lower() in TITLES - {"foreign", "defense", "defence"}):
            state_code = state_code or (gaz.forms[words[0]].state if words[0] in gaz.forms else None)
            words.pop(0)
        if not words or not state_code:
            continue  # no owner: a later, overlapping match may still have one ("The Iranian Foreign Ministry")
        seen.append((m.start(), m.end()))
        name = " ".join(words)
        name = CANONICAL.get(name.lower(), name[:1].upper() + name[1:])
        if name.lower() in ("embassy", "the embassy"):
            name = _embassy_name(gaz.state(state_code).name, doc.text[m.end():])
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None:
            continue
        key = actor_key(ActorKind.MINISTRY, name, state=state_code)
        found.add(LocalActor(key, ActorKind.MINISTRY, name, state=state_code), doc, span.start, span.end)
        found.actors[key].aliases.add(m.group(0))
        taken.append((span.start, span.end))


def _embassy_name(state: str, after: str) -> str:
    """"the US Embassy in Georgetown" is the "Embassy of the United States in Georgetown" (ONTOLOGY.md: an embassy
    is a Ministry of its state, named by its state and, when the text says it, where it is)."""
    if state.startswith(("United ", "Republic ")) or state.endswith(("Islands", "Netherlands", "Philippines")):
        state = "the " + state  # "Embassy of the United States"
    place = re.match(r" +in +([A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,2})\b", after)  # "in Panama City", on one line
    return f"Embassy of {state}" + (f" in {place.group(1)}" if place else "")


def _clean_person(span: Span) -> tuple[int, int] | None:
    """Token range of a person's name inside an entity span, titles and possessive removed."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_.rstrip(".") in _TITLE_WORDS or doc[start].is_punct or doc[start].is_stop):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    if start >= end or not doc[end - 1].text[:1].isupper():
        return None
    if start > 0 and start == span.start and re.fullmatch(r"[A-Z]\.", doc[start - 1].text):
        start -= 1  # the NER left out an initial: "K. Heydari"
    return start, end


def _people(doc: Doc, found: ArticleActors, taken: list[tuple[int, int]]) -> None:
    people: list[LocalActor] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        rng = _clean_person(ent)
        if rng is None or any(s < rng[1] and rng[0] < e for s, e in taken):
            continue
        start, end = rng
        name = doc[start:end].text
        person = _same_person(name, people)
        if person is None:
            titled = start > ent.start or (start > 0 and doc[start - 1].lower_.rstrip(".") in _TITLE_WORDS)
            if end - start == 1 and not titled:
                continue  # a lone capitalised word the NER calls a person is too often a place
            person = LocalActor("", ActorKind.OFFICER, name)
            people.append(person)
        elif len(name.split()) > len(person.name.split()):
            person.aliases.add(person.name)
            person.name = name
        found.mentions.append(Mention(start, end, f"person:{id(person)}", "name" if person.name == name else "surname"))
        if name != person.name:
            person.aliases.add(name)
        taken.append((start, end))
    # later bare surnames that the NER did not tag ("Hedari told ...")
    for token in doc:
        if token.pos_ != "PROPN" or token.i in {i for s, e in taken for i in range(s, e)} or len(token.text) < 4:
            continue
        person = _same_person(token.text, people, surname_only=True)
        if person is not None:
            start = token.i
            if start > 0 and re.fullmatch(r"[A-Z]\.", doc[start - 1].text) and \
                    doc[start - 1].text[0] == person.name[0]:
                start -= 1  # "K. Heydari"
            found.mentions.append(Mention(start, token.i + 1, f"person:{id(person)}", "surname"))
            person.aliases.add(doc[start:token.i + 1].text)
            taken.append((start, token.i + 1))
    _affiliate(doc, found, people)


def _same_person(name: str, people: list[LocalActor], surname_only: bool = False) -> LocalActor | None:
    words = name.replace(".", ". ").split()
    last = words[-1].lower()
    for person in people:
        pwords = person.name.split()
        plast = pwords[-1].lower()
        if name == person.name or name in person.aliases:
            return person
        close = last == plast or (len(last) >= 5 and fuzz.ratio(last, plast) >= 80)
        if not close:
            continue
        if len(words) == 1 or (words[0].rstrip(".").lower()[:1] == pwords[0].lower()[:1] and not surname_only):
            return person
    return None


def _description(doc: Doc, start: int, end: int) -> list[Token]:
    """Tokens that describe the person at [start, end): title chain before the name, appositions."""
    tokens: list[Token] = []
    i = start - 1
    while i >= 0:
        t = doc[i]
        if t.tag_ == "POS" or t.text in (".", "-") or t.pos_ in ("PROPN", "NOUN", "ADJ", "DET", "NUM"):
            tokens.append(t)
            i -= 1
        else:
            break
    root = doc[end - 1]
    if root.dep_ == "appos":
        tokens += [t for t in root.head.subtree if not start <= t.i < end and t.i < start]
    for child in root.children:
        if child.dep_ == "appos":
            tokens += list(child.subtree)
    return tokens


def _affiliate(doc: Doc, found: ArticleActors, people: list[LocalActor]) -> None:
    """Give every person a key, a state or organization, and SERVES relations from their descriptions."""
    serves: dict[str, tuple[str, Span]] = {}
    by_key = {f"person:{id(p)}": p for p in people}
    for mention in sorted((m for m in found.mentions if m.key.startswith("person:")), key=lambda m: m.start):
        person = by_key[mention.key]
        if mention.key in serves:
            continue
        desc = _description(doc, mention.start, mention.end)
        best: tuple[int, Mention] | None = None
        for tok in desc:
            m = found.at(tok)
            if m is None or m.key.startswith("person:"):
                continue
            head = doc[m.end - 1]
            if head.dep_ == "pobj" and head.head.lower_ in ("to", "against", "with", "toward", "towards", "at", "on"):
                continue
            actor = found.actors.get(m.key)
            if actor is None:
                continue
            rank = {ActorKind.MINISTRY: 3, ActorKind.ORGANIZATION: 2, ActorKind.STATE: 1}.get(actor.kind, 0)
            if best is None or rank > best[0]:
                best = (rank, m)
        if best is not None:
            target = found.actors[best[1].key]
            if target.kind is ActorKind.ORGANIZATION:
                person.organization = target.key
            else:
                person.state = target.state
            sent = doc[mention.start].sent
            serves[mention.key] = (target.key, sent)
    for person in people:
        if person.state is None and person.organization is None:
            person.state = _state_by_role(doc, found, person)
            if person.state is not None:
                found.actors.setdefault(person.state, LocalActor(person.state, ActorKind.STATE, _state_name(person.state)))
        pkey = f"person:{id(person)}"
        person.key = actor_key(ActorKind.OFFICER, person.name, state=person.state, organization=person.organization)
        existing = found.actors.get(person.key)
        if existing is not None:
            existing.aliases |= person.aliases
        else:
            found.actors[person.key] = person
        for m in found.mentions:
            if m.key == pkey:
                m.key = person.key
                for i in range(m.start, m.end):
                    found.by_token.setdefault(i, m)
        if pkey in serves:
            served, sent = serves[pkey]
            found.structural.append((person.key, "SERVES", served, sent))
    for actor in list(found.actors.values()):
        if actor.kind is ActorKind.MINISTRY and actor.state:
            mention = next(m for m in found.mentions if m.key == actor.key)
            found.actors.setdefault(actor.state, LocalActor(actor.state, ActorKind.STATE, _state_name(actor.state)))
            found.structural.append((actor.key, "PART_OF", actor.state, doc[mention.start].sent))


ROLE_WORDS = ("prime minister", "president", "foreign minister", "defense minister", "defence minister",
              "minister", "ambassador", "spokesman", "spokeswoman", "spokesperson", "king", "chancellor", "premier",
              "press secretary", "secretary of state", "commander", "army chief", "leader")


def _state_by_role(doc: Doc, found: ArticleActors, person: LocalActor) -> str | None:
    """A person named with a bare title ("Prime Minister Fumio Kishida") acts for the state that the
    article names with that title elsewhere ("Japan Prime Minister", "Kosovo's prime minister"), else for
    the state they speak for ("President Recep Tayyip Erdogan said Turkey would ...", "Defence Minister
    Padrino Lopez said that Venezuela would ..."), else for the state of the article's dateline
    ("ISLAMABAD: ...", "ANKARA, March 8 (Wire) - ...")."""
    mentions = [m for m in found.mentions if m.key == f"person:{id(person)}"]
    if not mentions:
        return None
    state = _state_by_role_or_place(doc, found, mentions)
    if state is not None and _acts_against(doc, found, mentions, state):
        return None  # "Vice President Delcy Rodríguez accused Guyana", datelined GEORGETOWN: not Guyana's
    return state


def _state_by_role_or_place(doc: Doc, found: ArticleActors, mentions: list[Mention]) -> str | None:
    """The state of _state_by_role, before it is checked against what the person does."""
    first = mentions[0]
    before = doc[max(first.start - 4, 0):first.start].text.lower()
    role = next((r for r in ROLE_WORDS if r in before), None)
    if role is not None:
        for m in found.mentions:
            actor = found.actors.get(m.key)
            if actor is None or actor.kind is not ActorKind.STATE:
                continue
            after = doc[m.end:m.end + 4].text.lower().replace("’s", "").replace("'s", "").strip()
            if after.startswith(role):
                return actor.key
        for m in mentions:
            spoken = _spoken_for(doc, found, m)
            if spoken is not None:
                return spoken
    return _dateline_state(doc.text)


AGAINST = frozenset({"against", "on", "upon", "at", "toward", "towards"})


def _acts_against(doc: Doc, found: ArticleActors, mentions: list[Mention], state: str) -> bool:
    """Whether the person is the subject of a verb whose object (direct, or of a preposition aimed at someone:
    :data:`AGAINST`) names ``state``
    or one of its officers or ministries: someone who accuses, threatens or warns a state does not act for it,
    though the article may be datelined in its capital or name its office there."""
    for mention in mentions:
        head = doc[mention.start:mention.end].root
        while head.dep_ == "appos" and head.head is not head:  # a dateline parsed as the subject, the person beside it
            head = head.head
        if head.dep_ != "nsubj":
            continue
        verb = head.head
        objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
        objects += [g for c in verb.children if c.dep_ == "prep" and c.lower_ in AGAINST
                    for g in c.children if g.dep_ == "pobj"]  # "sanctions on Guyana", not "outside Japan's zone"
        objects += [c for o in objects for c in o.children if c.dep_ == "conj"]  # "accused Guyana and ..."
        for obj in objects:  # the object and what names it ("Guyana's government"), not clauses under it
            for tok in (obj, *(c for c in obj.children if c.dep_ in ("poss", "compound", "amod", "nmod", "appos"))):
                m = found.at(tok)
                actor = found.actors.get(m.key) if m is not None else None
                if actor is not None and state in (actor.key, actor.state):
                    return True
    return False


SPEECH_VERBS = frozenset({"say", "tell", "declare", "announce", "insist", "warn", "vow", "pledge", "stress"})


def _spoken_for(doc: Doc, found: ArticleActors, mention: Mention) -> str | None:
    """The state that is the subject of what the person said: "X said (that) Turkey would ..." -> TUR."""
    head = doc[mention.start:mention.end].root
    verb = head.head
    if head.dep_ != "nsubj" or verb.lemma_ not in SPEECH_VERBS:
        return None
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        for subject in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
            m = found.at(subject)
            actor = found.actors.get(m.key) if m is not None else None
            if actor is not None and actor.kind is ActorKind.STATE:
                return actor.key
    return None


def _dateline_state(text: str) -> str | None:
    """The state of the place a dateline names: its capital or its own name."""
    from loaders.dates import DATELINE
    from loaders.gazetteer import load

    m = re.match(r"\s*(?:[^\n]*\n+)?([A-Z][A-Z .'-]{2,30})\s*(?:,[^:\n]{0,40})?:", text)
    place = m.group(1) if m else None
    if place is None:
        lines = [line for line in text[:600].splitlines() if line.strip()][:2]
        for line in lines:  # the dateline opens the text, or the paragraph after a title
            wire = DATELINE.match(line)
            if wire:
                place = wire.group("place").split(",")[0]
                break
    if place is None:
        return None
    entry = load().forms.get(place.strip().title())
    if entry is not None and entry.kind is ActorKind.STATE and entry.form != "block":
        return entry.key
    return None


def _state_name(code: str) -> str:
    from loaders.gazetteer import load

    return load().state(code).name


def _anaphors(doc: Doc, found: ArticleActors) -> None:
    """"the Ministry" → the last ministry named; "the group" → the last organization named."""
    for token in doc:
        kind = ANAPHORS.get(token.lower_)
        if kind is None or found.at(token) is not None or token.i == 0 or doc[token.i - 1].lower_ != "the":
            continue
        prior = [m for m in found.mentions if m.end <= token.i and found.actors.get(m.key)
                 and found.actors[m.key].kind is kind]
        if prior:
            found.add(found.actors[prior[-1].key], doc, token.i - 1, token.i + 1, "anaphor")


def resolve_pronoun(token: Token, found: ArticleActors) -> str | None:
    """The last person named before a he/she/him/her/his."""
    if token.lower_ not in PERSON_PRONOUNS:
        return None
    prior = [m for m in found.mentions if m.end <= token.i
             and found.actors.get(m.key) is not None and found.actors[m.key].kind is ActorKind.OFFICER]
    return prior[-1].key if prior else None
