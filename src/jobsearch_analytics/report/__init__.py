"""Reports for coaches: one client's HTML report (and workbook), a cohort view, anonymisation,
the batch runner and the blank tracker template.

A report is computed into plain data first (:func:`build_report` -> :class:`ClientReport`),
then rendered (:meth:`ClientReport.to_html`) or exported (:func:`write_report_xlsx`,
:func:`write_report_pdf`). ``build_report(title=, client=, since=)`` names it and compares
this period with the one before.

Examples
--------
>>> from jobsearch_analytics import report
>>> sorted(report.__all__)[:4]
['AnonymizationError', 'BatchResult', 'ClientOutcome', 'ClientReport']
"""

from jobsearch_analytics.report.anonymize import (
    AnonymizationError,
    Pseudonymizer,
    anonymize,
    resolve_secret,
)
from jobsearch_analytics.report.batch import BatchResult, discover, run_batch
from jobsearch_analytics.report.client import ClientReport, build_report
from jobsearch_analytics.report.cohort import (
    ClientOutcome,
    CohortReport,
    build_cohort,
    write_cohort_xlsx,
)
from jobsearch_analytics.report.export import (
    write_report_html,
    write_report_pdf,
    write_report_xlsx,
)
from jobsearch_analytics.report.missing import section_missing
from jobsearch_analytics.report.progress import period_comparison
from jobsearch_analytics.report.template import write_template

__all__ = [
    "AnonymizationError",
    "BatchResult",
    "ClientOutcome",
    "ClientReport",
    "CohortReport",
    "Pseudonymizer",
    "anonymize",
    "build_cohort",
    "build_report",
    "discover",
    "period_comparison",
    "resolve_secret",
    "run_batch",
    "section_missing",
    "write_cohort_xlsx",
    "write_report_html",
    "write_report_pdf",
    "write_report_xlsx",
    "write_template",
]
