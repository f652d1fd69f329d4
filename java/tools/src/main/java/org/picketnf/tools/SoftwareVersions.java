package org.picketnf.tools;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import org.picketnf.core.BadInputException;

/**
 * The software versions of a pipeline run, read from a YAML file as nf-core pipelines write
 * {@code software_versions.yml}: a map of process name to a map of tool name to version.
 *
 * <pre>
 * LOCALIZE:
 *   picket-localize: 0.1.0
 * Workflow:
 *   Nextflow: 24.10.0
 *   Java: "17.0.15"
 * </pre>
 *
 * <p>Only this two-level subset of YAML is read (the tools bundle no YAML library): a process is a line
 * {@code NAME:} at column 0; its tools follow as {@code TOOL: VERSION} lines, all indented by the same number of
 * spaces. Names and versions are plain or quoted ('single', "double") scalars; a plain name may contain ':' when no
 * space follows it ({@code PICKET:LOCALIZE:}). Blank lines, {@code #} comments and a leading {@code ---} are
 * skipped. Versions are kept as written ({@code 1.10} stays "1.10", not the number 1.1). Anything else (tabs,
 * deeper nesting, flow style {@code {a: b}}, lists, a process without tools, a name given twice) is an error
 * naming the file and the line.
 */
final class SoftwareVersions {
    /** First characters that make a YAML scalar something other than plain text. */
    private static final String INDICATORS = "{[|>&*!%@`?";

    private final SortedMap<String, SortedMap<String, String>> byProcess;

    private SoftwareVersions(SortedMap<String, SortedMap<String, String>> byProcess) {
        this.byProcess = byProcess;
    }

    /** Process name to (tool name to version), both sorted by name; unmodifiable. */
    SortedMap<String, SortedMap<String, String>> byProcess() {
        return byProcess;
    }

