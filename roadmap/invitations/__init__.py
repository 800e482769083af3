"""Invitations: editors invite anybody (/invitations), a territory's lead its members and partners
(/territories/<slug>/invitations); several addresses at once, a personal message, resend, revoke."""
