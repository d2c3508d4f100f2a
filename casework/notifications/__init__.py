"""The notification centre: a person's reminders in the app and in a daily e-mail digest.

Reminder rows are made by `casework.reminders.sweep`; this package reads them for one viewer
(selectors), changes their state at the person's request (services), and shows them (views,
context processor for the navigation badge, digest e-mail).
"""
