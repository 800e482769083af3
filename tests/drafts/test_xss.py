"""A corpus of XSS payloads through the Markdown renderer and every roadmap field shown on a page.

The output is parsed like a browser would (html.parser) and must hold no active markup: no script,
frame, object, SVG/MathML, style or image element, no event handler, no style attribute, and no
link to anything but http(s), mailto or a relative address.
"""
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest

from roadmap.core.markdown import render_markdown, render_markdown_blocks
from roadmap.drafts.models import Comment, CommentReport, VersionState
from roadmap.extensions import db
from tests.drafts.factories import make_comment, make_version
from tests.factories import login, make_editor, make_lead, make_territory

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script/src=data:,alert(1)></script>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"javascript:alert(1)\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<img src=`javascript:alert(1)`>",
    "<img \"\"\"><script>alert(1)</script>\">",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"20\" y=\"20\">X</text></a></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<a href=\"javascript:alert(1)\">clic</a>",
    "<a href=\"JAVASCRIPT:alert(1)\">clic</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">clic</a>",
    "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)\">clic</a>",
    "<a href=\"java\tscript:alert(1)\">clic</a>",
    "<a href=\"java&#x09;script:alert(1)\">clic</a>",
    "<a href=\" &#14; javascript:alert(1)\">clic</a>",
    "<a href=\"vbscript:msgbox(1)\">clic</a>",
    "<a href=\"data:text/html,<script>alert(1)</script>\">clic</a>",
    "<a href=\"x\" onclick=\"alert(1)\">clic</a>",
    "<a href=\"x\" style=\"position:fixed;top:0\">clic</a>",
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](javascript&#58;alert(1))",
    "[clic](&#106;avascript:alert(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[clic](vbscript:alert(1))",
    "[clic]( javascript:alert(1) )",
    "[clic][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![image](https://evil.example/track.png)",
    "![x](javascript:alert(1))",
    "![x](x \"onerror=alert(1)\")",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<link rel=stylesheet href=\"javascript:alert(1)\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<button formaction=\"javascript:alert(1)\">x</button>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=\"alert(1)\"></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<template><script>alert(1)</script></template>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
    "<p title=\"x\" onmouseover=\"alert(1)\">survol</p>",
    "<div id=\"x\" class=\"y\" onclick='alert(1)'>x</div>",
    "<img src=x onerror=alert(1)",
    "<<script>alert(1)//<</script>",
    "<a href=\"javascript:alert(1)\"",
    "`<script>alert(1)</script>` and ```\n<script>alert(1)</script>\n```",
    "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | <script>alert(1)</script> |",
    "Note[^1]\n\n[^1]: <script>alert(1)</script> [x](javascript:alert(1))",
    "# Titre <img src=x onerror=alert(1)>",
    "> <a href=\"javascript:alert(1)\">citation</a>",
    "- <svg/onload=alert(1)>\n- élément",
    "<a href=\"https://example.org\" target=\"_blank\" onmouseover=\"alert(1)\">ok</a>",
    "<xss onafterscriptexecute=alert(1)><script>1</script>",
    "<sCrIpT>alert(String.fromCharCode(88,83,83))</sCrIpT>",
    "<a href=\"%6A%61%76%61%73%63%72%69%70%74:alert(1)\">pourcent</a>",
    "<a href=\"\\x6Aavascript:alert(1)\">clic</a>",
]

