//! A unified diff of a file and its formatted text, for `attend fmt --diff`.

/// The lines of `old` and `new` as `-`, `+` and ` ` (context) lines in hunks
/// with three lines of context, headed `--- path` and `+++ path`.
pub fn unified(path: &str, old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // Longest common subsequence lengths, from the ends.
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            let value = if a.get(i) == b.get(j) {
                1 + cell(&lcs, i + 1, j + 1)
            } else {
                cell(&lcs, i + 1, j).max(cell(&lcs, i, j + 1))
            };
            if let Some(slot) = lcs.get_mut(i).and_then(|row| row.get_mut(j)) {
                *slot = value;
            }
        }
    }
    // Each line of the edit: its kind, text, and the line numbers in each file.
    let mut edits: Vec<(char, &str, usize, usize)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                edits.push((' ', x, i, j));
                (i, j) = (i + 1, j + 1);
            }
            (Some(x), _) if j >= b.len() || cell(&lcs, i + 1, j) >= cell(&lcs, i, j + 1) => {
                edits.push(('-', x, i, j));
                i += 1;
            }
            (_, Some(y)) => {
                edits.push(('+', y, i, j));
                j += 1;
            }
            _ => break,
        }
    }
    let changed: Vec<usize> = edits.iter().enumerate().filter(|(_, e)| e.0 != ' ').map(|(k, _)| k).collect();
    let mut out = format!("--- {path}\n+++ {path} (formatted)\n");
    let mut k = 0;
    while k < changed.len() {
        let first = changed.get(k).copied().unwrap_or(0);
        let mut last = first;
        while let Some(&next) = changed.get(k + 1).filter(|&&n| n <= last + 6) {
            last = next;
            k += 1;
        }
        let (from, to) = (first.saturating_sub(3), (last + 4).min(edits.len()));
        let hunk = edits.get(from..to).unwrap_or_default();
        let (olds, news) =
            (hunk.iter().filter(|e| e.0 != '+').count(), hunk.iter().filter(|e| e.0 != '-').count());
        let (start_old, start_new) = hunk.first().map_or((0, 0), |e| (e.2 + 1, e.3 + 1));
        out.push_str(&format!("@@ -{start_old},{olds} +{start_new},{news} @@\n"));
        for (kind, text, _, _) in hunk {
            out.push_str(&format!("{kind}{text}\n"));
        }
        k += 1;
    }
    out
}

fn cell(table: &[Vec<usize>], i: usize, j: usize) -> usize {
    table.get(i).and_then(|row| row.get(j)).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_line_is_shown_with_its_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let new = "a\nb\nc\nD\ne\nf\ng\nh\n";
        let diff = unified("p.attend", old, new);
        assert_eq!(
            diff,
            "--- p.attend\n+++ p.attend (formatted)\n@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n"
        );
        assert_eq!(unified("p", "x\n", "x\n"), "--- p\n+++ p (formatted)\n");
    }
}
