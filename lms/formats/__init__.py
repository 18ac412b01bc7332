"""Date, time and number formats of the platform, per language (Cambodian use).

Django reads ``lms.formats.<language>.formats`` before its own locale data
(``FORMAT_MODULE_PATH`` in ``lms.settings.base``). English and Khmer share one
shape so that a ministry files the same thing whatever the reader's language:

- dates day first: ``7/12/2026`` (short) or ``7 Dec 2026`` / ``7 ធ្នូ 2026``
  (medium, the month's name from the active language);
- times on the 24-hour clock: ``14:05``;
- weeks starting on Monday;
- input read day first (``7/12/2026``, ``07/12/2026``, ``7-12-2026``) or as ISO
  8601 (``2026-12-07``, what ``<input type="date">`` sends); never month first.

Digits are Latin on every page, in Khmer too (README, "Dates and numbers").
"""
