//! A part's marks as pass 1 read them, packed into about two bytes each, so
//! that pass 2 evaluates them without reading and checking the part again.
//! The parts of one run share a budget of memory for this; a part that does
//! not fit, or whose marks do not pack (many marks on one line, as in CTF),
//! is read again, with the same result.

use crate::register::Mark;
use crate::vocabulary::Session;
use chrono::{Datelike, NaiveDate};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The memory a run may hold in packed marks: about eleven million marks, a
/// year of registers for some 29,000 pupils.
pub const PACKED_BYTES: usize = 24 << 20;

/// A mark in sixteen bits: its day as an offset from the part's base day
/// (eleven bits, over five years), the afternoon bit, and its code's slot
/// (four bits) among the first fifteen codes the part uses. Any other mark
/// takes the escape slot and is kept whole beside the packed ones.
const SLOT_BITS: u16 = 0b1111;
const ESCAPE: u16 = SLOT_BITS;
const PM_BIT: u16 = 1 << 4;
const DAY_SHIFT: u16 = 5;
const DAYS: i32 = 1 << (16 - DAY_SHIFT);

pub(super) struct Packed {
    file: u16,
    /// The day number that day offsets count from.
    base: i32,
    /// The smallest and largest day offsets used.
    offsets: (u16, u16),
    /// The code of each slot.
    codes: Vec<u8>,
    /// The slot of each code, plus one (0: none yet).
    slots: [u8; 256],
    /// The last day packed and its offset: a pupil's two sessions share a day.
    last_day: Option<(NaiveDate, u16)>,
    /// Each run of one pupil's marks: the pupil's id and how many marks.
    runs: Vec<(Box<str>, u32)>,
    marks: Vec<u16>,
    /// Marks in the escape slot, whole, by their position.
    escaped: Vec<(u32, NaiveDate, Session, u8)>,
    /// Minutes late, by the position of the mark, for marks that have them.
    minutes: Vec<(u32, u32)>,
    /// Lines of marks that are not on the line after the mark before.
    lines: Vec<(u32, u64)>,
    last_line: u64,
}

impl Packed {
    fn new(file: u16) -> Packed {
        Packed {
            file,
            base: 0,
            offsets: (u16::MAX, 0),
            codes: Vec::new(),
            slots: [0; 256],
            last_day: None,
            runs: Vec::new(),
            marks: Vec::new(),
            escaped: Vec::new(),
            minutes: Vec::new(),
            lines: Vec::new(),
            last_line: 0,
        }
    }

    /// The memory the packed marks take.
    fn bytes(&self) -> usize {
        let ids: usize = self.runs.iter().map(|(id, _)| id.len() + 24).sum();
        ids + self.marks.len() * 2 + (self.escaped.len() + self.minutes.len()) * 12 + self.lines.len() * 16
    }

    fn slot(&mut self, code: u8) -> u16 {
        match self.slots.get_mut(usize::from(code)) {
            Some(&mut slot) if slot > 0 => u16::from(slot) - 1,
            Some(slot) if self.codes.len() < usize::from(ESCAPE) => {
                self.codes.push(code);
                *slot = self.codes.len() as u8;
                u16::from(*slot) - 1
            }
            _ => ESCAPE,
        }
    }

    /// The offset of the mark's day from the base, if it is within reach.
    fn offset(&mut self, date: NaiveDate) -> Option<u16> {
        match self.last_day {
            Some((last, offset)) if last == date => Some(offset),
            _ => {
                let offset = u16::try_from(date.num_days_from_ce() - self.base)
                    .ok()
                    .filter(|o| i32::from(*o) < DAYS)?;
                self.last_day = Some((date, offset));
                Some(offset)
            }
        }
    }

    /// Adds a mark; false when the part is better read again.
    fn push(&mut self, pupil: &str, new_pupil: bool, mark: &Mark) -> bool {
        let Ok(at) = u32::try_from(self.marks.len()) else { return false };
        if mark.file != self.file {
            return false;
        }
        if self.marks.is_empty() {
            self.base = mark.date.num_days_from_ce() - DAYS / 2;
        }
        let pm = if mark.session == Session::Pm { PM_BIT } else { 0 };
        let packed = match (self.offset(mark.date), self.slot(mark.code)) {
            (Some(offset), slot) if slot != ESCAPE => {
                self.offsets = (self.offsets.0.min(offset), self.offsets.1.max(offset));
                offset << DAY_SHIFT | pm | slot
            }
            _ => {
                self.escaped.push((at, mark.date, mark.session, mark.code));
                ESCAPE
            }
        };
        match self.runs.last_mut() {
            Some((_, count)) if !new_pupil => match count.checked_add(1) {
                Some(more) => *count = more,
                None => return false,
            },
            _ => self.runs.push((pupil.into(), 1)),
        }
        self.marks.push(packed);
        if let Some(minutes) = mark.minutes_late {
            self.minutes.push((at, minutes));
        }
        if mark.line != self.last_line + 1 {
            self.lines.push((at, mark.line));
        }
        self.last_line = mark.line;
        // Marks out of step with their lines (a CTF file, a part of mostly
        // skipped rows) or unusual dates and codes cost more kept than read.
        let unusual = self.lines.len() + self.escaped.len();
        unusual < 64 || unusual * 4 < self.marks.len()
    }

