"""The engines behind roadmap.machine_translation.suggest: `engine(text, source, target, config) -> str`.

A deployment (or a test) may add its own: ENGINES["name"] = function, then MACHINE_TRANSLATION = "name".
"""
import json
import socket
import urllib.error
import urllib.request

from flask_babel import gettext as _


class EngineError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def libretranslate(text, source, target, config):
    url = (config.get("MACHINE_TRANSLATION_URL") or "").rstrip("/")
    if not url:
        raise EngineError(_("Machine translation is not available on this server."))
    payload = {"q": text, "source": source, "target": target, "format": "text"}
    if config.get("MACHINE_TRANSLATION_API_KEY"):
        payload["api_key"] = config["MACHINE_TRANSLATION_API_KEY"]
    request = urllib.request.Request(url + "/translate", data=json.dumps(payload).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    timeout = float(config.get("MACHINE_TRANSLATION_TIMEOUT", 10))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (the operator's URL)
            answer = json.loads(response.read(1_000_000).decode("utf-8"))
    except (socket.timeout, TimeoutError):
        raise EngineError(_("The machine translation took too long. Write the translation yourself, "
                            "or try again later.")) from None
    except (urllib.error.URLError, OSError, ValueError):
        raise EngineError(_("The machine translation failed. Write the translation yourself, "
                            "or try again later.")) from None
    translated = answer.get("translatedText") if isinstance(answer, dict) else None
    if not isinstance(translated, str):
        raise EngineError(_("The machine translation gave no text. Write the translation yourself."))
    return translated


_installed_models = set()


def argos(text, source, target, config):
    try:
        import argostranslate.package
        import argostranslate.translate
    except ImportError:
        raise EngineError(_("Machine translation is not available on this server.")) from None
    for path in config.get("MACHINE_TRANSLATION_ARGOS_MODELS") or ():
        if path not in _installed_models:
            argostranslate.package.install_from_path(path)
            _installed_models.add(path)
    languages = {lang.code: lang for lang in argostranslate.translate.get_installed_languages()}
    origin, goal = languages.get(source), languages.get(target)
    translation = origin.get_translation(goal) if origin is not None and goal is not None else None
    if translation is None:
        raise EngineError(_("The machine translation cannot translate between these two languages."))
    return translation.translate(text)


ENGINES = {"libretranslate": libretranslate, "argos": argos}
