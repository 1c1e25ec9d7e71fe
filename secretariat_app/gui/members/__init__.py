"""The member roll's GUI parts: the lazy table model, the detail panel, dialogs and the import wizard.

The page itself is ``gui/pages/members.py``; dashboard cards ``gui/cards/members.py``; the levels
and number prefix in Settings ``gui/settings_sections/members.py``.
"""
