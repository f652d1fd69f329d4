package org.picketnf.core.mrc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.function.Executable;

/** Shared checks for the MRC tests. */
final class MrcAssertions {
    private MrcAssertions() {
    }

    /**
     * Asserts that {@code action} throws {@link MrcFormatException} whose message is one line starting with
     * "{@code file}: ", and returns the message.
     */
    static String assertMrcError(Path file, Executable action) {
        MrcFormatException e = assertThrows(MrcFormatException.class, action,
                () -> file + ": expected an MrcFormatException");
        String msg = e.getMessage();
        assertTrue(msg.startsWith(file + ": "), () -> "message should start with the file path: " + msg);
        assertFalse(msg.contains("\n") || msg.contains("\r"), () -> "message should be one line: " + msg);
        return msg;
    }

    /** Asserts that {@code haystack} contains {@code needle}, ignoring case. */
    static void assertContainsIgnoreCase(String haystack, String needle) {
        assertTrue(haystack.toLowerCase(java.util.Locale.ROOT).contains(needle.toLowerCase(java.util.Locale.ROOT)),
                () -> "expected \"" + needle + "\" in: " + haystack);
    }
}
