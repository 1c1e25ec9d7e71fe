"""Meeting documents: sign-in sheet (签到表), minutes (会议纪要) and notice (会议通知) — DOMAIN.md §4.

Plain data in, PDF bytes out: the meetings actions read the record from the book (``core.meetings``:
``meeting_record`` with the body's ``members`` for the sign-in sheet, ``minutes_data``, ``notice_data``)
and hand it here, so the approved minutes print their frozen record; the actions write the file.
``minutes_pdf(data, footer=False)`` is what the reports' submission package embeds.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph

from secretariat_app.core.meetings.models import (
    BALLOT_LABELS,
    MAJORITY_LABELS,
    STATUS_LABELS,
    SUBJECT_LABELS,
    UNRECORDED_LABEL,
)
from secretariat_app.core.meetings.queries import kind_label
from secretariat_app.i18n import _, format_date
from secretariat_app.pdf.kit import (
    KitStyles,
    SealBox,
    SignatureLines,
    get_styles,
    heading,
    kit_table,
    markup,
    para,
    pdf_bytes,
    spacer,
    title_block,
)

CN_NUMERALS = "一二三四五六七八九十"


def _ordinal(n: int, st: KitStyles, paren: bool = False) -> str:
    if st.lang.startswith("zh"):
        num = CN_NUMERALS[n - 1] if n <= 10 else str(n)
        return f"（{num}）" if paren else f"{num}、"
    return f"({n}) " if paren else f"{n}. "


def _when(rec: dict) -> str:
    d = format_date(date.fromisoformat(rec["date"]))
    times = "–".join(t for t in (rec.get("start_time"), rec.get("end_time")) if t)
    return f"{d} {times}".strip()


def _kv_table(pairs: list[tuple[str, str]], st: KitStyles) -> Flowable:
    rows = []
    for i in range(0, len(pairs), 2):
        row: list[str] = []
        for label, value in pairs[i:i + 2]:
            row += [label, value or "—"]
        row += [""] * (4 - len(row))
        rows.append(row)
    style = [("BACKGROUND", (c, 0), (c, -1), "#eef0f3") for c in (0, 2)]
    style += [("FONT", (c, 0), (c, -1), st.bold, 9.5) for c in (0, 2)]
    return kit_table(rows, widths=[None, "1*", None, "1*"], header_rows=0, zebra=False, font_size=9.5,
                     styles=st, style=style)



# ---- sign-in sheet ------------------------------------------------------------------------

def signin_story(rec: dict, st: KitStyles) -> list[Flowable]:
    story: list[Flowable] = []
    story += title_block(_("Sign-in sheet: {title}").format(title=rec["title"]), styles=st,
                         left=_("Time: {when}").format(when=_when(rec)),
                         right=_("Place: {place}").format(place=rec["place"] or "—"))
    head = [_("No."), _("Member no."), _("Member"), _("Post / level"), _("Attending"), _("Signature"), _("Note")]
    rows = [head]
    for i, m in enumerate(rec["members"], start=1):
        person = m["person"] or (m["post_person"] if m["post_person"] != m["name"] else "")
        rows.append([str(i), m["no"], m["name"], m["post"] or m["level"], person, "", ""])
    pad = [("TOPPADDING", (0, 1), (-1, -1), 7), ("BOTTOMPADDING", (0, 1), (-1, -1), 7)]
    story.append(kit_table(rows, widths=[None, None, "3*", None, "1.4*", "1.8*", "0.9*"],
                           align=["center", "center", "left", "center", "left", "left", "left"], zebra=False,
                           styles=st, style=pad))
    story.append(spacer(2))
    story.append(para(_("Expected: {n}").format(n=len(rec["members"])) + "　" +
                      _("Signed: ______") , "small", styles=st))
    if rec["guests"]:
        story += [CondPageBreak(40 * mm), heading(_("Invited guests"), 2, styles=st, bookmark=False)]
        rows = [[_("No."), _("Name"), _("Organization"), _("Position"), _("Signature")]]
        rows += [[str(i), g["name"], g["organization"], g["title"], ""] for i, g in enumerate(rec["guests"], 1)]
        story.append(kit_table(rows, widths=[None, "1*", "2.4*", "1.2*", "1.6*"], zebra=False, styles=st,
                               align=["center", "left", "left", "left", "left"], style=pad))
    return story


def signin_pdf(rec: dict) -> bytes:
    """The sign-in sheet of a meeting record (``meeting_record``) with the body's ``members``
    (``body_lines``)."""
    st = get_styles()
    return pdf_bytes(signin_story(rec, st), title=_("Sign-in sheet: {title}").format(title=rec["title"]),
                     association=rec["association"])


# ---- minutes ------------------------------------------------------------------------------

def attendance_line(a: dict) -> str:
    """应到 N 人，实到 N 人（含委托 N 人）."""
    return _("Expected {expected}, attended {present} (including {proxies} by proxy)").format(
        expected=a["expected"], present=a["present"], proxies=a["proxies"])


def not_recorded(a: dict) -> bool:
    """Nobody's attendance is recorded yet (a meeting still to be held)."""
    return a["expected"] > 0 and a["unrecorded"] == a["expected"]