    /**
     * Reads {@code file}.
     *
     * @param what how the messages name the file, e.g. "--versions versions.yml"
     * @throws BadInputException if the file is missing, unreadable or not in the format above
     */
    static SoftwareVersions read(Path file, String what) {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new BadInputException(what + ": no such file");
        } catch (CharacterCodingException e) {
            throw new BadInputException(what + ": not UTF-8 text");
        } catch (IOException e) {
            throw new BadInputException(what + ": cannot read (" + e.getMessage() + ")", e);
        }
        return parse(text, what);
    }

    /** Parses {@code text}; {@code what} names its source in the messages. */
    static SoftwareVersions parse(String text, String what) {
        SortedMap<String, SortedMap<String, String>> all = new TreeMap<>();
        List<String> lines = text.lines().toList();
        String process = null;
        int processLine = 0;
        SortedMap<String, String> tools = null;
        int indent = -1;
        boolean seenContent = false;
        for (int i = 0; i < lines.size(); i++) {
            int n = i + 1;
            String line = lines.get(i);
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            if (!seenContent && line.startsWith("---") && line.substring(3).isBlank()) {
                seenContent = true;
                continue;
            }
            seenContent = true;
            int lead = 0;
            while (lead < line.length() && (line.charAt(lead) == ' ' || line.charAt(lead) == '\t')) {
                if (line.charAt(lead) == '\t') {
                    throw error(what, n, "a tab in the indentation (indent with spaces)");
                }
                lead++;
            }
            String[] kv = entry(line.substring(lead), what, n);
            if (lead == 0) {
                if (tools != null && tools.isEmpty()) {
                    throw error(what, processLine, "process '" + process + "' has no 'tool: version' lines");
                }
                if (kv[1] != null) {
                    throw error(what, n, "'" + kv[0] + ": " + kv[1] + "' at the top level: expected a process name"
                            + " ending in ':' with its 'tool: version' lines indented below it");
                }
                if (all.containsKey(kv[0])) {
                    throw error(what, n, "process '" + kv[0] + "' is given twice");
                }
                process = kv[0];
                processLine = n;
                tools = new TreeMap<>();
                all.put(process, tools);
                indent = -1;
            } else {
                if (tools == null) {
                    throw error(what, n, "an indented line before the first process name");
                }
                if (indent < 0) {
                    indent = lead;
                } else if (lead != indent) {
                    throw error(what, n, "indented by " + lead + " spaces, the lines above by " + indent
                            + " (only two levels are read: process, then 'tool: version')");
                }
                if (kv[1] == null || kv[1].isEmpty()) {
                    throw error(what, n, "tool '" + kv[0] + "' of process '" + process + "' has no version"
                            + " (only two levels are read: process, then 'tool: version')");
                }
                if (tools.containsKey(kv[0])) {
                    throw error(what, n, "tool '" + kv[0] + "' is given twice under process '" + process + "'");
                }
                tools.put(kv[0], kv[1]);
            }
        }
        if (tools != null && tools.isEmpty()) {
            throw error(what, processLine, "process '" + process + "' has no 'tool: version' lines");
        }
        if (all.isEmpty()) {
            throw new BadInputException(what + ": no versions in it (expected 'PROCESS:' lines, each followed by"
                    + " indented 'tool: version' lines)");
        }
        SortedMap<String, SortedMap<String, String>> frozen = new TreeMap<>();
        all.forEach((p, t) -> frozen.put(p, Collections.unmodifiableSortedMap(t)));
        return new SoftwareVersions(Collections.unmodifiableSortedMap(frozen));
    }

    /** {key, value} of "key:" (value null) or "key: value", comments removed, quotes undone. */
    private static String[] entry(String s, String what, int n) {
        String key;
        String rest;
        if (s.startsWith("'") || s.startsWith("\"")) {
            int[] end = new int[1];
            key = quoted(s, 0, end, what, n);
            rest = s.substring(end[0]).stripLeading();
            if (!rest.startsWith(":")) {
                throw error(what, n, "expected ':' after the quoted name " + s.substring(0, end[0]));
            }
            rest = rest.substring(1);
        } else {
            int c = 0;
            while (c < s.length() && !(s.charAt(c) == ':' && (c + 1 == s.length()
                    || Character.isWhitespace(s.charAt(c + 1))))) {
                c++;
            }
            if (c == s.length()) {
                throw error(what, n, "expected 'name:' or 'name: value', got '" + s.strip() + "'");
            }
            key = s.substring(0, c).strip();
            rest = s.substring(c + 1);
            if (key.startsWith("- ") || key.equals("-")) {
                throw error(what, n, "a list item; expected 'name:' or 'name: value'");
            }
            if (!key.isEmpty() && INDICATORS.indexOf(key.charAt(0)) >= 0) {
                throw error(what, n, "'" + key + "' is not a plain or quoted name (flow style, block text, anchors"
                        + " and tags are not read)");
            }
        }
        if (key.isEmpty()) {
            throw error(what, n, "an empty name");
        }
        rest = rest.strip();
        if (rest.isEmpty() || rest.startsWith("#")) {
            return new String[] {key, null};
        }
        String value;
        if (rest.startsWith("'") || rest.startsWith("\"")) {
            int[] end = new int[1];
            value = quoted(rest, 0, end, what, n);
            String tail = rest.substring(end[0]).strip();
            if (!tail.isEmpty() && !tail.startsWith("#")) {
                throw error(what, n, "text after the quoted value of '" + key + "'");
            }
        } else {
            if (INDICATORS.indexOf(rest.charAt(0)) >= 0) {
                throw error(what, n, "the value of '" + key + "' is not a plain or quoted text (flow style, block"
                        + " text, anchors and tags are not read)");
            }
            int hash = rest.indexOf(" #");
            value = (hash < 0 ? rest : rest.substring(0, hash)).strip();
        }
        return new String[] {key, value};
    }

    /** The quoted scalar starting at s[from] ('...' with '' for a quote, or "..." without escapes); end[0] after it. */
    private static String quoted(String s, int from, int[] end, String what, int n) {
        char q = s.charAt(from);
        StringBuilder sb = new StringBuilder();
        for (int i = from + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == q) {
                if (q == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                    sb.append('\'');
                    i++;
                    continue;
                }
                end[0] = i + 1;
                return sb.toString();
            }
            if (q == '"' && c == '\\') {
                throw error(what, n, "a backslash escape in a double-quoted text (not read; use single quotes)");
            }
            sb.append(c);
        }
        throw error(what, n, "a quote " + q + " that is not closed on the same line");
    }

    private static BadInputException error(String what, int line, String message) {
        return new BadInputException(what + ": line " + line + ": " + message);
    }
}
