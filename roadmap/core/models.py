"""Column helpers shared by every feature's models."""
import enum

import sqlalchemy as sa

from roadmap.core.timeutil import utcnow


def enum_column(enum_cls, **kwargs):
    """An enum stored as its value in a VARCHAR with a CHECK constraint (portable, readable)."""
    return sa.Column(
        sa.Enum(
            enum_cls,
            native_enum=False,
            create_constraint=True,
            length=32,
            values_callable=lambda members: [m.value for m in members],
            name=enum_cls.__name__.lower(),
        ),
        **kwargs,
    )


class StrEnum(str, enum.Enum):
    def __str__(self):
        return self.value


def created_at_column():
    return sa.Column(sa.DateTime, nullable=False, default=utcnow)


def updated_at_column():
    return sa.Column(sa.DateTime, nullable=False, default=utcnow, onupdate=utcnow)
