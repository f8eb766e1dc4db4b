"""Helpers for scripts/make_corpus_pdfs.py (synthetic disclosure PDFs with truth)."""
