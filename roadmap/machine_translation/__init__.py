"""A machine translation hook, off by default (MACHINE_TRANSLATION = "").

One plain function, `suggest(text, source_lang, target_lang) -> str`, for any feature that offers
a translation to a person (short content, roadmap editions): a suggestion is never published by
itself, a person accepts it. The engine is chosen by the MACHINE_TRANSLATION setting:

- "libretranslate": a LibreTranslate server on the closed network, MACHINE_TRANSLATION_URL
  (its POST /translate; MACHINE_TRANSLATION_API_KEY if the server asks for one);
- "argos": Argos Translate in this process, if the operator installed it (`pip install
  argostranslate`, not in requirements.txt) and its models from files (.argosmodel), listed in
  MACHINE_TRANSLATION_ARGOS_MODELS (installed at first use) or installed beforehand with argospm.

Every failure (no engine, engine down, timeout, unknown language pair, odd answer) is an
EngineError with a message for the person, shown next to the field.
"""
from flask import current_app
from flask_babel import gettext as _

from roadmap.machine_translation.engines import ENGINES, EngineError

__all__ = ["EngineError", "ENGINES", "enabled", "suggest"]


def enabled():
    """Whether the deployment has a machine translation engine (the forms offer a suggestion)."""
    return bool(current_app.config.get("MACHINE_TRANSLATION"))


def suggest(text, source_lang, target_lang):
    """The engine's translation of `text` from source_lang into target_lang; EngineError otherwise."""
    name = current_app.config.get("MACHINE_TRANSLATION") or ""
    engine = ENGINES.get(name)
    if engine is None:
        raise EngineError(_("Machine translation is not available on this server."))
    if not (text or "").strip():
        raise EngineError(_("There is no text to translate."))
    try:
        result = engine(text, source_lang, target_lang, current_app.config)
    except EngineError:
        raise
    except Exception:  # an engine's own failure must never become a 500
        current_app.logger.exception("Machine translation (%s) failed", name)
        raise EngineError(_("The machine translation failed. Write the translation yourself, or try again later.")) \
            from None
    if not isinstance(result, str) or not result.strip():
        raise EngineError(_("The machine translation gave no text. Write the translation yourself."))
    return result.strip()
