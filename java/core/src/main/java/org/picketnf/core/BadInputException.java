package org.picketnf.core;

/**
 * Bad input from the user or a file: a corrupt MRC, a wrong parameter, an unwritable output.
 * The message is one line that names the file or parameter and the problem; CLIs print it and exit with code 2.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
