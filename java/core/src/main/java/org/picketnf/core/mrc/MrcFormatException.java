package org.picketnf.core.mrc;

import org.picketnf.core.BadInputException;

/** A file that is not a readable MRC volume. The message is "FILE: problem", one line. */
public class MrcFormatException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public MrcFormatException(String file, String problem) {
        super(file + ": " + problem);
    }

    public MrcFormatException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
