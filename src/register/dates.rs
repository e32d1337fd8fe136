//! Dates as registers write them, `YYYY-MM-DD`: checked strictly, and each
//! distinct date checked once however many rows hold it.

use super::CodeTable;
use chrono::NaiveDate;

/// Parses `YYYY-MM-DD` without allocation.
pub fn parse_date(text: &[u8]) -> Option<NaiveDate> {
    let (y, m, d) = date_parts(text)?;
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

fn date_parts(text: &[u8]) -> Option<(u32, u32, u32)> {
    let &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = text else { return None };
    let digits = |bytes: &[u8]| -> Option<u32> {
        bytes.iter().try_fold(0u32, |n, &b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
    };
    Some((digits(&[y0, y1, y2, y3])?, digits(&[m0, m1])?, digits(&[d0, d1])?))
}

/// A power of two, so that finding a slot needs no division.
const DATE_SLOTS: usize = 1024;

/// A date's slot from its digits: the dates of any two years running each
/// have a slot of their own. Other bytes land anywhere.
fn slot_of(text: &[u8; 10]) -> usize {
    let [_, _, _, y3, _, m0, m1, _, d0, d1] = *text;
    let digit = |b: u8| usize::from(b.wrapping_sub(b'0'));
    let month = (digit(m0) * 10 + digit(m1)) & 15;
    let day = (digit(d0) * 10 + digit(d1)) & 31;
    ((digit(y3) & 1) << 9 | month << 5 | day) % DATE_SLOTS
}

/// One date as written, what it is, and the codes in force on it once asked.
#[derive(Debug, Clone, Copy)]
struct Slot {
    text: [u8; 10],
    date: Option<NaiveDate>,
    in_force: Option<u128>,
}

/// Dates parsed once by a reader: a register holds a few hundred distinct
/// dates in millions of rows. Slots are found by the date's bytes as written,
/// so a date seen before costs a comparison, not a parse.
pub struct DateCache {
    /// The slot of the last date read: rows come in runs of one date.
    last: usize,
    /// An empty slot's text is ten zero bytes, which are not a date either.
    slots: Vec<Slot>,
}

impl Default for DateCache {
    fn default() -> DateCache {
        let empty = Slot { text: [0; 10], date: None, in_force: None };
        DateCache { last: 0, slots: vec![empty; DATE_SLOTS] }
    }
}

impl DateCache {
    #[inline]
    pub fn parse(&mut self, text: &[u8]) -> Option<NaiveDate> {
        let text: &[u8; 10] = text.try_into().ok()?;
        self.slot(text)?.date
    }

    /// The date and the codes in force on it ([`CodeTable::in_force_on`]).
    #[inline(always)]
    pub fn parse_in_force(&mut self, text: &[u8; 10], table: &CodeTable) -> Option<(NaiveDate, u128)> {
        let slot = self.slot(text)?;
        let date = slot.date?;
        Some((date, *slot.in_force.get_or_insert_with(|| table.in_force_on(date))))
    }

    #[inline(always)]
    fn slot(&mut self, text: &[u8; 10]) -> Option<&mut Slot> {
        if self.slots.get(self.last).is_none_or(|slot| slot.text != *text) {
            self.last = slot_of(text);
            let slot = self.slots.get_mut(self.last)?;
            if slot.text != *text {
                let date = date_parts(text).and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y as i32, m, d));
                *slot = Slot { text: *text, date, in_force: None };
            }
        }
        self.slots.get_mut(self.last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::regulations::Category;
    use crate::vocabulary::Validity;

    #[test]
    fn dates_are_strict() {
        assert_eq!(parse_date(b"2025-09-03"), NaiveDate::from_ymd_opt(2025, 9, 3));
        assert_eq!(parse_date(b"2025-02-30"), None);
        assert_eq!(parse_date(b"03/09/2025"), None);
        assert_eq!(parse_date(b"2025-9-3"), None);
    }

    #[test]
    fn cached_dates_are_the_dates_parsed() {
        let mut cache = DateCache::default();
        let texts = ["2025-09-03", "2025-02-30", "2025-09-03", "2025-02-30", "1999-12-31", "9999-99-99"];
        for text in texts.into_iter().chain(["\0\0\0\0\0\0\0\0\0\0", "2025-09-03x", ""]) {
            assert_eq!(cache.parse(text.as_bytes()), parse_date(text.as_bytes()), "{text}");
        }
        // Three thousand dates in 1,024 slots: each slot is taken over many times.
        for round in 0..2 {
            for day in 0..3000 {
                let date = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(day);
                let text = date.to_string();
                assert_eq!(cache.parse(text.as_bytes()), Some(date), "round {round}");
            }
        }
    }

    #[test]
    fn two_years_of_dates_have_a_slot_each() {
        let first = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let slots: std::collections::HashSet<usize> = (0..731)
            .map(|d| slot_of(&(first + chrono::Days::new(d)).to_string().into_bytes().try_into().unwrap()))
            .collect();
        assert_eq!(slots.len(), 731);
    }

    #[test]
    fn codes_in_force_follow_the_date() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2024, 8, d);
        let table = CodeTable::new(vec![
            ("/".into(), Category::Present, Validity::default()),
            ("T".into(), Category::Authorised, Validity { from: None, until: day(31) }),
            ("K".into(), Category::Authorised, Validity { from: day(19), until: None }),
        ]);
        let mut cache = DateCache::default();
        let summer = cache.parse_in_force(b"2024-08-01", &table);
        assert_eq!(summer, day(1).map(|d| (d, 0b011)));
        assert_eq!(cache.parse_in_force(b"2024-08-20", &table), day(20).map(|d| (d, 0b111)));
        assert_eq!(cache.parse_in_force(b"2024-09-02", &table).map(|(_, bits)| bits), Some(0b101));
        assert_eq!(cache.parse_in_force(b"2024-02-30", &table), None);
        let in_force = summer.map_or(0, |(_, bits)| bits);
        assert_eq!(table.one_byte_on(b'T', NaiveDate::MIN, in_force), Some(1));
        assert_eq!(table.one_byte_on(b'K', NaiveDate::MIN, in_force), None);
        assert_eq!(table.one_byte_on(b'Z', NaiveDate::MIN, in_force), None);
    }
}
