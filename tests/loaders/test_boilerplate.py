from loaders.boilerplate import clean_text

ARTICLE = """Ruritania and Borduria trade accusations

By Jane Roe | Example News

Share on Facebook
Tweet

Iran accused Azerbaijan on Monday of hosting foreign advisers near the border.

Azerbaijan rejected the claims and said no foreign forces were present.

#Iran #Azerbaijan #Caucasus

We use cookies to give you the best experience. Accept all cookies

Reliable reporting for over ten years. Covering conflicts and diplomacy. Editor-in-Chief of Example News.

Floods hit the coastal region again

Heavy rain caused floods in several towns on Sunday, and officials warned that more...

Markets rally after the central bank decision

Stocks rose sharply on Thursday after the bank kept rates unchanged and signalled...
"""


def test_bylines_widgets_hashtags_bio_and_teasers_are_removed():
    text = clean_text(ARTICLE)
    assert text.splitlines()[0] == "Ruritania and Borduria trade accusations"
    assert "Iran accused Azerbaijan" in text and "no foreign forces were present" in text
    for junk in ("Jane Roe", "Share", "Tweet", "#Iran", "cookies", "Editor-in-Chief", "Floods", "Markets", "officials"):
        assert junk not in text, junk


def test_a_plain_article_is_left_alone():
    text = "Iran accused Azerbaijan.\n\nAzerbaijan denied it, the ministry said."
    assert clean_text(text) == text
