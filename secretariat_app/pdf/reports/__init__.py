"""PDFs of the reports capability (DOMAIN.md §5, issue 7), built with the PDF kit (``pdf/kit.py``).

Plain data in (the dataclasses of ``core.reports``), PDF bytes out — no session, no row written:

- ``annual.annual_report_pdf(AnnualReportData)`` — 年度工作报告 with statements, pledge, seal page;
- ``csr.csr_report_pdf(CsrReportData)`` — 社会责任报告 with a cover page;
- ``grade.grade_pdf(GradeEvaluation, association)`` — 等级评估自评表;
- ``party.party_report_pdf(PartyBuildingData)`` — 党建工作报告;
- ``package.build_package(year, settings, [PackageDocument], limit_kb=…)`` — 报送材料: cover, contents
  with bookmarks, the documents already laid out, ``第 N 页 共 M 页`` over the whole package, split
  on demand; ``package.statements_pdf`` and ``package.document_alone`` for single documents.

Each ``*_pdf`` takes ``footer=False`` for the package (which numbers the pages itself).
``narrative.narrative_flowables`` renders the markup of ``core/reports/markup.py``. The reports
actions (``actions/reports_documents.py``) gather the data, choose the documents and write files.
"""
