//! Synthetic registers, for examples and benchmarks. Every pupil here is made
//! up: ids are `S` and a number, and marks come from a seeded generator, so the
//! same options always give the same register. The calendar is a typical
//! English school year (three terms, each with a one-week half term, an INSET
//! day and the early-May bank holiday).

use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::io::{self, Write};

/// A small, fast, deterministic random number generator (SplitMix64).
pub struct Random(u64);

impl Random {
    pub fn new(seed: u64) -> Random {
        Random(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0.0..1.0`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

fn monday_on_or_after(date: NaiveDate) -> NaiveDate {
    let mut d = date;
    while d.weekday() != Weekday::Mon {
        d = d + Days::new(1);
    }
    d
}

/// School days of the academic year starting in September of `year`.
pub fn school_year(year: i32) -> Vec<NaiveDate> {
    let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    // (first day, number of weeks) of each half term.
    let autumn = ymd(year, 9, 3);
    let autumn2 = monday_on_or_after(autumn) + Days::new(7 * 7);
    let spring = monday_on_or_after(ymd(year + 1, 1, 5));
    let spring2 = spring + Days::new(7 * 7);
    let summer = spring2 + Days::new(7 * 8);
    let summer2 = summer + Days::new(7 * 7);
    let halves = [(autumn, 7), (autumn2, 7), (spring, 6), (spring2, 6), (summer, 6), (summer2, 7)];
    let inset = spring; // the first day of the spring term
    let bank_holiday = monday_on_or_after(ymd(year + 1, 5, 1));
    let mut days = Vec::new();
    for (start, weeks) in halves {
        let monday = start - Days::new(u64::from(start.weekday().num_days_from_monday()));
        let end = monday + Days::new(7 * weeks - 3); // the Friday of the last week
        let mut d = start;
        while d <= end {
            if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && d != inset && d != bank_holiday {
                days.push(d);
            }
            d = d + Days::new(1);
        }
    }
    days
}

pub struct Options {
    pub pupils: u64,
    /// Academic years starting in September of these years.
    pub years: Vec<i32>,
    pub seed: u64,
    /// Write `minutes_late` for late marks.
    pub minutes_late: bool,
}

/// One pupil's habits, drawn once.
struct Habits {
    illness: f64,
    unauthorised: f64,
    late: f64,
    holiday: bool,
}

fn habits(random: &mut Random) -> Habits {
    // Most pupils attend well; a tail is persistently or severely absent.
    let band = random.unit();
    let scale = if band < 0.75 {
        0.6
    } else if band < 0.93 {
        2.5
    } else if band < 0.985 {
        5.0
    } else {
        14.0
    };
    Habits {
        illness: 0.008 * scale * (0.5 + random.unit()),
        unauthorised: 0.002 * scale * scale * random.unit(),
        late: 0.03 * (0.2 + random.unit() * 2.0),
        holiday: random.unit() < 0.08,
    }
}

/// Writes a long CSV register (`pupil,date,session,mark[,minutes_late]`),
/// sorted by pupil and then date. Returns the number of marks written.
pub fn write_long_csv(options: &Options, out: &mut impl Write) -> io::Result<u64> {
    let calendar: Vec<NaiveDate> = options.years.iter().flat_map(|y| school_year(*y)).collect();
    let mut random = Random::new(options.seed);
    let mut written = 0u64;
    if options.minutes_late {
        writeln!(out, "pupil,date,session,mark,minutes_late")?;
    } else {
        writeln!(out, "pupil,date,session,mark")?;
    }
    let mut line = String::with_capacity(64);
    for p in 0..options.pupils {
        let habits = habits(&mut random);
        let pupil = format!("S{:06}", p + 1);
        // A holiday taken in term time: one school week, once a year.
        let holiday_start =
            if habits.holiday { Some(random.below(calendar.len() as u64) as usize) } else { None };
        let mut ill_for = 0u32;
        for (i, date) in calendar.iter().enumerate() {
            if ill_for == 0 && random.unit() < habits.illness {
                ill_for = 1 + random.below(4) as u32;
            }
            let on_holiday = holiday_start.is_some_and(|s| i >= s && i < s + 5);
            let day_code: Option<&str> = if on_holiday {
                Some("G")
            } else if ill_for > 0 {
                ill_for -= 1;
                Some("I")
            } else if random.unit() < habits.unauthorised {
                Some(if random.unit() < 0.8 { "O" } else { "N" })
            } else {
                None
            };
            for (session, present) in [("AM", "/"), ("PM", "\\")] {
                let (code, minutes) = match day_code {
                    Some(code) => (code, None),
                    None if session == "AM" && random.unit() < habits.late => {
                        let minutes = 1 + random.below(40) as u32;
                        // The register is open 25 minutes: later arrivals are U.
                        (if minutes > 25 { "U" } else { "L" }, Some(minutes))
                    }
                    None if random.unit() < 0.004 => ("M", None),
                    None => (present, None),
                };
                line.clear();
                line.push_str(&pupil);
                line.push(',');
                line.push_str(&date.to_string());
                line.push(',');
                line.push_str(session);
                line.push(',');
                line.push_str(code);
                if options.minutes_late {
                    line.push(',');
                    if let Some(m) = minutes {
                        line.push_str(&m.to_string());
                    }
                }
                line.push('\n');
                out.write_all(line.as_bytes())?;
                written += 1;
            }
        }
    }
    Ok(written)
}

/// Writes a pupils file (`pupil,year,sen,fsm,cp,cin,admitted,left`) for the
/// pupils of [`write_long_csv`] with the same options: made-up year groups 7
/// to 11, about one pupil in thirty with an EHC plan and one in eight on SEN
/// support, a quarter with free school meals and a few with plans. Every
/// pupil is on roll all year (the register has marks for each every day), so
/// the admission and leaving columns are empty. Returns the number of pupils
/// written.
pub fn write_pupils_csv(options: &Options, out: &mut impl Write) -> io::Result<u64> {
    let mut random = Random::new(options.seed ^ 0x05ee_d0f9_u64);
    writeln!(out, "pupil,year,sen,fsm,cp,cin,admitted,left")?;
    for p in 0..options.pupils {
        let year = 7 + random.below(5);
        let sen = match random.below(120) {
            0..4 => "EHCP",
            4..19 => "SEN support",
            _ => "none",
        };
        let yes = |r: &mut Random, one_in: u64| if r.below(one_in) == 0 { "yes" } else { "no" };
        let fsm = yes(&mut random, 4);
        let (cp, cin) = (yes(&mut random, 40), yes(&mut random, 25));
        writeln!(out, "S{:06},{year},{sen},{fsm},{cp},{cin},,", p + 1)?;
    }
    Ok(options.pupils)
}

/// Writes three years (2022-23 to 2024-25) of registers of `pupils` made-up
/// pupils for every school policy directly in `policies`, into `dir`, named
/// `<policy name>-<year>.csv` so that a trust run matches them. Returns the
/// files written.
pub fn write_trust_registers(
    policies: &std::path::Path,
    dir: &std::path::Path,
    pupils: u64,
) -> io::Result<Vec<std::path::PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(policies)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "attend"))
        .collect();
    files.sort();
    let mut written = Vec::new();
    for (school, policy) in files.iter().enumerate() {
        let stem = policy.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        for (n, year) in [2022, 2023, 2024].into_iter().enumerate() {
            let path = dir.join(format!("{stem}-{year}-{:02}.csv", (year + 1) % 100));
            let mut out = io::BufWriter::new(std::fs::File::create(&path)?);
            let seed = 1000 + school as u64 * 10 + n as u64;
            write_long_csv(&Options { pupils, years: vec![year], seed, minutes_late: true }, &mut out)?;
            out.flush()?;
            written.push(path);
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_school_year_has_about_190_days() {
        let days = school_year(2024);
        assert!((185..=195).contains(&days.len()), "{}", days.len());
        assert_eq!(days[0], NaiveDate::from_ymd_opt(2024, 9, 3).unwrap());
        assert!(days.iter().all(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)));
    }

    #[test]
    fn the_same_seed_gives_the_same_register() {
        let options = Options { pupils: 3, years: vec![2024], seed: 9, minutes_late: true };
        let (mut a, mut b) = (Vec::new(), Vec::new());
        write_long_csv(&options, &mut a).unwrap();
        write_long_csv(&options, &mut b).unwrap();
        assert_eq!(a, b);
    }
}