    /// Hands each run of one pupil's marks to `each`, in the order read,
    /// with lines counted after `lines_before`. False, with nothing handed
    /// on, when the dates cannot be made again (which packing rules out).
    #[expect(
        clippy::indexing_slicing,
        reason = "packed offsets lie between the lowest and highest, which `dates` covers, and packed slots index `codes`"
    )]
    pub fn replay(&self, lines_before: u64, each: &mut impl FnMut(&str, Vec<Mark>)) -> bool {
        let (low, high) = self.offsets;
        let dates: Option<Vec<NaiveDate>> = if low > high {
            Some(Vec::new())
        } else {
            (low..=high)
                .map(|offset| NaiveDate::from_num_days_from_ce_opt(self.base + i32::from(offset)))
                .collect()
        };
        let Some(dates) = dates else { return false };
        let mut marks = self.marks.iter();
        let mut minutes = self.minutes.iter().peekable();
        let (mut lines, mut escaped) = (self.lines.iter().peekable(), self.escaped.iter().peekable());
        let (mut at, mut line) = (0u32, 0u64);
        for (pupil, count) in &self.runs {
            let mut run = Vec::with_capacity(*count as usize);
            for &packed in marks.by_ref().take(*count as usize) {
                line = lines.next_if(|(i, _)| *i == at).map_or(line + 1, |(_, l)| *l);
                let minutes_late = minutes.next_if(|(i, _)| *i == at).map(|(_, m)| *m);
                let (date, session, code) = match escaped.next_if(|(i, ..)| *i == at) {
                    Some(&(_, date, session, code)) => (date, session, code),
                    None => (
                        dates[usize::from((packed >> DAY_SHIFT) - low)],
                        if packed & PM_BIT == 0 { Session::Am } else { Session::Pm },
                        self.codes[usize::from(packed & SLOT_BITS)],
                    ),
                };
                run.push(Mark {
                    date,
                    session,
                    code,
                    minutes_late,
                    file: self.file,
                    line: line + lines_before,
                });
                at += 1;
            }
            each(pupil, run);
        }
        true
    }
}

/// Packs one part's marks while pass 1 reads it, within the run's budget.
pub(super) struct Packer<'a> {
    packed: Option<Packed>,
    budget: &'a AtomicUsize,
}

