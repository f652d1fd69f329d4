package org.picketnf.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class BadInputExceptionTest {

    @Test
    void controlCharactersQuotedFromAFileAreEscapedSoTheMessageIsOneLine() {
        // the value a fuzzer put in a model's "format" field: picket-<LF>f model 1
        BadInputException e = new BadInputException("m.json: not a picket-nf model (format 'picket-\nf model 1')");
        assertEquals("m.json: not a picket-nf model (format 'picket-\\nf model 1')", e.getMessage());
        assertEquals("a\\r\\tb\\u0000c\\u2028d\\u007f", new BadInputException("a\r\tb\u0000c\u2028d\u007f").getMessage());
    }

    @Test
    void plainMessagesAndNonAsciiTextAreKeptAsTheyAre() {
        String m = "tomo_\u00e9\u00e8.mrc: truncated: 1024 of 4096 bytes";
        assertSame(m, new BadInputException(m).getMessage());
        assertNull(new BadInputException(null).getMessage());
    }
}
