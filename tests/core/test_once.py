"""One-time tokens of creation forms: a token is claimed once; bad or missing tokens claim nothing."""
import pytest

from roadmap.core.once import AlreadySubmitted, FormSubmission, claim_form_token, new_form_token
from roadmap.extensions import db


def test_a_token_is_claimed_once(app):
    token = new_form_token()
    claim_form_token(token)
    db.session.commit()
    with pytest.raises(AlreadySubmitted):
        claim_form_token(token)
    db.session.rollback()
    assert db.session.get(FormSubmission, token) is not None


def test_a_refused_claim_leaves_the_rest_of_the_transaction_alone(app):
    token = new_form_token()
    claim_form_token(token)
    other = new_form_token()
    claim_form_token(other)
    with pytest.raises(AlreadySubmitted):
        claim_form_token(token)
    db.session.commit()  # the savepoint was rolled back, not the transaction
    assert db.session.get(FormSubmission, other) is not None


@pytest.mark.parametrize("token", [None, "", "short", "x" * 65, "has spaces in it here!", "<script>alert(1)</script>"])
def test_missing_or_malformed_tokens_claim_nothing(app, token):
    claim_form_token(token)
    claim_form_token(token)
    db.session.commit()
    assert db.session.query(FormSubmission).count() == 0
