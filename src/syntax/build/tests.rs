//! The tree of a policy test file.

use super::{Builder, Built, inner, span};
use crate::syntax::ast::*;
use crate::syntax::parser::Rule;
use pest::iterators::Pair;

impl Builder {
    pub fn test_case(&mut self, pair: Pair<Rule>) -> Built<TestCase> {
        let within = span(self.file, &pair);
        let mut parts = inner(pair);
        let name = self.string(self.next(&mut parts, within, "the test's name")?);
        let (mut pupils, mut expectations) = (Vec::new(), Vec::new());
        for part in parts {
            match part.as_rule() {
                Rule::pupil_marks => pupils.push(self.pupil_marks(part)?),
                Rule::expectation => expectations.push(self.expectation(part)?),
                _ => return Err(self.unexpected(&part)),
            }
        }
        Ok(TestCase { name, pupils, expectations, span: within })
    }

    fn pupil_marks(&mut self, pair: Pair<Rule>) -> Built<PupilMarks> {
        let within = span(self.file, &pair);
        let mut parts = inner(pair);
        let pupil = self.string(self.next(&mut parts, within, "the pupil")?);
        let from = self.value(self.next(&mut parts, within, "the first day")?)?;
        let marks = self.string(self.next(&mut parts, within, "the marks")?);
        let (mut details, mut records) = (Vec::new(), Vec::new());
        for detail in parts {
            let s = span(self.file, &detail);
            let mut words = inner(detail).peekable();
            if let Some(record) = words.next_if(|w| w.as_rule() == Rule::pupil_record) {
                let mut words = inner(record);
                let name = self.string(self.next(&mut words, s, "the record")?);
                let on = self.value(self.next(&mut words, s, "its date")?)?;
                records.push((name, on));
                continue;
            }
            let attribute = self.next(&mut words, s, "the attribute")?;
            let attribute = Spanned::new(attribute.as_str().to_string(), span(self.file, &attribute));
            let value = self.string(self.next(&mut words, s, "its value")?);
            details.push((attribute, value));
        }
        Ok(PupilMarks { pupil, from, marks, details, records, span: within })
    }

    fn expectation(&mut self, pair: Pair<Rule>) -> Built<Expectation> {
        let within = span(self.file, &pair);
        let (mut negated, mut what, mut pupil) = (false, None, None);
        for part in inner(pair) {
            match part.as_rule() {
                Rule::expect_no => negated = true,
                Rule::expected => what = Some(self.expected(part)?),
                Rule::for_pupil => pupil = Some(self.string(self.only(part)?)),
                _ => return Err(self.unexpected(&part)),
            }
        }
        let what = what.ok_or_else(|| {
            Box::new(crate::syntax::errors::internal(within, "an expectation without what is expected"))
        })?;
        Ok(Expectation { negated, what, pupil, span: within })
    }

    fn expected(&mut self, pair: Pair<Rule>) -> Built<Expected> {
        let part = self.only(pair)?;
        let within = span(self.file, &part);
        match part.as_rule() {
            Rule::expect_rule => {
                let mut parts = inner(part);
                let name = self.string(self.next(&mut parts, within, "the rule's name")?);
                let (mut on, mut times) = (None, None);
                for more in parts {
                    match more.as_rule() {
                        Rule::expect_on => on = Some(self.value(self.only(more)?)?),
                        Rule::expect_times => times = Some(self.value(self.only(more)?)?),
                        _ => return Err(self.unexpected(&more)),
                    }
                }
                Ok(Expected::Rule { name, on, times })
            }
            Rule::expect_attendance => Ok(Expected::Attendance(self.value(self.only(part)?)?)),
            Rule::expect_definition => match self.first_token(part)? {
                Rule::kw_persistent => Ok(Expected::Persistent),
                Rule::kw_severe => Ok(Expected::Severe),
                _ => Err(Box::new(crate::syntax::errors::internal(within, "an unknown definition"))),
            },
            _ => Err(self.unexpected(&part)),
        }
    }
}
