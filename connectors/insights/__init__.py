"""What the office and the content owners learn from the records: /office and /content.

filters.py   the period / channel / service a page is about, from the query string
office.py    the office's measures (first-contact resolution, handovers, waiting times, ...)
content.py   unanswered-question clusters and stale descriptions for a content owner
charts.py    small server-rendered SVG charts (with the numbers also in tables)
stale.py     the review-by check and the notification hook
routes.py    the pages and CSV export
"""