impl<'a> Packer<'a> {
    pub fn new(file: u16, budget: &'a AtomicUsize) -> Packer<'a> {
        let packed = (budget.load(Ordering::Relaxed) > 0).then(|| Packed::new(file));
        Packer { packed, budget }
    }

    #[inline]
    pub fn push(&mut self, pupil: &str, new_pupil: bool, mark: &Mark) {
        if let Some(packed) = &mut self.packed {
            // A part larger than what is left of the budget stops early.
            let over =
                packed.marks.len() % 4096 == 4095 && packed.bytes() > self.budget.load(Ordering::Relaxed);
            if over || !packed.push(pupil, new_pupil, mark) {
                self.packed = None;
            }
        }
    }

    /// The packed part, if the budget still holds it.
    pub fn finish(self) -> Option<Packed> {
        let mut packed = self.packed?;
        // The budget counts what is held, so nothing is held beyond it.
        packed.marks.shrink_to_fit();
        packed.runs.shrink_to_fit();
        packed.escaped.shrink_to_fit();
        packed.minutes.shrink_to_fit();
        packed.lines.shrink_to_fit();
        let bytes = packed.bytes();
        self.budget
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| left.checked_sub(bytes))
            .is_ok()
            .then_some(packed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(date: (i32, u32, u32), session: Session, code: u8, minutes_late: Option<u32>, line: u64) -> Mark {
        let date = NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap();
        Mark { date, session, code, minutes_late, file: 3, line }
    }

    fn pack(marks: &[(&str, Mark)], budget: usize) -> Option<Packed> {
        let budget = AtomicUsize::new(budget);
        let mut packer = Packer::new(3, &budget);
        let mut last = None;
        for (pupil, mark) in marks {
            packer.push(pupil, last != Some(*pupil), mark);
            last = Some(*pupil);
        }
        packer.finish()
    }

    /// Replays what `marks` pack into, if they pack.
    fn round_trip(marks: &[(&str, Mark)]) -> Option<Vec<(String, Mark)>> {
        let packed = pack(marks, PACKED_BYTES)?;
        let mut replayed = Vec::new();
        let mut runs = 0;
        assert!(packed.replay(100, &mut |pupil, marks| {
            runs += 1;
            replayed.extend(marks.into_iter().map(|mark| (pupil.to_string(), mark)))
        }));
        let changes = marks.windows(2).filter(|pair| pair[0].0 != pair[1].0).count();
        assert_eq!(runs, changes + usize::from(!marks.is_empty()), "a run for each pupil's rows together");
        Some(replayed)
    }

    fn moved_down(marks: &[(&str, Mark)]) -> Vec<(String, Mark)> {
        marks
            .iter()
            .map(|(pupil, mark)| (pupil.to_string(), Mark { line: mark.line + 100, ..*mark }))
            .collect()
    }

    #[test]
    fn replayed_marks_are_the_marks_packed_with_lines_moved_down() {
        let marks = [
            ("A1", mark((2024, 9, 3), Session::Am, 0, None, 1)),
            ("A1", mark((2024, 9, 3), Session::Pm, 5, Some(12), 2)),
            ("A1", mark((2024, 9, 2), Session::Am, 127, None, 7)),
            ("B22", mark((2025, 7, 18), Session::Pm, 1, Some(1440), 8)),
            ("B22", mark((2025, 7, 18), Session::Pm, 1, None, 8)),
            ("A1", mark((2024, 9, 4), Session::Am, 2, None, 9)),
        ];
        assert_eq!(round_trip(&marks), Some(moved_down(&marks)));
    }

    #[test]
    fn marks_beyond_fifteen_codes_or_five_years_are_kept_whole() {
        let mut marks: Vec<(&str, Mark)> = (0..40)
            .map(|i| ("A1", mark((2024, 9, 1 + i % 28), Session::Pm, i as u8, None, 1 + u64::from(i))))
            .collect();
        marks.push(("A1", mark((1990, 1, 1), Session::Am, 3, None, 41)));
        marks.push(("A1", mark((2090, 12, 31), Session::Pm, 3, Some(7), 42)));
        assert_eq!(round_trip(&marks), Some(moved_down(&marks)));
        let packed = pack(&marks, PACKED_BYTES).unwrap();
        assert_eq!((packed.codes.len(), packed.escaped.len()), (15, 40 - 15 + 2));
    }

    #[test]
    fn parts_better_read_again_are_not_packed() {
        let one = [("A1", mark((2024, 9, 3), Session::Am, 0, None, 1))];
        assert!(pack(&one, PACKED_BYTES).is_some());
        assert!(pack(&one, 0).is_none(), "no budget");
        assert!(pack(&one, 10).is_none(), "too little budget");
        let one_line: Vec<(&str, Mark)> =
            (1..=28).map(|day| ("A1", mark((2024, 2, day), Session::Am, 0, None, 5))).collect();
        assert!(pack(&one_line[..20], PACKED_BYTES).is_some(), "a few marks on one line");
        let many: Vec<(&str, Mark)> = (0..400).map(|i| one_line[i % 28]).collect();
        assert!(pack(&many, PACKED_BYTES).is_none(), "hundreds of marks on one line, as in CTF");
        let codes: Vec<(&str, Mark)> = (0..400)
            .map(|i| ("A1", mark((2024, 9, 3), Session::Am, (i % 100) as u8, None, 1 + i as u64)))
            .collect();
        assert!(pack(&codes, PACKED_BYTES).is_none(), "mostly codes past the fifteenth");
    }

    #[test]
    fn a_shared_budget_is_spent_by_each_part_kept() {
        let marks = [("A1", mark((2024, 9, 3), Session::Am, 0, None, 1))];
        let budget = AtomicUsize::new(60);
        let keep = |budget: &AtomicUsize| {
            let mut packer = Packer::new(3, budget);
            packer.push(marks[0].0, true, &marks[0].1);
            packer.finish().is_some()
        };
        assert!(keep(&budget));
        assert!(keep(&budget));
        assert!(!keep(&budget), "a third part of 28 bytes does not fit in 60");
    }
}
