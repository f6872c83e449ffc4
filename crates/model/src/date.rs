use chrono::{Datelike, NaiveDate};

/// Which end of a partial date (`2021`, `2021-06`) to take when it must become a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateBound {
    /// The first day the partial date covers (`2021` → 2021-01-01).
    Start,
    /// The last day it covers (`2021` → 2021-12-31).
    End,
}

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` into a day, taking the start or end of what a
/// partial date covers. Returns `None` for anything else.
pub fn parse_partial_date(s: &str, bound: DateBound) -> Option<NaiveDate> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let num = |p: &str, len: usize| -> Option<u32> {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    match parts.as_slice() {
        [y] => {
            let y = num(y, 4)? as i32;
            match bound {
                DateBound::Start => NaiveDate::from_ymd_opt(y, 1, 1),
                DateBound::End => NaiveDate::from_ymd_opt(y, 12, 31),
            }
        }
        [y, m] => {
            let (y, m) = (num(y, 4)? as i32, num(m, 2)?);
            let first = NaiveDate::from_ymd_opt(y, m, 1)?;
            match bound {
                DateBound::Start => Some(first),
                DateBound::End => {
                    let next = if m == 12 {
                        NaiveDate::from_ymd_opt(y + 1, 1, 1)?
                    } else {
                        NaiveDate::from_ymd_opt(y, m + 1, 1)?
                    };
                    next.pred_opt().filter(|d| d.month() == m)
                }
            }
        }
        [y, m, d] => NaiveDate::from_ymd_opt(num(y, 4)? as i32, num(m, 2)?, num(d, 2)?),
        _ => None,
    }
}

/// The days a period with partial start and end dates covers; an absent or unreadable end
/// leaves that side open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

impl Period {
    /// From partial dates (`2021`, `2021-06`, `2021-06-14`).
    pub fn new(start: Option<&str>, end: Option<&str>) -> Self {
        Self {
            start: start.and_then(|s| parse_partial_date(s, DateBound::Start)),
            end: end.and_then(|s| parse_partial_date(s, DateBound::End)),
        }
    }

    /// Whether the day falls within the period.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start.is_none_or(|s| s <= day) && self.end.is_none_or(|e| day <= e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let cases = [
            (Some("2021"), None, "2030-01-01", true),
            (Some("2021-06"), Some("2021-06"), "2021-06-30", true),
            (Some("2021-06"), Some("2021-06"), "2021-07-01", false),
            (None, Some("2020"), "2020-12-31", true),
            (Some("2021-06-15"), None, "2021-06-14", false),
        ];
        for (start, end, day, want) in cases {
            assert_eq!(
                Period::new(start, end).contains(d(day)),
                want,
                "{start:?}..{end:?} {day}"
            );
        }
    }

    #[test]
    fn partial_dates() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let cases = [
            ("2021", DateBound::Start, d("2021-01-01")),
            ("2021", DateBound::End, d("2021-12-31")),
            ("2021-02", DateBound::End, d("2021-02-28")),
            ("2020-02", DateBound::End, d("2020-02-29")),
            ("2021-12", DateBound::End, d("2021-12-31")),
            ("2021-06-14", DateBound::Start, d("2021-06-14")),
            ("2021-13", DateBound::Start, None),
            ("21-06-14", DateBound::Start, None),
            ("", DateBound::Start, None),
            ("2021-06-31", DateBound::Start, None),
        ];
        for (input, bound, want) in cases {
            assert_eq!(parse_partial_date(input, bound), want, "{input}");
        }
    }
}
