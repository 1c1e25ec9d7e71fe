"""Quorum and majority rules of the model charter, as pure functions (DOMAIN.md §4, §2).

Decisions written down here (DOMAIN.md asks for it where it is silent):

- **Quorum**: a general assembly (or representatives' assembly), a council and a standing council
  meeting is valid only when at least 2/3 of the body is present — ``3 * present >= 2 * expected``,
  where *present* counts members in person and by proxy (CLI.md ``quorum_met``). The board of
  supervisors, the presidents' office and other meetings show the same figure but are not held
  to it (the model charter sets no quorum for them).
- **Majority** is counted on those present at the vote (``voters``, proxies included):
  ``half`` = more than 1/2 (``2 * for > voters``), ``two_thirds`` = at least 2/3
  (``3 * for >= 2 * voters``; "2/3以上" includes the figure itself).
  Ordinary resolutions need ``half``; at a council or standing council meeting ``two_thirds``.
- **Charter amendment and dissolution** need the general assembly with a quorum and — the model
  charter of the Ministry of Civil Affairs (社会团体章程示范文本) — 2/3 of those present.
- **Dues schedule** (民发〔2003〕95号, DOMAIN.md §2): general assembly, quorum 2/3 of all members,
  secret ballot, more than 1/2 of those present.
- A stricter majority than the rule may be chosen (a book's charter may ask for more); a laxer
  one is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from secretariat_app.core.meetings.models import (
    CHARTER,
    COUNCIL,
    DISSOLUTION,
    DUES_SCHEDULE,
    GENERAL_ASSEMBLY,
    HALF,
    MAJORITY_LABELS,
    SECRET,
    STANDING_COUNCIL,
    TWO_THIRDS,
)
from secretariat_app.i18n import _

QUORUM_KINDS = (GENERAL_ASSEMBLY, COUNCIL, STANDING_COUNCIL)
ASSEMBLY_SUBJECTS = (CHARTER, DISSOLUTION, DUES_SCHEDULE)
SECRET_SUBJECTS = (DUES_SCHEDULE,)
_STRENGTH = {HALF: 1, TWO_THIRDS: 2}


def quorum_met(present: int, expected: int) -> bool:
    """At least 2/3 of the body present (in person or by proxy): ``3 * present >= 2 * expected``."""
    return 3 * present >= 2 * expected


def quorum_needed(expected: int) -> int:
    """The smallest number present that makes the quorum (ceil(2/3 · expected))."""
    return -(-2 * expected // 3)


def quorum_required(meeting_kind: str) -> bool:
    """Meetings whose decisions are void without a quorum (model charter)."""
    return meeting_kind in QUORUM_KINDS


def minimum_majority(meeting_kind: str, subject: str) -> str:
    """The majority the rules ask of a resolution on ``subject`` at a meeting of ``meeting_kind``."""
    if subject in (CHARTER, DISSOLUTION):
        return TWO_THIRDS
    if meeting_kind in (COUNCIL, STANDING_COUNCIL):
        return TWO_THIRDS
    return HALF


def stricter_or_equal(majority: str, minimum: str) -> bool:
    return _STRENGTH.get(majority, 0) >= _STRENGTH.get(minimum, 0)


def votes_needed(majority: str, voters: int) -> int:
    """The smallest number of votes in favour that carries the resolution."""
    if majority == TWO_THIRDS:
        return -(-2 * voters // 3)
    return voters // 2 + 1


def carries(majority: str, votes_for: int, voters: int) -> bool:
    if majority == TWO_THIRDS:
        return voters > 0 and 3 * votes_for >= 2 * voters
    return 2 * votes_for > voters


def majority_label(majority: str) -> str:
    return _(MAJORITY_LABELS.get(majority, majority))


@dataclass
class Outcome:
    """The outcome of a vote as the numbers give it, and why it cannot be adopted (if so)."""

    voters: int
    votes_for: int
    needed: int
    carried: bool
    problems: list[str] = field(default_factory=list)

    @property
    def adoptable(self) -> bool:
        return self.carried and not self.problems


def subject_problems(meeting_kind: str, subject: str, ballot: str, majority: str) -> list[str]:
    """What is wrong with putting ``subject`` to this meeting this way (before any vote)."""
    problems = []
    if subject in ASSEMBLY_SUBJECTS and meeting_kind != GENERAL_ASSEMBLY:
        problems.append(_("a charter amendment, a dissolution or the dues schedule needs the general assembly"))
    if subject in SECRET_SUBJECTS and ballot != SECRET:
        problems.append(_("the dues schedule is voted by secret ballot"))
    minimum = minimum_majority(meeting_kind, subject)
    if not stricter_or_equal(majority, minimum):
        problems.append(_("this resolution needs at least: {majority}").format(majority=majority_label(minimum)))
    return problems


def outcome(*, meeting_kind: str, subject: str, ballot: str, majority: str, expected: int, present: int,
            voters: int, votes_for: int) -> Outcome:
    """Compute whether the vote carries and every reason it may not be recorded as adopted."""
    problems = subject_problems(meeting_kind, subject, ballot, majority)
    if quorum_required(meeting_kind) and not quorum_met(present, expected):
        problems.append(_("no quorum: {present} of {expected} present, at least {needed} needed").format(
            present=present, expected=expected, needed=quorum_needed(expected)))
    needed = votes_needed(majority, voters)
    ok = carries(majority, votes_for, voters)
    if not ok:
        problems.append(_("{votes} votes in favour of {voters} present; {needed} needed ({majority})").format(
            votes=votes_for, voters=voters, needed=needed, majority=majority_label(majority)))
    return Outcome(voters=voters, votes_for=votes_for, needed=needed, carried=ok, problems=problems)


def elected_candidates(votes: dict[int, int], seats: int, voters: int) -> tuple[list[int], list[str]]:
    """Who is elected: the ``seats`` candidates with the most votes among those with more than half
    of the votes of those present; a tie for the last seat elects neither (a new round decides).
    Returns (candidate keys elected, notes)."""
    notes: list[str] = []
    eligible = sorted(((v, k) for k, v in votes.items() if 2 * v > voters), key=lambda t: -t[0])
    if len(eligible) <= seats:
        return [k for _v, k in eligible], notes
    cutoff = eligible[seats - 1][0]
    above = [k for v, k in eligible if v > cutoff]
    tied = [k for v, k in eligible if v == cutoff]
    if len(above) + len(tied) > seats:
        notes.append(_("a tie for the last seat: another round is needed"))
        return above, notes
    return above + tied, notes
