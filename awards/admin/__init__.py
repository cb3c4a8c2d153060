"""The awards app's admin, one module for each part of the registry.

- catalogue: emulation titles and commendation forms, with their eligibility rules
- decisions: decisions with their awards inline, publishing and the scan (their annex to
  print is a report: reports.views)
- imports: a decision's annex imported from a spreadsheet (pages of the decision's)
- awards: awards one by one, their eligibility, justification and revocation
- movements: movements, clusters, pacts, rural-standard recognitions

Django's autodiscover imports this package; importing the modules registers their admins.
"""

from awards.admin import awards, catalogue, decisions, imports, movements  # noqa: F401