def quorum_statement(a: dict) -> str:
    if not_recorded(a):
        return _("{expected} expected; the attendance is not recorded yet.").format(expected=a["expected"])
    if not a["quorum_applies"]:
        return _("{line}.").format(line=attendance_line(a))
    if a["quorum_met"]:
        return _("{line}: at least two thirds of the members ({needed}) attended; the meeting is quorate "
                 "under the charter and its decisions are valid.").format(line=attendance_line(a), needed=a["quorum_needed"])
    return _("{line}: fewer than two thirds of the members ({needed}) attended; the meeting is not quorate "
             "under the charter and cannot take valid decisions.").format(line=attendance_line(a), needed=a["quorum_needed"])


def absence_lines(rec: dict) -> list[str]:
    groups: dict[str, list[str]] = {}
    for x in rec["exceptions"]:
        name = x["name"]
        if x["status"] == "proxy" and x["proxy_to_name"]:
            name = _("{name} (proxy to {holder})").format(name=name, holder=x["proxy_to_name"])
        groups.setdefault(x["status"], []).append(name)
    out = []
    for status in ("proxy", "leave", "absent", "unrecorded"):
        if groups.get(status) and not (status == "unrecorded" and not_recorded(rec["attendance"])):
            label = _(STATUS_LABELS.get(status, UNRECORDED_LABEL))
            out.append(_("{label} ({n}): {names}").format(label=label, n=len(groups[status]),
                                                          names="、".join(groups[status])))
    return out


def vote_line(r: dict) -> str:
    if r["votes_for"] is None:
        return _("Not yet voted.")
    counts = _("Vote ({ballot}): {voters} present, {for_} for, {against} against, {abstain} abstaining; "
               "{needed} needed ({majority}).").format(
        ballot=_(BALLOT_LABELS.get(r["ballot"], r["ballot"])), voters=r["voters"], for_=r["votes_for"],
        against=r["votes_against"] or 0, abstain=r["votes_abstain"] or 0, needed=r["needed"],
        majority=_(MAJORITY_LABELS.get(r["majority"], r["majority"])))
    return counts + " " + (_("Adopted.") if r["adopted"] else _("Not adopted."))


def _result_text(r: dict) -> str:
    if r["votes_for"] is None:
        return _("Not voted")
    return _("Adopted") if r["adopted"] else _("Not adopted")


def _resolution_flowables(r: dict, st: KitStyles) -> list[Flowable]:
    out = [para(_("Resolution {n}: {title}").format(n=r["position"], title=r["title"]), "body", styles=st)]
    if r["text"]:
        out.append(para(r["text"], "body_indent", styles=st))
    out.append(para(vote_line(r), "body_indent", styles=st))
    return out


