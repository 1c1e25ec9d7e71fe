"""Reports to the authorities (DOMAIN.md §5, issue 7): annual work report, social-responsibility
report, grade self-evaluation, party-building report and the submission package.

Figures are read live from the other capabilities' services (``sources.py`` is the only place
that calls them); only what the secretariat types in is stored (migration ``0006_reports``).

API (all functions take a SQLAlchemy ``Session``; writers run in one transaction and raise a
translated ``DomainError`` naming the field before writing; they return ``Changes({"reports"})``
or the new row):

Narrative (``narrative.py``; markup in ``markup.py``: ``#`` headings, paragraphs, ``-``/``1.`` lists, ``**bold**``)
    SECTIONS[document] -> [(key, English title)] for ``annual``, ``csr``, ``party``
    texts(session, year, document) -> {key: text}             the year's own texts
    section_texts(session, year, document) -> [SectionText]   with last year's as ``carried`` drafts
    report_texts(session, year, document) -> {key: text}      what a printed report uses
    save_texts(session, year, document, {key: text}); save_text(...); carry_forward(session, year, document)

Yearly facts (``facts.py``)
    get_staff / set_staff(session, year, staff_count=, full_time=, part_time=, social_insured=,
        degree_holders=, party_members=, party_org=, note=)
    activities(session, year, kind=None); add_activity(session, year, on_date=, title=, kind=,
        participants=, note=); update_activity; delete_activity       (kinds: models.ACTIVITY_KINDS)
    standards / add_standard / update_standard / delete_standard
    disclosures / add_disclosure / delete_disclosure
    get_survey / set_survey(session, year, respondents=, satisfied=, note=)

Grade self-evaluation (``grade.py``, indicators and grade scale in ``indicators.py``)
    grade_evaluation(session, year) -> GradeEvaluation(groups, total, grade, unscored)
    set_score(session, year, indicator, score, note) / set_scores(session, year, {key: (score, note)})

Report data (``data.py``)
    annual_report_data / csr_report_data / party_building_data(session, year)
    missing_data(session, year, document) -> [translated reasons]; require(...) raises DomainError

Package (``attachments.py``; the PDF in ``pdf/reports/package.py``)
    add_attachment(session, year, path_or_bytes, title=) / list_attachments / remove_attachment /
    move_attachment / rename_attachment; get_package / set_package(session, year, limit_mb=, documents=)

Documents: the core gathers plain data only (the ``*_data`` functions, ``grade_evaluation``,
``sources.minutes_records``); ``pdf.reports`` lays it out and ``actions/reports_documents.py``
ties data, layout and file together. Demo: ``demo.build``.
"""