FORBIDDEN_TAGS = {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
                  "img", "image", "video", "audio", "source", "link", "meta", "base", "template", "noscript",
                  "marquee", "xss", "animate"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcdoc"}
SAFE_SCHEMES = {"http", "https", "mailto"}


def url_scheme(value):
    """The scheme a browser reads (WHATWG URL: trim C0 controls and spaces, drop tabs and newlines)."""
    url = re.sub(r"[\t\n\r]", "", value.strip("".join(chr(c) for c in range(0x21))))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return match.group(1).lower() if match else None


class ActiveMarkup(HTMLParser):
    """Collects what a browser would execute or fetch."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in {"style", "srcdoc", "formaction"}:
                self.problems.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES and value is not None:
                scheme = url_scheme(value)
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    self.problems.append(f"{tag}[{name}={value!r}]")
            if tag == "form" and name == "action" and value and not value.startswith("/"):
                self.problems.append(f"form[action={value!r}]")

    handle_startendtag = handle_starttag


def active_markup(html):
    parser = ActiveMarkup()
    parser.feed(str(html))
    parser.close()
    return parser.problems


def main_content(page):
    """The page's <main>: the only place user content goes (the layout's own scripts are outside)."""
    start, end = page.index("<main"), page.index("</main>")
    return page[start:end]


def test_the_corpus_is_large_enough():
    assert len(PAYLOADS) >= 50


def test_the_checker_catches_active_markup():
    assert active_markup("<script>x</script>") and active_markup('<a href="javascript:x">')
    assert active_markup('<a href=" java\tscript:x">') and active_markup('<p onclick="x">')
    assert active_markup('<a href="&#106;avascript:x">') and not active_markup('<a href="https://a.b/c">x</a>')
    assert active_markup('<a href="\x01 jav\nascript:x">') and not active_markup('<a href="#md-fn:1">x</a>')


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_through_the_renderer(payload):
    assert active_markup(render_markdown(payload)) == []
    assert active_markup("".join(block.html for block in render_markdown_blocks(payload))) == []


def _payload_roadmap():
    territory = make_territory()
    lead, editor = make_lead(territory), make_editor()
    sections = [(f"Titre {i} {payload}", f"Avant.\n\n{payload}\n\nAprès {i}.") for i, payload in enumerate(PAYLOADS)]
    make_version(VersionState.PUBLISHED, number=1, sections=[("Ancien", "Texte ancien.")], keys=["k0"])
    version = make_version(VersionState.CONSULTATION, number=2, sections=sections,
                           keys=[f"k{i}" for i in range(len(PAYLOADS))])
    for i, (section, payload) in enumerate(zip(version.sections, PAYLOADS)):
        comment = make_comment(lead, section, body=payload, paragraph_id=f"p-{section.id}-0", quote="Avant.",
                               answer=payload, age=timedelta(minutes=1))
        comment.status = "answered"
        make_comment(lead, section, body="Réponse " + payload, parent=comment)
        if i % 2:
            comment.hidden_at, comment.hidden_reason, comment.hidden_by = comment.created_at, payload, editor
        db.session.add(CommentReport(comment=comment, reporter=editor, reason=payload))
    db.session.commit()
    return version, lead, editor


def _assert_inert(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert active_markup(main_content(response.get_data(as_text=True))) == [], path
    return response


def test_every_payload_in_every_roadmap_field_is_inert_for_editors(app, client):
    from roadmap.drafts.service import paragraphs

    version, _lead, editor = _payload_roadmap()
    login(client, editor)
    pages = ["/roadmap/v/2", "/roadmap/compare?from=1&to=2", "/roadmap/v/2/comments",
             "/roadmap/v/2/comments?page=2", "/roadmap/v/2/comments?page=3"]
    pages += [f"/roadmap/sections/{s.id}/comment?paragraph={pid}" for s in version.sections
              for pid, _block in paragraphs(s)]
    pages += [f"/roadmap/sections/{version.sections[0].id}/comment"]
    for comment in db.session.query(Comment):  # the forms an editor may open (no answer to a reply,
        if not comment.is_reply:                 # no hiding twice): the others are refused
            pages.append(f"/roadmap/comments/{comment.id}/answer")
        if not comment.hidden:
            pages.append(f"/roadmap/comments/{comment.id}/hide")
    for path in pages:
        _assert_inert(client, path)


def test_every_payload_is_inert_for_the_authors(app, client):
    version, lead, _editor = _payload_roadmap()
    login(client, lead)
    for path in ["/roadmap/v/2", "/roadmap/my-comments"]:
        response = _assert_inert(client, path)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.get_data(as_text=True)
    for comment in db.session.query(Comment).filter(Comment.hidden_at.is_(None)):
        _assert_inert(client, f"/roadmap/comments/{comment.id}/report")
        _assert_inert(client, f"/roadmap/comments/{comment.id}/edit")


def test_comments_posted_through_the_form_are_inert(app, client):
    from tests.conftest import post

    territory = make_territory()
    lead = make_lead(territory)
    version = make_version(VersionState.CONSULTATION)
    section = version.sections[0]
    login(client, lead)
    for payload in PAYLOADS[:20]:
        response = post(client, f"/roadmap/sections/{section.id}/comment", {"body": payload, "stance": "objects"})
        assert response.status_code == 302
    page = client.get("/roadmap/v/1").get_data(as_text=True)
    assert active_markup(main_content(page)) == []
