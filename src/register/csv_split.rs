//! Cutting CSV rows into lines and fields: quotes, blank space and line
//! endings as the readers of registers and pupils files meet them.

#[inline]
pub(super) fn trim_line(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// The lines of a block of rows, each split at commas as it is taken.
pub(super) struct Lines<'a> {
    /// The rows not yet taken.
    pub(super) rest: &'a [u8],
}

impl<'a> Lines<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Lines<'a> {
        Lines { rest: bytes }
    }

    /// The next line (without its newline) with its fields' ranges in
    /// `fields`, found in one pass over its bytes, and whether it holds a quote.
    pub(super) fn next_split(&mut self, fields: &mut Vec<(usize, usize)>) -> Option<(&'a [u8], bool)> {
        if self.rest.is_empty() {
            return None;
        }
        fields.clear();
        let bytes = self.rest;
        let (mut start, mut quoted, mut end) = (0, false, bytes.len());
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b',' => {
                    fields.push((start, i));
                    start = i + 1;
                }
                b'\n' => {
                    end = i;
                    break;
                }
                b'"' => quoted = true,
                _ => {}
            }
        }
        fields.push((start, end));
        self.rest = bytes.get(end + 1..).unwrap_or_default();
        Some((bytes.get(..end).unwrap_or_default(), quoted))
    }
}

/// Splits a line with quoted fields into `out`, undoing `""` escapes; field
/// ranges index `out`. Columns reported for such lines are approximate.
pub(super) fn unquote(text: &[u8], out: &mut Vec<u8>, fields: &mut Vec<(usize, usize)>) {
    out.clear();
    fields.clear();
    let mut start = 0;
    let mut quoted = false;
    let mut i = 0;
    while let Some(&b) = text.get(i) {
        match (b, quoted) {
            (b'"', true) if text.get(i + 1) == Some(&b'"') => {
                out.push(b'"');
                i += 1;
            }
            (b'"', _) => quoted = !quoted,
            (b',', false) => {
                fields.push((start, out.len()));
                start = out.len();
            }
            _ => out.push(b),
        }
        i += 1;
    }
    fields.push((start, out.len()));
}

/// A line's fields as text, quotes undone, each trimmed of blank space.
pub(super) fn fields(line: &[u8]) -> Vec<String> {
    let (mut out, mut ranges) = (Vec::new(), Vec::new());
    unquote(trim_line(line), &mut out, &mut ranges);
    ranges
        .iter()
        .map(|&(a, b)| String::from_utf8_lossy(out.get(a..b).unwrap_or_default()).trim().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_keep_commas_and_quotes() {
        let mut out = Vec::new();
        let mut fields = Vec::new();
        unquote(br#""Smith, J","say ""hi""",x"#, &mut out, &mut fields);
        let texts: Vec<&[u8]> = fields.iter().map(|&(a, b)| &out[a..b]).collect();
        assert_eq!(texts, [&b"Smith, J"[..], b"say \"hi\"", b"x"]);
    }
}
