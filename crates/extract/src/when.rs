//! Modality from the cues in a trigger's clause, and event dates from the published date.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use newsgraph_model::{DateSource, Modality};

use crate::doc::Doc;
use crate::relations::Extractor;
use crate::relations::WordInfo;
use crate::rules::{Cue, CuePosition};

/// Weekdays and months, lowercase, in calendar order.
pub(crate) const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Whether a lowercase word names a weekday or a month.
pub(crate) fn is_weekday_or_month(w: &str) -> bool {
    (3..=9).contains(&w.len()) && (WEEKDAYS.contains(&w) || MONTHS.contains(&w))
}

fn weekday(w: &str) -> Option<Weekday> {
    WEEKDAYS
        .iter()
        .position(|d| *d == w)
        .and_then(|i| Weekday::try_from(i as u8).ok())
}

fn month(w: &str) -> Option<u32> {
    MONTHS.iter().position(|m| *m == w).map(|i| i as u32 + 1)
}

impl<'a> Extractor<'a> {
    /// The modality of the trigger at tokens `t..end` from the cues in its clause.
    ///
    /// `index` holds what the word index knows of each token of the document.
    pub(crate) fn modality(
        &self,
        doc: &Doc<'a>,
        index: &[Option<&WordInfo>],
        s: usize,
        t: usize,
        end: usize,
    ) -> Modality {
        let (first, last) = doc.sentence_tokens[s];
        let words = &doc.tokens[first..last];
        let (t, end) = (t - first, end - first);
        let boundary_between = |a: usize, b: usize| {
            (a..b).any(|i| self.is_boundary(doc, first + i) && words[i].lower != "-")
        };
        // Whether `cue` stands at word `i` where it bears on the trigger.
        let holds = |cue: &Cue, i: usize| {
            let n = cue.words.len();
            let at = i + n <= words.len()
                && words[i..i + n]
                    .iter()
                    .zip(&cue.words)
                    .all(|(a, b)| a.lower == b);
            at && match cue.position {
                CuePosition::Before => {
                    // Negation reaches its own verb; future and conditional reach the clause.
                    let reach = cue.reach.unwrap_or(if cue.modality == Modality::Negated {
                        4
                    } else {
                        usize::MAX / 4
                    });
                    let lo = t.saturating_sub(reach.saturating_add(n));
                    (lo..t).contains(&i)
                        && i + n <= t
                        && t - (i + n) <= reach
                        && !boundary_between(i + n, t)
                }
                CuePosition::After => {
                    let hi = (end + 12).min(words.len());
                    (end..hi).contains(&i) && !boundary_between(end, i)
                }
                // `if ...` until the next comma or boundary holds the trigger.
                CuePosition::Clause => {
                    i < t
                        && !(i + n..t).any(|k| {
                            words[k].lower == ","
                                || (self.is_boundary(doc, first + k) && k >= i + n)
                        })
                }
            }
        };
        // Only the cues that start at a word can stand there.
        let mut found: Vec<Modality> = Vec::new();
        let hi = (end + 12).min(words.len()).max(t);
        for (i, info) in index[first..first + hi].iter().enumerate() {
            let starting = info.map_or(&[][..], |w| &w.cues[..]);
            for &c in starting.iter().chain(&self.words.wordless_cues) {
                let cue = &self.rules.cues[c];
                if holds(cue, i) {
                    found.push(cue.modality);
                }
            }
        }
        [Modality::Negated, Modality::Hypothetical, Modality::Planned]
            .into_iter()
            .find(|m| found.contains(m))
            .unwrap_or(Modality::Asserted)
    }

    /// The event date: a weekday, relative word or calendar date in the sentence, resolved
    /// against the published date (past or future as the modality says); else the published
    /// date, marked as such.
    pub(crate) fn date(
        &self,
        doc: &Doc<'a>,
        s: usize,
        modality: Modality,
    ) -> (Option<NaiveDate>, Option<DateSource>) {
        let Some(published) = doc.published else {
            return (None, None);
        };
        let (first, last) = doc.sentence_tokens[s];
        let words = &doc.tokens[first..last];
        let future = modality == Modality::Planned;
        for i in 0..words.len() {
            if let Some(wd) = weekday(words[i].lower) {
                let today = published.weekday().num_days_from_monday() as i64;
                let target = wd.num_days_from_monday() as i64;
                let mut delta = target - today;
                if future && delta < 0 {
                    delta += 7;
                }
                if !future && delta > 0 {
                    delta -= 7;
                }
                if i > 0 && words[i - 1].lower == "next" {
                    delta = (target - today).rem_euclid(7) + if target == today { 7 } else { 0 };
                }
                if i > 0 && words[i - 1].lower == "last" {
                    delta = -((today - target).rem_euclid(7)) - if target == today { 7 } else { 0 };
                }
                return (
                    Some(published + Duration::days(delta)),
                    Some(DateSource::Text),
                );
            }
            for (phrase, days) in &self.rules.relative_dates {
                let rest = &words[i..];
                if rest.len() >= phrase.len() && rest.iter().zip(phrase).all(|(w, p)| w.lower == p)
                {
                    return (
                        Some(published + Duration::days(*days)),
                        Some(DateSource::Text),
                    );
                }
            }
            // `June 14`, `14 June`, with an optional year.
            if let Some(m) = month(words[i].lower) {
                let day_after = words.get(i + 1).and_then(|d| d.lower.parse::<u32>().ok());
                let day_before = i
                    .checked_sub(1)
                    .and_then(|j| words[j].lower.parse::<u32>().ok());
                if let Some(d) = day_after.or(day_before) {
                    let year = words
                        .get(i + 2..i + 4)
                        .into_iter()
                        .flatten()
                        .find_map(|y| {
                            y.lower
                                .parse::<i32>()
                                .ok()
                                .filter(|y| (1900..2200).contains(y))
                        })
                        .unwrap_or(published.year());
                    if let Some(date) = NaiveDate::from_ymd_opt(year, m, d) {
                        return (Some(date), Some(DateSource::Text));
                    }
                }
            }
        }
        (Some(published), Some(DateSource::Published))
    }
}
