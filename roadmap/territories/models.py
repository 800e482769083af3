"""Territories, partner organisations, and the memberships that give people their rights."""
import sqlalchemy as sa

from roadmap.core.models import StrEnum, created_at_column, enum_column
from roadmap.extensions import db


class TerritoryKind(StrEnum):
    CITY = "city"
    METROPOLIS = "metropolis"
    REGION = "region"
    OTHER = "other"


class OrganisationKind(StrEnum):
    LARGE_COMPANY = "large_company"
    SME = "sme"
    STARTUP = "startup"
    ASSOCIATION = "association"
    RESEARCH = "research"
    PUBLIC_BODY = "public_body"


class MembershipRole(StrEnum):
    LEAD = "lead"
    MEMBER = "member"


organisation_territory = sa.Table(
    "organisation_territory",
    db.metadata,
    sa.Column("organisation_id", sa.ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("territory_id", sa.ForeignKey("territory.id", ondelete="CASCADE"), primary_key=True),
)


class Territory(db.Model):
    __tablename__ = "territory"

    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(120), nullable=False)
    slug = sa.Column(sa.String(120), nullable=False, unique=True)
    country = sa.Column(sa.String(2), nullable=False)  # ISO 3166-1 alpha-2
    kind = enum_column(TerritoryKind, nullable=False)
    description = sa.Column(sa.Text, nullable=False, default="")
    created_at = created_at_column()

    organisations = db.relationship(
        "Organisation", secondary=organisation_territory, back_populates="territories",
        order_by="Organisation.name",
    )
    memberships = db.relationship("Membership", back_populates="territory", cascade="all, delete-orphan")

    def __repr__(self):
        return f"<Territory {self.slug}>"


class Organisation(db.Model):
    __tablename__ = "organisation"

    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(160), nullable=False, unique=True)
    kind = enum_column(OrganisationKind, nullable=False)
    description = sa.Column(sa.Text, nullable=False, default="")
    created_at = created_at_column()

    territories = db.relationship(
        "Territory", secondary=organisation_territory, back_populates="organisations",
        order_by="Territory.name",
    )
    memberships = db.relationship("Membership", back_populates="organisation", cascade="all, delete-orphan")


class Membership(db.Model):
    """A user belongs to a territory (as lead or member) or to a partner organisation."""

    __tablename__ = "membership"
    __table_args__ = (
        sa.CheckConstraint(
            "(territory_id IS NOT NULL AND organisation_id IS NULL)"
            " OR (territory_id IS NULL AND organisation_id IS NOT NULL AND role = 'member')",
            name="one_target",
        ),
        sa.UniqueConstraint("user_id", "territory_id", name="uq_membership_user_territory"),
        sa.UniqueConstraint("user_id", "organisation_id", name="uq_membership_user_organisation"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    user_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    territory_id = sa.Column(
        sa.Integer, sa.ForeignKey("territory.id", ondelete="CASCADE"), nullable=True, index=True
    )
    organisation_id = sa.Column(
        sa.Integer, sa.ForeignKey("organisation.id", ondelete="CASCADE"), nullable=True, index=True
    )
    role = enum_column(MembershipRole, nullable=False, default=MembershipRole.MEMBER)
    created_at = created_at_column()

    user = db.relationship("User", back_populates="memberships")
    territory = db.relationship("Territory", back_populates="memberships")
    organisation = db.relationship("Organisation", back_populates="memberships")