def minutes_story(data: dict, st: KitStyles) -> list[Flowable]:
    rec = data["record"]
    a = rec["attendance"]
    blank = not_recorded(a)
    subtitle = None
    if not data["locked"]:
        subtitle = _("Draft, version {version}").format(version=max(data["version"], 1))
    elif data["version"] > 1:
        subtitle = _("Version {version} (correction: {reason})").format(version=data["version"], reason=data["reason"])
    story: list[Flowable] = []
    story += title_block(_("Minutes of {title}").format(title=rec["title"]), subtitle=subtitle, styles=st)
    guests = "、".join(g["name"] + (f"（{g['organization']}{g['title']}）" if g["organization"] or g["title"] else "")
                       for g in rec["guests"])
    story.append(_kv_table([
        (_("Kind of meeting"), kind_label(rec["kind"], rec["representatives"])), (_("Time"), _when(rec)),
        (_("Place"), rec["place"]), (_("Convener"), rec["convener"]),
        (_("Chair"), rec["chair"]), (_("Recorder"), rec["recorder"]),
        (_("Expected"), _("{n} persons").format(n=a["expected"])),
        (_("Attended"), "—" if blank else _("{n} persons (including {p} by proxy)").format(n=a["present"], p=a["proxies"])),
        (_("Absent with leave"), "—" if blank else _("{n} persons").format(n=a["leave"])),
        (_("Absent"), "—" if blank else _("{n} persons").format(n=a["absent"] + a["unrecorded"])),
    ] + ([(_("Invited guests"), guests), ("", "")] if guests else []), st))
    story.append(spacer(2))
    story.append(para(quorum_statement(a), "body_indent", styles=st))
    for line in absence_lines(rec):
        story.append(para(line, "small", styles=st))
    n = 0

    def section(title: str) -> None:
        nonlocal n
        n += 1
        story.extend([CondPageBreak(30 * mm), heading(_ordinal(n, st) + title, 2, styles=st)])

    section(_("Agenda"))
    for item in rec["agenda"]:
        text = f"{item['position']}. {item['title']}" + (f"（{item['presenter']}）" if item["presenter"] else "")
        story.append(para(text, "body", styles=st))
    if data["opening"]:
        section(_("Proceedings"))
        story += [para(t, "body_indent", styles=st) for t in data["opening"].split("\n") if t.strip()]
    section(_("Discussion and resolutions"))
    by_item: dict = {}
    for r in rec["resolutions"]:
        by_item.setdefault(r["agenda_item_id"], []).append(r)
    for k, item in enumerate(rec["agenda"], start=1):
        story.append(heading(_ordinal(k, st, paren=True) + item["title"], 3, styles=st, bookmark=False))
        text = data["items"].get(str(item["id"]), "")
        story += [para(t, "body_indent", styles=st) for t in text.split("\n") if t.strip()]
        for r in by_item.get(item["id"], []):
            story += _resolution_flowables(r, st)
    for r in by_item.get(None, []):
        story += _resolution_flowables(r, st)
    if rec["resolutions"]:
        section(_("Resolutions"))
        rows = [[_("No."), _("Resolution"), _("Subject"), _("Ballot"), _("For"), _("Against"), _("Abstain"),
                 _("Result")]]
        for r in rec["resolutions"]:
            rows.append([str(r["position"]), r["title"], _(SUBJECT_LABELS.get(r["subject"], r["subject"])),
                         _(BALLOT_LABELS.get(r["ballot"], r["ballot"])),
                         *("" if v is None else str(v) for v in (r["votes_for"], r["votes_against"], r["votes_abstain"])),
                         _result_text(r)])
        story.append(kit_table(rows, widths=[None, "3*", None, None, None, None, None, None],
                               align=["center", "left", "center", "center", "right", "right", "right", "center"],
                               styles=st))
    if rec["elections"]:
        section(_("Elections"))
        rows = [[_("Office"), _("Candidate"), _("Votes"), _("Result")]]
        for e in rec["elections"]:
            for c in e["candidates"]:
                who = c["name"] + (f"（{c['person']}）" if c["person"] and c["person"] != c["name"] else "")
                rows.append([e["office"], who, "" if c["votes"] is None else str(c["votes"]),
                             _("Elected") if c["elected"] else ""])
        story.append(kit_table(rows, widths=[None, "3*", None, None], align=["center", "left", "right", "center"],
                               styles=st))
    if data["other"] or data["closing"]:
        section(_("Other matters"))
        for text in (data["other"], data["closing"]):
            story += [para(t, "body_indent", styles=st) for t in (text or "").split("\n") if t.strip()]
    story.append(KeepTogether([spacer(6), SignatureLines([(_("Chair"), ""), (_("Recorder"), "")], styles=st,
                                                         blank=40 * mm),
                               SignatureLines([_("Date")], styles=st, blank=40 * mm, space_before=0)]))
    if data["locked"]:
        story.append(spacer(4))
        story.append(para(_("Version {version} approved by {who} on {when}; locked.").format(
            version=data["version"], who=data["approved_by"], when=data["approved_at"].replace("T", " ")),
            "small", styles=st))
    return story


def minutes_pdf(data: dict, *, footer: bool = True, lang: str | None = None) -> bytes:
    """Lay out minutes data (``core.meetings.minutes.minutes_data``); ``footer=False`` for a
    package that numbers its pages itself."""
    st = get_styles(lang)
    rec = data["record"]
    return pdf_bytes(minutes_story(data, st), title=_("Minutes of {title}").format(title=rec["title"]),
                     association=rec["association"], footer=footer, lang=st.lang)


# ---- notice -------------------------------------------------------------------------------

def notice_story(n: dict, st: KitStyles) -> list[Flowable]:
    story: list[Flowable] = []
    if n["number"]:
        story.append(Paragraph(markup(n["number"]), st.meta_center))
        story.append(spacer(2))
    story += title_block(_("Notice of {title}").format(title=n["title"]), styles=st)
    story.append(para(n["recipients"] + ("：" if st.lang.startswith("zh") else ":"), "body", styles=st))
    story += [para(t, "body_indent", styles=st) for t in n["body"].split("\n") if t.strip()]
    rec = dict(date=n["date"], start_time=n["start_time"], end_time=n["end_time"])
    k = 0

    def item(label: str, text: str) -> None:
        nonlocal k
        k += 1
        story.append(para(f"{_ordinal(k, st)}{label}：{text}" if st.lang.startswith("zh") else f"{k}. {label}: {text}",
                          "body_indent", styles=st))

    item(_("Time"), _when(rec))
    item(_("Place"), n["place"] or "—")
    if n["agenda"]:
        item(_("Agenda"), "")
        for a in n["agenda"]:
            story.append(para(f"{a['position']}. {a['title']}", "body_indent", styles=st))
    if n["reply_by"]:
        item(_("Reply"), _("please confirm attendance, leave or proxy by {date}").format(
            date=format_date(date.fromisoformat(n["reply_by"]))))
    if n["contact"]:
        item(_("Contact"), n["contact"])
    story.append(spacer(10))
    story.append(SealBox(caption=[n["association"], format_date(date.fromisoformat(n["issued_on"]))], styles=st))
    return story


def notice_pdf(n: dict) -> bytes:
    """The notice of a meeting (``core.meetings.notices.notice_data``)."""
    st = get_styles()
    return pdf_bytes(notice_story(n, st), title=_("Notice of {title}").format(title=n["title"]),
                     association=n["association"])
