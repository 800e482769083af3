"""Notifications: what happened that needs a person, stored per recipient and shown at /notifications.

Other features call `roadmap.notifications.events` (one function per event, with its recipient
rule in roadmap/notifications/recipients.py); the events call `service.notify`.
"""
