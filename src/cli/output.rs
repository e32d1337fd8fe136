//! Standard output for results: buffered, and quiet when the reader goes away.

/// Writes to standard output. A reader that stops early (`attend run ... | head`)
/// closes the pipe: that ends the output quietly instead of failing.
pub fn emit(text: &str) {
    use std::io::Write;
    if let Err(e) = std::io::stdout().lock().write_all(text.as_bytes())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write the output: {e}");
    }
}

/// Buffered standard output that stops quietly when the reader goes away.
pub struct Output {
    writer: std::io::BufWriter<std::io::Stdout>,
    closed: bool,
}

impl Output {
    pub fn new() -> Output {
        Output { writer: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()), closed: false }
    }

    pub fn write(&mut self, text: &str) {
        use std::io::Write;
        if self.closed {
            return;
        }
        if let Err(e) = self.writer.write_all(text.as_bytes()) {
            self.fail(e);
        }
    }

    pub fn finish(&mut self) {
        use std::io::Write;
        if !self.closed
            && let Err(e) = self.writer.flush()
        {
            self.fail(e);
        }
    }

    fn fail(&mut self, e: std::io::Error) {
        self.closed = true;
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the output: {e}");
        }
    }
}
