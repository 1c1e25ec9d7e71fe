"""Excel/CSV import and export, hledger/beancount export."""
