//! A block font for countdowns readable from across the room: 3×5 cells per
//! glyph, each cell drawn two columns wide so digits look square.

const GLYPHS: &[(char, [&str; 5])] = &[
    ('0', ["███", "█ █", "█ █", "█ █", "███"]),
    ('1', [" █ ", "██ ", " █ ", " █ ", "███"]),
    ('2', ["███", "  █", "███", "█  ", "███"]),
    ('3', ["███", "  █", "███", "  █", "███"]),
    ('4', ["█ █", "█ █", "███", "  █", "  █"]),
    ('5', ["███", "█  ", "███", "  █", "███"]),
    ('6', ["███", "█  ", "███", "█ █", "███"]),
    ('7', ["███", "  █", "  █", "  █", "  █"]),
    ('8', ["███", "█ █", "███", "█ █", "███"]),
    ('9', ["███", "█ █", "███", "  █", "███"]),
    (':', ["   ", " █ ", "   ", " █ ", "   "]),
    ('-', ["   ", "   ", "███", "   ", "   "]),
    ('d', ["  █", "  █", "███", "█ █", "███"]),
];

/// Five lines of block text for `s` (digits, `:`, `-` and `d` for days;
/// others blank).
pub fn render(s: &str, double: bool) -> [String; 5] {
    let mut rows: [String; 5] = Default::default();
    for c in s.chars() {
        let glyph = GLYPHS
            .iter()
            .find(|(g, _)| *g == c)
            .map(|(_, rows)| *rows)
            .unwrap_or(["   "; 5]);
        for (row, line) in rows.iter_mut().zip(glyph) {
            for cell in line.chars() {
                row.push(cell);
                if double {
                    row.push(cell);
                }
            }
            row.push(' ');
        }
    }
    rows
}

/// Columns `render` takes for `s`.
pub fn width(s: &str, double: bool) -> usize {
    s.chars().count() * if double { 7 } else { 4 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_countdown_renders_as_five_equal_rows() {
        let rows = render("-0:42:10", true);
        assert!(rows
            .iter()
            .all(|r| r.chars().count() == width("-0:42:10", true)));
        assert!(rows[2].chars().filter(|c| *c == '█').count() > 10);
    }
}
