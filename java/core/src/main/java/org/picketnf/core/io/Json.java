package org.picketnf.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.picketnf.core.BadInputException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** One configured Jackson mapper: indented, map keys sorted, unknown properties refused. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Indented JSON with a final newline. */
    public static String pretty(Object o) {
        try {
            return MAPPER.writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@code file} as {@code type}; any problem is a one-line BadInputException naming the file. */
    public static <T> T read(Path file, Class<T> type) {
        try {
            T value = MAPPER.readValue(file.toFile(), type);
            if (value == null) {
                throw new BadInputException(file + ": not a valid " + type.getSimpleName() + " JSON (empty or null)");
            }
            return value;
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new BadInputException(file + ": not a valid " + type.getSimpleName() + " JSON (" + m + ")", e);
        }
    }
}
