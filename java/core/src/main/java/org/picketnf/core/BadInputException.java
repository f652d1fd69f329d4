package org.picketnf.core;

/**
 * Bad input from the user or a file: a corrupt MRC, a wrong parameter, an unwritable output.
 * The message is one line that names the file or parameter and the problem; CLIs print it and exit with code 2.
 * Values quoted from a file may hold line breaks or other control characters: they are written as escapes
 * ({@code \n}, {@code \r}, {@code \t}, {@code \}{@code uXXXX}), so the message stays one line whatever the file holds.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(oneLine(message));
    }

    public BadInputException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** {@code s} with every control character (and the line and paragraph separators) escaped; null stays null. */
    static String oneLine(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
            if (control && b == null) {
                b = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (b == null) {
                continue;
            }
            if (!control) {
                b.append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        return b == null ? s : b.toString();
    }
}
