"""What the short translations hold about a person (see roadmap/privacy/registry.py): the
translations they wrote or, from a machine, accepted. On erasure they stay, without a name, like
the SWOT items they translate (SET NULL on the translator)."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from roadmap.content_translations.models import ContentTranslation
from roadmap.extensions import db
from roadmap.privacy.registry import PersonalDataProvider, iso


def _translations(user):
    rows = db.session.scalars(select(ContentTranslation).where(ContentTranslation.translator_id == user.id)
                              .order_by(ContentTranslation.created_at, ContentTranslation.id))
    return [{"kind": t.kind, "object_id": t.object_id, "lang": t.language, "source": t.source.value,
             "text": t.text, "created_at": iso(t.created_at), "updated_at": iso(t.updated_at)} for t in rows]


PROVIDERS = [PersonalDataProvider("translations", _l("Translations you made or accepted"), _translations)]
