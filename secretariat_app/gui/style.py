"""The look of the program: one palette, one font, one style sheet for every page.

Pages stay consistent by using the *roles* below (dynamic properties) instead of their own colours:

- ``QLabel[role="pageTitle"]`` / ``[role="pageSubtitle"]``: a page's heading (see ``widgets.common.PageHeader``);
- ``QLabel[role="sectionTitle"]``: a heading inside a page or a card;
- ``QLabel[role="muted"]``: secondary text; ``[role="error"]``: a field's error; ``[role="notice"]``: a hint;
- ``QFrame[role="card"]``: a white panel with a thin border (cards, charts, forms);
- ``QPushButton[primary="true"]``: the one main action of a page or dialog;
- ``QFrame[role="banner"]`` with ``[kind="error"|"info"]``: a message strip above a form.

Colours for charts and figures come from ``PALETTE``/``ACCENTS`` so that every chart matches.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

# Series colours of charts (calm, distinguishable, print well).
PALETTE = ["#2f6fde", "#19a58a", "#f0a02c", "#e0555a", "#7b61d1", "#2aa5c9", "#8c9bb0", "#c46f2e"]
ACCENT = "#2f6fde"
ACCENTS = {"blue": "#2f6fde", "green": "#19a58a", "orange": "#f0a02c", "red": "#e0555a", "purple": "#7b61d1",
           "grey": "#8c9bb0"}
TEXT = "#1f2933"
MUTED = "#6b7785"
BORDER = "#dfe4ea"
WINDOW = "#f3f5f8"
NAV_BG = "#1d2a3a"
NAV_TEXT = "#c7d1de"
ERROR = "#d0393e"

# CJK-capable UI fonts, best first: Windows, macOS, Linux.
FONT_FAMILIES = ["Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
                 "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimSun"]

STYLE_SHEET = f"""
QMainWindow, QDialog {{ background: {WINDOW}; }}
QWidget#pageStack > QWidget {{ background: {WINDOW}; }}
QLabel[role="pageTitle"] {{ font-size: 18px; font-weight: bold; color: {TEXT}; }}
QLabel[role="pageSubtitle"], QLabel[role="muted"] {{ color: {MUTED}; }}
QLabel[role="sectionTitle"] {{ font-size: 14px; font-weight: bold; color: {TEXT}; }}
QLabel[role="error"] {{ color: {ERROR}; }}
QLabel[role="notice"] {{ color: #8a5a00; }}
QFrame[role="card"] {{ background: #ffffff; border: 1px solid {BORDER}; border-radius: 6px; }}
QFrame[role="card"] QLabel {{ background: transparent; border: none; }}
QFrame[role="banner"] {{ border-radius: 4px; padding: 2px; }}
QFrame[role="banner"][kind="error"] {{ background: #fdecec; border: 1px solid #f3b9bb; }}
QFrame[role="banner"][kind="info"] {{ background: #eaf2fe; border: 1px solid #b9d1f6; }}
QFrame[role="banner"][kind="warning"] {{ background: #fff6e0; border: 1px solid #f1d08a; }}

QFrame#navBar {{ background: {NAV_BG}; }}
QLabel#navBrand {{ color: #ffffff; font-size: 15px; font-weight: bold; }}
QLabel#navFooter {{ color: #7f8fa3; font-size: 11px; }}
QListWidget#navList {{ background: transparent; border: none; outline: none; color: {NAV_TEXT}; font-size: 14px; }}
QListWidget#navList::item {{ height: 42px; padding-left: 14px; border-left: 3px solid transparent; }}
QListWidget#navList::item:hover {{ background: #263649; color: #ffffff; }}
QListWidget#navList::item:selected {{ background: #2b3d55; color: #ffffff; border-left: 3px solid #4d8ef5; }}

QPushButton {{ min-height: 24px; padding: 3px 14px; border: 1px solid #c3ccd7; border-radius: 4px;
              background: #ffffff; color: {TEXT}; }}
QPushButton:hover {{ background: #f0f5fd; border-color: #8fb2ea; }}
QPushButton:pressed {{ background: #e1ebfb; }}
QPushButton:disabled {{ color: #a5aeb9; background: #f5f6f8; border-color: #dde2e8; }}
QPushButton[primary="true"] {{ background: {ACCENT}; color: #ffffff; border-color: {ACCENT}; }}
QPushButton[primary="true"]:hover {{ background: #2861c6; }}
QPushButton[primary="true"]:disabled {{ background: #9dbbef; border-color: #9dbbef; }}
QLineEdit, QComboBox, QSpinBox, QDateEdit, QPlainTextEdit, QTextEdit {{
    min-height: 24px; padding: 1px 6px; border: 1px solid #c3ccd7; border-radius: 3px; background: #ffffff;
    selection-background-color: {ACCENT}; }}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QDateEdit:focus, QPlainTextEdit:focus {{ border-color: {ACCENT}; }}
QLineEdit[invalid="true"], QComboBox[invalid="true"], QSpinBox[invalid="true"] {{ border-color: {ERROR}; }}
QLineEdit:read-only {{ background: #f5f7fa; }}
QComboBox {{ padding-right: 20px; }}
QComboBox::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right; width: 20px; border: none; }}
QComboBox::down-arrow {{ image: url({{icons}}/chevron-down.svg); width: 10px; height: 10px; }}
QComboBox QAbstractItemView {{ border: 1px solid #c3ccd7; selection-background-color: #e1ebfb; selection-color: {TEXT}; }}
QDateEdit::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right; width: 20px; border: none; }}
QDateEdit::down-arrow {{ image: url({{icons}}/chevron-down.svg); width: 10px; height: 10px; }}
QToolButton {{ min-height: 22px; padding: 2px 10px; border: 1px solid #c3ccd7; border-radius: 4px;
              background: #ffffff; color: {TEXT}; }}
QToolButton:hover {{ background: #f0f5fd; border-color: #8fb2ea; }}
QToolButton:pressed, QToolButton:checked {{ background: #e1ebfb; }}
QToolButton:disabled {{ color: #a5aeb9; background: #f5f6f8; border-color: #dde2e8; }}
QToolButton[popupMode="2"] {{ padding-right: 20px; }}
QToolButton::menu-indicator {{ image: url({{icons}}/chevron-down.svg); subcontrol-origin: padding;
    subcontrol-position: center right; width: 9px; height: 9px; right: 6px; }}
QToolBar QToolButton {{ border: none; background: transparent; padding: 3px; }}
QPushButton::menu-indicator {{ image: url({{icons}}/chevron-down.svg); subcontrol-origin: padding;
    subcontrol-position: center right; width: 9px; height: 9px; right: -8px; }}
QSpinBox, QDateEdit {{ padding-right: 18px; }}
QSpinBox::up-button, QDateEdit::up-button {{ subcontrol-origin: border; subcontrol-position: top right; width: 18px;
    border: none; border-left: 1px solid #e1e6ec; border-top-right-radius: 3px; }}
QSpinBox::down-button, QDateEdit::down-button {{ subcontrol-origin: border; subcontrol-position: bottom right; width: 18px;
    border: none; border-left: 1px solid #e1e6ec; border-bottom-right-radius: 3px; }}
QSpinBox::up-button:hover, QSpinBox::down-button:hover, QDateEdit::up-button:hover, QDateEdit::down-button:hover {{
    background: #eef3fb; }}
QSpinBox::up-arrow, QDateEdit::up-arrow {{ image: url({{icons}}/chevron-up.svg); width: 9px; height: 9px; }}
QSpinBox::down-arrow, QDateEdit::down-arrow {{ image: url({{icons}}/chevron-down.svg); width: 9px; height: 9px; }}
QTabWidget::pane {{ border: 1px solid {BORDER}; background: #ffffff; top: -1px; }}
QTabBar::tab {{ padding: 6px 16px; border: 1px solid transparent; border-bottom: none; color: {MUTED}; }}
QTabBar::tab:selected {{ background: #ffffff; border-color: {BORDER}; color: {TEXT}; font-weight: bold; }}
QTabBar::tab:hover:!selected {{ color: {TEXT}; }}
QTableView, QTreeView, QListView {{ background: #ffffff; border: 1px solid {BORDER}; gridline-color: #edf0f4;
    selection-background-color: #dce8fb; selection-color: {TEXT}; alternate-background-color: #f8fafc; }}
QHeaderView::section {{ background: #f0f3f7; color: #3e4a59; padding: 4px 6px; border: none;
    border-right: 1px solid {BORDER}; border-bottom: 1px solid {BORDER}; font-weight: bold; }}
QStatusBar {{ background: #eef1f5; border-top: 1px solid {BORDER}; color: #3e4a59; }}
QStatusBar QLabel {{ padding: 0 6px; }}
QMenuBar {{ background: #ffffff; border-bottom: 1px solid {BORDER}; }}
QMenuBar::item {{ padding: 4px 10px; }}
QMenuBar::item:selected {{ background: #e8effb; }}
QMenu {{ background: #ffffff; border: 1px solid #c9d1dc; padding: 4px 0; }}
QMenu::item {{ padding: 5px 28px 5px 24px; }}
QMenu::item:selected {{ background: #e1ebfb; color: {TEXT}; }}
QMenu::separator {{ height: 1px; background: {BORDER}; margin: 4px 8px; }}
QToolTip {{ background: #ffffff; color: {TEXT}; border: 1px solid #c9d1dc; padding: 3px; }}
"""


def pick_font_family() -> str | None:
    available = set(QFontDatabase.families())
    for family in FONT_FAMILIES:
        if family in available:
            return family
    return None


def apply_style(app: QApplication) -> None:
    """Fusion with a light palette, a CJK UI font and the program's style sheet."""
    app.setStyle("Fusion")
    pal = app.palette()
    pal.setColor(QPalette.ColorRole.Window, QColor(WINDOW))
    pal.setColor(QPalette.ColorRole.WindowText, QColor(TEXT))
    pal.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    pal.setColor(QPalette.ColorRole.AlternateBase, QColor("#f8fafc"))
    pal.setColor(QPalette.ColorRole.Text, QColor(TEXT))
    pal.setColor(QPalette.ColorRole.Button, QColor("#ffffff"))
    pal.setColor(QPalette.ColorRole.ButtonText, QColor(TEXT))
    pal.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    pal.setColor(QPalette.ColorRole.ToolTipBase, QColor("#ffffff"))
    pal.setColor(QPalette.ColorRole.ToolTipText, QColor(TEXT))
    pal.setColor(QPalette.ColorRole.PlaceholderText, QColor("#9aa5b1"))
    app.setPalette(pal)
    font = QFont(app.font())
    family = pick_font_family()
    if family:
        font.setFamilies([family] + [f for f in FONT_FAMILIES if f != family])
    font.setPointSizeF(9.0 if sys.platform == "win32" else 10.0)
    app.setFont(font)
    from secretariat_app.gui.widgets import resource_path

    app.setStyleSheet(STYLE_SHEET.replace("{icons}", resource_path("icons").as_posix()))


def repolish(widget) -> None:
    """Re-apply the style sheet after changing a role property at run time."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
