"""What the co-design board adds to a live room: named clusters of cards, and the results kept
when the session closes."""
import json

import sqlalchemy as sa

from roadmap.core.models import created_at_column
from roadmap.extensions import db

CLUSTER_NAME_MAX = 80


class Cluster(db.Model):
    """A named group of cards of one use case in one workshop."""

    __tablename__ = "workshop_cluster"
    __table_args__ = (
        sa.UniqueConstraint("workshop_id", "use_case_id", "name", name="uq_workshop_cluster_name"),
        sa.CheckConstraint(f"length(name) BETWEEN 1 AND {CLUSTER_NAME_MAX}", name="name_length"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    workshop_id = sa.Column(sa.Integer, sa.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False,
                            index=True)
    use_case_id = sa.Column(sa.Integer, sa.ForeignKey("use_case.id", ondelete="CASCADE"), nullable=False)
    name = sa.Column(sa.String(CLUSTER_NAME_MAX), nullable=False)
    created_by_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at = created_at_column()


class WorkshopResult(db.Model):
    """The results of one use case in one session, as they stood when the session closed: its
    clusters with their cards most dots first, and who took part (user ids, so that a person who
    deletes their account disappears from it). Closing again replaces it."""

    __tablename__ = "workshop_result"
    __table_args__ = (sa.UniqueConstraint("workshop_id", "use_case_id", name="uq_workshop_result_use_case"),)

    id = sa.Column(sa.Integer, primary_key=True)
    workshop_id = sa.Column(sa.Integer, sa.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False)
    use_case_id = sa.Column(sa.Integer, sa.ForeignKey("use_case.id", ondelete="CASCADE"), nullable=False,
                            index=True)
    payload = sa.Column(sa.Text, nullable=False)  # JSON, see roadmap.workshops.results
    taken_at = created_at_column()

    workshop = db.relationship("Workshop")

    @property
    def data(self):
        return json.loads(self.payload)
