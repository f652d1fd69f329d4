package org.picketnf.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.picketnf.core.BadInputException;

/** Write-to-temporary-then-rename helpers, so a killed step never leaves a plausible half file. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** The temporary name used beside {@code target}. */
    public static Path tempFor(Path target) {
        Path abs = target.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + ".part");
    }

    /** Checks up front that {@code target} can be created, so a long step fails before it starts. */
    public static void checkWritable(Path target) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw new BadInputException(target + ": cannot write, it is a directory");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new BadInputException(target + ": cannot write, directory " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new BadInputException(target + ": cannot write, directory " + dir + " is not writable");
        }
    }

    /** Renames {@code tmp} over {@code target}. */
    public static void commit(Path tmp, Path target) {
        try {
            Files.move(tmp, target.toAbsolutePath(), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw writeError(target, e);
        }
    }

    /** Writes a UTF-8 text file atomically. */
    public static void writeString(Path target, String text) {
        Path tmp = tempFor(target);
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw writeError(target, e);
        }
        commit(tmp, target);
    }

    /** A one-line error for a failed write. */
    public static BadInputException writeError(Path target, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new BadInputException(target + ": cannot write, its directory does not exist", e);
        }
        if (e instanceof AccessDeniedException) {
            return new BadInputException(target + ": cannot write, permission denied", e);
        }
        return new BadInputException(target + ": cannot write (" + e.getMessage() + ")", e);
    }

    public static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
