"""账务 (books) views of the GUI, one module per view (issue 4, DOMAIN.md §3).

The page ``gui/pages/books.py`` puts them in tabs: ``voucher_entry`` (记账凭证 grid, keyboard only,
with ``voucher_grid`` and ``account_picker``; ``voucher_workflow`` adds review, posting and
corrections), ``voucher_list`` (lazy list over ``voucher_page``), ``ledgers`` (科目余额表, 总账,
明细账 with ``detail_model``), ``statements_view`` (the three statements), ``periods_view``
(结账, 反结账, year-end closing, opening balances; dialogs in ``dialogs``). ``ops`` holds the plain
functions the views run in workers; ``common`` the small shared helpers.
"""
