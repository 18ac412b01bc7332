"""Roles are Django groups; platform admins are superusers.

Officers are every signed-in user; the groups add what trainers and
organisation reviewers may do on top.
"""

TRAINERS = "Trainers"
ORGANISATION_REVIEWERS = "Organisation reviewers"
