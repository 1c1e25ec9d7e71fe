"""PDFs of the reports capability (DOMAIN.md §5, issue 7), built with the PDF kit (``pdf/kit.py``).

- ``annual.annual_report_pdf(session, year)`` — 年度工作报告 with statements, pledge, seal page;
- ``csr.csr_report_pdf(session, year)`` — 社会责任报告 with a cover page;
- ``grade.grade_pdf(session, year)`` — 等级评估自评表;
- ``party.party_report_pdf(session, year)`` — 党建工作报告;
- ``package.build_package(session, year, ...)`` — 报送材料: cover, contents with bookmarks,
  the chosen documents and attachments, ``第 N 页 共 M 页`` over the whole package, split on demand.

Each ``*_pdf`` returns PDF bytes and takes ``footer=False`` for the package (which numbers the
pages itself). ``narrative.narrative_flowables`` renders the markup of ``core/reports/markup.py``.
"""
