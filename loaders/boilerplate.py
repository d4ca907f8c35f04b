"""Strip what is not article text from plain text: bylines, share buttons, hashtags, cookie notices,
"read more" links, teasers of other stories and author bios.

Rules work on lines and paragraphs, never on article-specific strings:

- a line that is only a site widget (share/follow/subscribe/cookie/newsletter/copyright/"read more"),
  a byline ("By Jane Roe", "Written by ...", "Posted on ..."), or only hashtags is dropped anywhere;
- a paragraph that ends in an ellipsis is a teaser of another story (a truncated summary), and so is
  the short headline-like line just before it;
- headline-like lines (short, no closing punctuation) after the first line, where they sit among
  other such lines or teasers, are links to other stories;
- at the end of the text, paragraphs that read like an author bio (editor, reporter, "covering ...")
  are dropped, as are trailing headline-like lines.

>>> clean_text("Iran accused Baku.\\n\\nShare on Facebook\\n#Iran #Azerbaijan\\n\\nOther story title\\n\\nA teaser of it...")
'Iran accused Baku.'
"""

from __future__ import annotations

import re

_WIDGET = re.compile(
    r"""^(?:
        (?:share|tweet|email|print|copy\ link|whatsapp|facebook|twitter|telegram|linkedin|reddit|x)(?:\s+(?:on|this|via)\b.*)?
      | (?:follow|subscribe|sign\ up|join)\b.{0,80}
      | .{0,40}\b(?:cookies?|cookie\ policy|privacy\ policy|terms\ of\ (?:use|service))\b.{0,120}
      | (?:read|see)\ (?:more|also)\b.{0,80}
      | (?:also\ read|related(?:\ (?:articles?|stories|news|posts?))?|recommended(?:\ for\ you)?|more\ (?:from|on|stories)|trending|most\ read|latest\ news|advertisement|sponsored|loading\.*)\b.{0,80}
      | (?:©|\(c\)|copyright)\b.*
      | (?:please\ use|your\ browser|enable\ javascript)\b.{0,100}
      | (?:by|written\ by|posted\ by|reporting\ by|edited\ by|words\ by)\ [A-Z][\w.'’-]+(?:\ [A-Z][\w.'’-]+){0,3}(?:\s*[|,–-].{0,60})?
      | (?:posted|published|updated|last\ updated)(?:\ on)?\s*:?\s*\d.{0,60}
      | date\s+\d{4}-\d{2}-\d{2}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_HASHTAGS = re.compile(r"^(?:\s*#\w+[,\s]*)+$")
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)\s*[\"”’]?\s*$")
_BIO = re.compile(
    r"\b(?:editor(?:-in-chief)?|reporter|correspondent|journalist|columnist|contributor|freelance|author of|"
    r"writes about|covering|news reporting|years of experience|follow (?:him|her|them))\b",
    re.IGNORECASE,
)


def _headline_like(line: str) -> bool:
    """Short, no sentence-closing punctuation: a title or link, not a sentence of the article."""
    words = line.split()
    return 0 < len(words) <= 20 and not re.search(r"[.!?:;\"”’)]\s*$", line)


def _bio_like(paragraph: str) -> bool:
    """An author bio: a bio cue, short, and no reporting verb of an article sentence."""
    return (bool(_BIO.search(paragraph)) and len(paragraph.split()) <= 60
            and not re.search(r"\b(?:said|says|told|accused|denied|according to)\b", paragraph, re.IGNORECASE))


def clean_text(text: str) -> str:
    """The article text without boilerplate, paragraphs separated by blank lines."""
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    kept: list[str] = []
    for line in lines:
        if line and (_WIDGET.match(line) or _HASHTAGS.match(line)):
            continue
        kept.append(line)
    # split paragraphs back into their lines where lines were single-spaced (feeds often are)
    units: list[str] = []
    for block in "\n".join(kept).split("\n\n"):
        block_lines = [ln for ln in block.split("\n") if ln]
        if not block_lines:
            continue
        if len(block_lines) > 1 and all(_headline_like(ln) or re.search(r"[.!?\"”’)]$", ln) for ln in block_lines):
            units.extend(block_lines)
        else:
            units.append(" ".join(block_lines))
    drop = [False] * len(units)
    for i, unit in enumerate(units):
        if _ELLIPSIS.search(unit) and i > 0:
            drop[i] = True
            if i > 0 and _headline_like(units[i - 1]) and i - 1 > 0:
                drop[i - 1] = True
    # runs of two or more headline-like lines after the title are lists of links to other stories
    i = 1
    while i < len(units):
        j = i
        while j < len(units) and (_headline_like(units[j]) or drop[j]):
            j += 1
        if j - i >= 2:
            for k in range(i, j):
                drop[k] = True
        i = max(j, i + 1)
    # trailing bios and headline-like lines
    end = len(units)
    while end > 1 and (drop[end - 1] or _headline_like(units[end - 1])
                       or _bio_like(units[end - 1])):
        end -= 1
    return "\n\n".join(u for i, u in enumerate(units[:end]) if not drop[i])
