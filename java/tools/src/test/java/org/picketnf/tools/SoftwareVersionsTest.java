package org.picketnf.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.picketnf.core.BadInputException;

/** The two-level YAML subset of software_versions.yml: what is read, and one clear error for anything else. */
class SoftwareVersionsTest {
    @TempDir
    Path dir;

    static final String NF_CORE_STYLE = """
            PREPROCESS:
              picket-features: 0.1.0
            LOCALIZE:
              picket-localize: 0.1.0
            Workflow:
              Nextflow: 24.10.0
              Java: 17.0.15
              picket-nf: 0.1.0
            """;

    @Test
    void readsProcessesAndToolsSortedByName() {
        SortedMap<String, SortedMap<String, String>> v = SoftwareVersions.parse(NF_CORE_STYLE, "v.yml").byProcess();
        assertEquals(List.of("LOCALIZE", "PREPROCESS", "Workflow"), List.copyOf(v.keySet()));
        assertEquals(Map.of("picket-localize", "0.1.0"), v.get("LOCALIZE"));
        assertEquals(List.of("Java", "Nextflow", "picket-nf"), List.copyOf(v.get("Workflow").keySet()));
        assertEquals("17.0.15", v.get("Workflow").get("Java"));
    }

    @Test
    void quotesCommentsColonsInNamesAndVersionsKeptAsWritten() {
        String text = "\uFEFF---\n# written by the pipeline\n\"PICKET:RANK\":\n    picket-tools: '0.1.0' # jar\n"
                + "    'it''s': \"1.10\"\n\nPICKET:SEGMENT:   # a plain name with ':'\n    java: 17.0.15+6-LTS\r\n"
                + "    url: http://x/a#b\n";
        SortedMap<String, SortedMap<String, String>> v = SoftwareVersions.parse(text, "v.yml").byProcess();
        assertEquals(Map.of("picket-tools", "0.1.0", "it's", "1.10"), v.get("PICKET:RANK"));
        assertEquals(Map.of("java", "17.0.15+6-LTS", "url", "http://x/a#b"), v.get("PICKET:SEGMENT"));
        assertEquals(2, v.size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``                                              | no versions in it",
        "# only a comment                                | no versions in it",
        "`  tool: 1.0`                                   | line 1: an indented line before the first process",
        "P:\\n\\ttool: 1.0                               | line 2: a tab in the indentation",
        "P: 1.0                                          | line 1: 'P: 1.0' at the top level",
        "P:\\n  a: 1\\n    b: 2                          | line 3: indented by 4 spaces, the lines above by 2",
        "P:\\n  a:\\n    b: 2                            | line 2: tool 'a' of process 'P' has no version",
        "P:\\n  a: ''                                    | line 2: tool 'a' of process 'P' has no version",
        "P:\\nQ:\\n  a: 1                                | line 1: process 'P' has no 'tool: version' lines",
        "P:\\n  a: 1\\nQ:                                | line 3: process 'Q' has no 'tool: version' lines",
        "P:\\n  a: 1\\nP:\\n  b: 2                       | line 3: process 'P' is given twice",
        "P:\\n  a: 1\\n  a: 2                            | line 3: tool 'a' is given twice under process 'P'",
        "P: {a: 1}                                       | line 1: the value of 'P' is not a plain or quoted",
        "P:\\n  - a                                      | line 2: expected 'name:' or 'name: value'",
        "P:\\n  a: \"1.0                                 | line 2: a quote \" that is not closed",
        "P:\\n  a: \"1\\\\b\"                            | line 2: a backslash escape",
        "P:\\n  a: '1' x                                 | line 2: text after the quoted value of 'a'",
        "just text                                       | line 1: expected 'name:' or 'name: value'",
    })
    void badFilesGiveOneLineNamingFileAndLine(String text, String message) {
        String t = text.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\");
        BadInputException e = assertThrows(BadInputException.class,
                () -> SoftwareVersions.parse(t, "--versions v.yml"));
        assertTrue(e.getMessage().startsWith("--versions v.yml: " + message), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void readNamesAMissingOrBinaryFile() throws IOException {
        BadInputException e = assertThrows(BadInputException.class,
                () -> SoftwareVersions.read(dir.resolve("none.yml"), "--versions none.yml"));
        assertEquals("--versions none.yml: no such file", e.getMessage());
        Path bin = Files.write(dir.resolve("bin.yml"), new byte[] {'P', ':', '\n', ' ', 'a', ':', ' ', (byte) 0xff});
        e = assertThrows(BadInputException.class, () -> SoftwareVersions.read(bin, "--versions bin.yml"));
        assertEquals("--versions bin.yml: not UTF-8 text", e.getMessage());
    }
}
