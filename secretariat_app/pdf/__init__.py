"""PDF documents (reportlab): the kit (fonts, templates, styles) and one module per document."""
