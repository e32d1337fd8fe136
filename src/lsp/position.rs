//! Byte offsets in a policy's text and the editor's positions (lines and
//! UTF-16 columns, as the protocol counts them).

use lsp_types::{Position, Range};

pub fn position(text: &str, offset: usize) -> Position {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() as u32;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character = before.get(line_start..).unwrap_or("").encode_utf16().count() as u32;
    Position { line, character }
}

pub fn range(text: &str, start: usize, end: usize) -> Range {
    Range { start: position(text, start), end: position(text, end) }
}

pub fn offset(text: &str, at: Position) -> usize {
    let mut line_start = 0;
    for _ in 0..at.line {
        match text.get(line_start..).and_then(|rest| rest.find('\n')) {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line = text.get(line_start..).unwrap_or("");
    let line = line.split('\n').next().unwrap_or("");
    let mut units = 0;
    for (i, c) in line.char_indices() {
        if units >= at.character as usize {
            return line_start + i;
        }
        units += c.len_utf16();
    }
    line_start + line.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_utf16_units_both_ways() {
        let text = "a\n£80 x\n";
        assert_eq!(position(text, 0), Position { line: 0, character: 0 });
        let x = text.find('x').unwrap_or(0);
        assert_eq!(position(text, x), Position { line: 1, character: 4 });
        assert_eq!(offset(text, Position { line: 1, character: 4 }), x);
        assert_eq!(offset(text, Position { line: 9, character: 0 }), text.len());
    }
}
