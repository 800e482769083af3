"""Cutting rendered Markdown into top-level blocks, the unit of paragraph comments and diffs."""
from roadmap.core.markdown import render_markdown, render_markdown_blocks


def test_blocks_are_the_top_level_elements_in_order():
    text = "# Titre\n\nUn *paragraphe* & plus[^1].\n\n- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n[^1]: Une note."
    blocks = render_markdown_blocks(text)
    assert [b.tag for b in blocks] == ["h1", "p", "ul", "table", "div"]
    assert blocks[1].text == "Un paragraphe & plus1."
    assert str(blocks[1].html).startswith("<p>Un <em>paragraphe</em> &amp; plus<sup")
    def same(html):
        return html.replace("\n", "").replace("&nbsp;", "\xa0")
    assert same("".join(str(b.html) for b in blocks)) == same(str(render_markdown(text)))


def test_same_text_gives_the_same_blocks():
    text = "Un.\n\nDeux.\n\nTrois."
    assert [b.text for b in render_markdown_blocks(text)] == ["Un.", "Deux.", "Trois."]
    assert [str(b.html) for b in render_markdown_blocks(text)] == [str(b.html) for b in render_markdown_blocks(text)]


def test_what_the_sanitiser_empties_is_no_paragraph():
    assert [b.text for b in render_markdown_blocks("Avant.\n\n<script>alert(1)</script>\n\nAprès.")] == \
        ["Avant.", "Après."]


def test_empty_text_has_no_block():
    assert render_markdown_blocks("") == [] and render_markdown_blocks(None) == []
