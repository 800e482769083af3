"""The follow-up's events, reported to roadmap.notifications (its recipient rule: action_watchers)."""
from roadmap.notifications import events


def experiment_moved(experiment, what, actor):
    events.experiment_moved(experiment, what, actor)


def entry_proposed(entry, actor):
    events.timeline_entry_proposed(entry, actor)


def indicator_moved(indicator, value, actor):
    events.indicator_value_added(indicator, value, actor)
