/**
 * arXiv's holiday calendar: the announcement evenings (20:00 America/New_York) on which arXiv does not
 * announce, and the listing days that are therefore empty.
 *
 * ## Source
 *
 * arXiv publishes its holidays on https://info.arxiv.org/help/availability.html ("On Deferred Mailings",
 * source: github.com/arXiv/arxiv-docs `source/help/availability.md`). The machine-readable original is the
 * `@HOLIDAYS` array of arxiv-lib `lib/arXiv/Config/Holidays.pm`, mirrored in github.com/arXiv/arxiv-base
 * `arxiv/db/arxiv_holidays_seed.sql` (table `arXiv_holidays`, column `freeze_skip_date`: "one row per date in
 * America/New_York on which no freeze and no announcement run"). The dates below were checked against both
 * (seed as of 2026-05; docs pages for 2025 and 2026, arxiv-docs PRs #773, #1065, #1236, #1347).
 *
 * ## From arXiv's holiday list to skipped announcements
 *
 * arXiv lists *freeze-skip* days. Its own rule (arxiv-base `arxiv/schedule/calendar.py` `is_publish_day`,
 * ported from `Holidays.pm` `isPublishDay`): Mon–Thu announce at 20:00 unless that day is a holiday; Sunday
 * announces (Friday's freeze) unless the Friday before is a holiday; Friday and Saturday never announce.
 * So a Mon–Thu holiday skips that evening's announcement, and a Friday holiday skips the following Sunday's.
 * The list below is already converted: every entry is a Sun–Thu evening with no announcement.
 *
 * The listing day that would have come from a skipped evening is the next calendar day; its RSS feed is
 * valid but empty (as on Saturdays and Sundays).
 *
 * ## When this list is wrong
 *
 * A holiday missing here (e.g. an ad hoc one, like arXiv's 2024-05-22 "Admin retreat") costs at most two
 * requests for an empty feed; the poll planner then waits for the next listing day. A date listed here that
 * arXiv does announce would make us skip a real listing until the next one, so only verified dates are used
 * for scheduling; guesses for years arXiv has not published yet are kept apart and unused.
 */

import { addDays } from './time';

/** Announcement evenings (`YYYY-MM-DD`, the New York date of the 20:00 announcement) arXiv skips. Verified. */
export const SKIPPED_ANNOUNCEMENTS: readonly string[] = [
  // 2024 (arXiv list: 15 Jan, 22 May, 19 Jun, 4 Jul, 2 Sep, 8 Oct, 28 Nov, 25 Dec, 26 Dec, 31 Dec)
  '2024-01-15', // Mon, MLK Day
  '2024-05-22', // Wed, arXiv admin retreat
  '2024-06-19', // Wed, Juneteenth
  '2024-07-04', // Thu, Independence Day
  '2024-09-02', // Mon, Labor Day
  '2024-10-08', // Tue, arXiv all-staff retreat
  '2024-11-28', // Thu, Thanksgiving
  '2024-12-25', // Wed, winter holidays
  '2024-12-26', // Thu, winter holidays
  '2024-12-31', // Tue, winter holidays
  // 2025 (arXiv list: 1 Jan, 20 Jan, 19 Jun, 4 Jul (Fri), 6 Jul (Sun, "observed"), 1 Sep, 27 Nov, 25 Dec, 30 Dec)
  '2025-01-01', // Wed, New Year's Day
  '2025-01-20', // Mon, MLK Day
  '2025-06-19', // Thu, Juneteenth
  '2025-07-06', // Sun, arXiv lists Fri 4 Jul and Sun 6 Jul: no Sunday announcement
  '2025-09-01', // Mon, Labor Day
  '2025-11-27', // Thu, Thanksgiving
  '2025-12-25', // Thu, Christmas Day
  '2025-12-30', // Tue, arXiv holiday
  // 2026 (arXiv list: 1 Jan, 19 Jan, 19 Jun (Fri), 3 Jul (Fri), 7 Sep, 26 Nov, 25 Dec (Fri), 29 Dec, 31 Dec)
  '2026-01-01', // Thu, New Year's Day
  '2026-01-19', // Mon, MLK Day
  '2026-06-21', // Sun, after Fri 19 Jun (Juneteenth): no Friday freeze, so no Sunday announcement
  '2026-07-05', // Sun, after Fri 3 Jul (Independence Day observed)
  '2026-09-07', // Mon, Labor Day
  '2026-11-26', // Thu, Thanksgiving
  '2026-12-27', // Sun, after Fri 25 Dec (Christmas)
  '2026-12-29', // Tue, winter break
  '2026-12-31', // Thu, winter break
];

/** The last date the verified list covers; after it every Sun–Thu evening is assumed to announce. */
export const HOLIDAYS_KNOWN_THROUGH = '2026-12-31';

/**
 * UNVERIFIED best guesses for 2027, which arXiv had not published when this was written (it posts each
 * year's list around the turn of the year, and adds ad hoc dates during the year). Derived from the pattern of
 * 2019–2026 (MLK Day, Juneteenth, Independence Day, Labor Day, Thanksgiving, winter break); the winter break
 * dates vary every year and are not guessed. NOT used for scheduling (see the file comment): replace with
 * arXiv's list, converted as above, and move it into `SKIPPED_ANNOUNCEMENTS` once published.
 */
export const UNVERIFIED_SKIPPED_ANNOUNCEMENTS_2027: readonly string[] = [
  '2027-01-03', // Sun, after Fri 1 Jan (New Year's Day); arXiv skipped Fri 1 Jan in 2010, 2016 and 2021
  '2027-01-18', // Mon, MLK Day
  '2027-06-20', // Sun, after Fri 18 Jun (Juneteenth observed; 19 Jun is a Saturday)
  '2027-07-05', // Mon, Independence Day observed (4 Jul is a Sunday)
  '2027-09-06', // Mon, Labor Day
  '2027-11-25', // Thu, Thanksgiving
];

const skippedAnnouncements = new Set(SKIPPED_ANNOUNCEMENTS);
const skippedListingDays = new Set(SKIPPED_ANNOUNCEMENTS.map((d) => addDays(d, 1)));

/** Whether arXiv skips the 20:00 announcement on this New York date (a holiday, not a Friday/Saturday). */
export function isSkippedAnnouncement(date: string): boolean {
  return skippedAnnouncements.has(date);
}

/**
 * Whether this weekday listing day is empty because arXiv skipped the announcement the evening before.
 * (Saturdays and Sundays are never listing days and are not reported here.)
 */
export function isHolidaySkippedListingDay(day: string): boolean {
  return skippedListingDays.has(day);
}

/** The listing days (`YYYY-MM-DD`, Mon–Fri) left empty by holidays, in order. */
export const SKIPPED_LISTING_DAYS: readonly string[] = SKIPPED_ANNOUNCEMENTS.map((d) => addDays(d, 1));
