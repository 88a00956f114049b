package dev.hubkeep.cli;

import java.io.PrintWriter;

/**
 * Text made harmless to print on a terminal. What a hub sends (names, messages, file paths) is
 * printed by the commands, and a terminal obeys the escape sequences and control characters in
 * it: a hostile hub could clear the screen, rewrite lines already printed (a fake "Logged in"),
 * set the window title, or plant links. So every command prints through {@link #safe(PrintWriter)},
 * which keeps the text and newlines and tabs and drops the rest: C0 controls, DEL, C1 controls, and
 * whole escape sequences (not just their ESC, so no "[2J" debris is left behind).
 */
final class Terminal {

    private static final char ESC = '\u001b';
    private static final char BEL = '\u0007';
    /** The C1 "string terminator", and the C1 controls that start a sequence as ESC and a letter do. */
    private static final char ST = '\u009c';
    private static final char C1_CSI = '\u009b';
    private static final String C1_STRINGS = "\u0090\u0098\u009d\u009e\u009f"; // DCS, SOS, OSC, PM, APC

    private Terminal() {}

    /** {@code text} without control characters and escape sequences, newlines and tabs kept. */
    static String safe(String text) {
        StringBuilder kept = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ESC) {
                i = afterEscape(text, i + 1);
            } else if (c == C1_CSI) {
                i = afterCsi(text, i + 1);
            } else if (C1_STRINGS.indexOf(c) >= 0) {
                i = afterString(text, i + 1);
            } else {
                if (c == '\n' || c == '\t' || !(c < 0x20 || c >= 0x7f && c <= 0x9f)) {
                    kept.append(c);
                }
                i++;
            }
        }
        return kept.toString();
    }

    /** A writer that prints everything through {@link #safe(String)}; its own line breaks go through as they are. */
    static PrintWriter safe(PrintWriter out) {
        return new PrintWriter(out, true) {
            @Override
            public void write(int c) {
                write(String.valueOf((char) c), 0, 1);
            }

            @Override
            public void write(char[] buffer, int from, int length) {
                write(new String(buffer, from, length), 0, length);
            }

            @Override
            public void write(String text, int from, int length) {
                String cleaned = safe(text.substring(from, from + length));
                super.write(cleaned, 0, cleaned.length());
            }
        };
    }

    /** Where the text goes on after the escape sequence whose ESC was just before {@code i}. */
    private static int afterEscape(String text, int i) {
        if (i >= text.length()) {
            return i;
        }
        char next = text.charAt(i);
        if (next == '[') {
            return afterCsi(text, i + 1);
        }
        if ("]PX^_".indexOf(next) >= 0) {
            return afterString(text, i + 1);
        }
        // ESC, intermediates (space to '/'), then one final character, as in ESC ( 0 or ESC M.
        while (i < text.length() && text.charAt(i) >= 0x20 && text.charAt(i) <= 0x2f) {
            i++;
        }
        return i < text.length() && text.charAt(i) >= 0x30 && text.charAt(i) <= 0x7e ? i + 1 : i;
    }

    /** After a control sequence: parameters and intermediates (0x20 to 0x3f), then a final byte (0x40 to 0x7e). */
    private static int afterCsi(String text, int i) {
        while (i < text.length() && text.charAt(i) >= 0x20 && text.charAt(i) <= 0x3f) {
            i++;
        }
        return i < text.length() && text.charAt(i) >= 0x40 && text.charAt(i) <= 0x7e ? i + 1 : i;
    }

    /** After a string sequence (a title, a hyperlink, …): up to BEL, ESC \ or ST, or the end of the text. */
    private static int afterString(String text, int i) {
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == BEL || c == ST) {
                return i + 1;
            }
            if (c == ESC) { // ESC \ ends the string; any other ESC starts a sequence of its own
                return i + 1 < text.length() && text.charAt(i + 1) == '\\' ? i + 2 : i;
            }
            i++;
        }
        return i;
    }
}
