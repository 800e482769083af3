"""The invitation form: several addresses, one per line, each checked on its own."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Optional, ValidationError

from roadmap.accounts.labels import ROLE_LABELS
from roadmap.accounts.models import InvitedRole
from roadmap.core.forms import max_length, required, single_email_address
from roadmap.core.once import once_field
from roadmap.territories.forms import ORGANISATION_KIND_LABELS

MAX_ADDRESSES = 50
MESSAGE_MAX = 2000
NEW_ORGANISATION = -1  # the organisation select's "create a new one" choice


class AddressProblem:
    """One address refused: its line, what was typed and why. Shown next to the field."""

    def __init__(self, line, typed, message):
        self.line, self.typed, self.message = line, typed, str(message)

    def __str__(self):
        return str(_l("Line %(line)d, “%(typed)s”: %(message)s", line=self.line, typed=self.typed,
                      message=self.message))


def parse_addresses(text):
    """([(line, normalised address)], [AddressProblem]) of the lines typed; blank lines are skipped,
    an address typed twice is refused the second time."""
    addresses, problems, seen = [], [], set()
    for line, typed in enumerate((text or "").splitlines(), start=1):
        typed = typed.strip()
        if not typed:
            continue
        try:
            address = single_email_address(typed).lower()
        except ValidationError as error:
            problems.append(AddressProblem(line, typed, error.args[0]))
            continue
        if address in seen:
            problems.append(AddressProblem(line, typed, _l("This address is already on an earlier line.")))
            continue
        seen.add(address)
        addresses.append((line, address))
    return addresses, problems


class InvitationForm(FlaskForm):
    once = once_field()  # the same form sent twice invites once (roadmap/core/once.py)
    addresses = TextAreaField(
        _l("E-mail addresses"), validators=[required(), max_length(MAX_ADDRESSES * 255)],
        description=_l("One address per line, at most %(max)d. Nothing is sent until every address is valid.",
                       max=MAX_ADDRESSES))
    role = SelectField(_l("Role"), choices=[(role.value, ROLE_LABELS[role.value]) for role in
                                            (InvitedRole.LEAD, InvitedRole.MEMBER, InvitedRole.PARTNER,
                                             InvitedRole.EDITOR)])
    territory = SelectField(_l("Territory"), coerce=int, validators=[Optional()],
                            description=_l("For a territory lead or member; for a partner, the territory its "
                                           "organisation will be tied to."))
    organisation = SelectField(_l("Organisation"), coerce=int, validators=[Optional()],
                               description=_l("For a partner."))
    new_organisation_name = StringField(_l("Name of the new organisation"), validators=[max_length(160)],
                                        description=_l("When the partner's organisation is not in the list yet."))
    new_organisation_kind = SelectField(_l("Kind of the new organisation"),
                                        choices=[(k.value, label) for k, label in ORGANISATION_KIND_LABELS.items()],
                                        default="sme")
    message = TextAreaField(_l("Personal message (optional)"), validators=[max_length(MESSAGE_MAX)],
                            description=_l("Added to the e-mail, signed with your name."))

    def __init__(self, *args, roles, territory=None, organisations=(), territories=(), **kwargs):
        """roles: the roles this person may give; territory: fixed (a lead's page) or None (a choice)."""
        super().__init__(*args, **kwargs)
        self.role.choices = [(value, label) for value, label in self.role.choices if value in roles]
        self.fixed_territory = territory
        self.territory.choices = [(0, "—")] + [(t.id, t.name) for t in territories]
        if territory is not None:
            self.territory.choices = [(territory.id, territory.name)]
            self.territory.data = territory.id
        self.organisation.choices = [(0, "—")] + [(o.id, o.name) for o in organisations] + [
            (NEW_ORGANISATION, str(_l("A new organisation (name below)")))]
        self.parsed, self.address_problems = [], []

    def validate_addresses(self, field):
        self.parsed, self.address_problems = parse_addresses(field.data)
        if self.address_problems:
            raise ValidationError(_l("Correct the addresses below: nothing has been sent."))
        if not self.parsed:
            raise ValidationError(_l("This field is required."))
        if len(self.parsed) > MAX_ADDRESSES:
            raise ValidationError(_l("At most %(max)d addresses at once.", max=MAX_ADDRESSES))

    def validate(self, extra_validators=None):
        if self.fixed_territory is not None:
            self.territory.data = self.fixed_territory.id
        ok = super().validate(extra_validators)
        role = self.role.data
        if role in (InvitedRole.LEAD.value, InvitedRole.MEMBER.value) and not self.territory.data:
            self.territory.errors = list(self.territory.errors) + [_l("Choose the territory of this person.")]
            ok = False
        if role == InvitedRole.PARTNER.value:
            if not self.organisation.data:
                self.organisation.errors = list(self.organisation.errors) + [
                    _l("Choose the organisation of this partner.")]
                ok = False
            elif self.organisation.data == NEW_ORGANISATION and not (self.new_organisation_name.data or "").strip():
                self.new_organisation_name.errors = list(self.new_organisation_name.errors) + [
                    _l("Give the name of the new organisation.")]
                ok = False
        return ok

    def add_problems(self, problems):
        """Problems the service found (an account exists, an invitation waits): marked like the others."""
        self.address_problems = sorted(self.address_problems + problems, key=lambda p: p.line)
        self.addresses.errors = list(self.addresses.errors or []) or [
            _l("Correct the addresses below: nothing has been sent.")]
