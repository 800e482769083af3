"""The PDF marks the content written in another language than the document's; the open-data CSV
says each text's language."""
import csv
import io
import zipfile
from dataclasses import replace

from roadmap.drafts.models import CommentStatus, VersionState
from roadmap.exports.opendata import open_data_zip
from roadmap.exports.render import build_html, make_context
from roadmap.exports.service import options_for
from roadmap.extensions import db
from tests.drafts.factories import make_comment, make_version
from tests.factories import make_user


def _mixed_version():
    version = make_version(VersionState.PUBLISHED, sections=(("Introduction", "Un texte."), ("Summary", "A text.")))
    version.sections[1].language = "en"
    author = make_user()
    english = make_comment(author, version.sections[0], "An English comment.", status=CommentStatus.ACCEPTED,
                           answer="Merci.")
    english.language, english.answer_language = "en", "fr"
    db.session.commit()
    return version


def test_the_french_pdf_marks_the_english_content_and_the_english_one_the_french(app):
    _mixed_version()
    french = build_html(make_context(options_for()))
    assert '<html lang="fr">' in french
    assert 'lang="en">' in french[french.index("<h2>Summary</h2>") - 120:french.index("<h2>Summary</h2>")]
    assert '<p class="comment-body" lang="en">An English comment.</p>' in french
    assert 'Merci.</p>' in french and 'lang="fr">Merci.' not in french  # the answer is in the document's language
    options = options_for()
    english = build_html(make_context(replace(options, locale="en")))
    assert '<html lang="en">' in english
    assert '<p class="comment-body">An English comment.</p>' in english
    assert '<span lang="fr">Merci.</span>' in english


def test_the_open_data_csv_gives_each_texts_language(app):
    _mixed_version()
    archive = zipfile.ZipFile(io.BytesIO(open_data_zip(make_context(options_for()))))

    def rows(table):  # the comma-separated file at the top of the archive
        return list(csv.DictReader(io.StringIO(archive.read(f"{table}.csv").decode("utf-8-sig"))))

    assert [(r["title"], r["lang"]) for r in rows("roadmap_sections")] == [("Introduction", "fr"), ("Summary", "en")]
    comment = rows("consultation_comments")[0]
    assert (comment["comment"], comment["lang"], comment["answer_lang"]) == ("An English comment.", "en", "fr")
