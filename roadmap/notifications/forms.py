"""The e-mail preferences: for each kind of notification, one of three ways to hear of it."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import InputRequired

from roadmap.notifications.labels import KIND_NAMES
from roadmap.notifications.models import EmailDelivery

DELIVERY_CHOICES = [
    (EmailDelivery.APP.value, _l("In the application only")),
    (EmailDelivery.IMMEDIATE.value, _l("By e-mail at once")),
    (EmailDelivery.DIGEST.value, _l("In a daily digest")),
]


def field_name(kind):
    return f"kind_{kind}"


class _PreferencesBase(FlaskForm):
    def choices(self):
        """{kind: delivery} of a validated form."""
        return {kind: getattr(self, field_name(kind)).data for kind in KIND_NAMES}

    def kind_fields(self):
        return [getattr(self, field_name(kind)) for kind in KIND_NAMES]


EmailPreferencesForm = type("EmailPreferencesForm", (_PreferencesBase,), {
    field_name(kind): RadioField(label, choices=DELIVERY_CHOICES,
                                 validators=[InputRequired(_l("Choose how to hear of it."))])
    for kind, label in KIND_NAMES.items()
})


def preferences_form(current, formdata=None):
    """The form filled with the person's current choices ({kind: EmailDelivery}) when not posted."""
    data = {field_name(kind): delivery.value for kind, delivery in current.items()}
    if formdata is None:
        return EmailPreferencesForm(data=data)
    return EmailPreferencesForm(formdata=formdata)
