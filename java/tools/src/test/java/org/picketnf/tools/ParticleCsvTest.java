package org.picketnf.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.picketnf.core.BadInputException;
import org.picketnf.core.io.Json;

import com.fasterxml.jackson.databind.JsonNode;

/** One CSV column reader for evaluate (--score-column, --keep-column) and export (ScoreColumn). */
class ParticleCsvTest {
    @TempDir
    Path dir;

    /** A quoted header in mixed case and quoted values: both readers give the same numbers, whatever the case asked. */
    @Test
    void quotedHeaderAndValuesAnyCaseReadTheSameByEvaluateAndExport() throws Exception {
        Path f = Files.writeString(dir.resolve("q.csv"),
                "\"X\",\"Y\",\"Z\",\"Confidence\"\n\"1\",\"2\",\"3\",\"0.25\"\n\n4,5,6, 0.75 \n");
        double[] want = {0.25, 0.75};
        assertArrayEquals(want, ParticleCsv.column(f, "confidence"));
        assertArrayEquals(want, ParticleCsv.column(f, "CONFIDENCE"));
        assertArrayEquals(want, ParticleCsv.column(f, "Confidence"));
        assertArrayEquals(want, ScoreColumn.read(f, "confidence"));
        assertArrayEquals(want, ScoreColumn.read(f, "Confidence"));
        assertNull(ParticleCsv.column(f, "kept"));
        // no 'score' column: the default falls back to the consensus' 'confidence', matched in any case
        assertArrayEquals(want, ScoreColumn.read(f, null));
        Path plain = Files.writeString(dir.resolve("plain.csv"), "x,y,z,kept\n1,2,3,1\n");
        assertNull(ScoreColumn.read(plain, null)); // neither 'score' nor 'confidence': no scores
        BadInputException e = assertThrows(BadInputException.class, () -> ScoreColumn.read(f, "kept"));
        assertTrue(e.getMessage().contains("no score column 'kept'"), e.getMessage());
    }

    @Test
    void aShortRowOrABadValueIsBadInputNamingFileAndLine() throws Exception {
        Path shortRow = Files.writeString(dir.resolve("s.csv"), "x,y,z,score\n1,2,3,0.5\n4,5,6\n");
        BadInputException e = assertThrows(BadInputException.class, () -> ParticleCsv.column(shortRow, "score"));
        assertEquals(shortRow + ": line 3: no value in column score", e.getMessage());
        Path bad = Files.writeString(dir.resolve("b.csv"), "x,y,z,score\n1,2,3,\"high\"\n");
        e = assertThrows(BadInputException.class, () -> ScoreColumn.read(bad, null));
        assertEquals(bad + ": line 2: score '\"high\"' is not a finite number", e.getMessage());
        Path inf = Files.writeString(dir.resolve("i.csv"), "x,y,z,score\n1,2,3,Infinity\n");
        e = assertThrows(BadInputException.class, () -> ParticleCsv.column(inf, "SCORE"));
        assertEquals(inf + ": line 2: SCORE 'Infinity' is not a finite number", e.getMessage());
    }

    /**
     * evaluate with a quoted, capitalised score column: truth (0,0,0), (20,0,0); predictions A (1,0,0) 0.9, F far
     * 0.5, B (20,0,1) 0.2; by hand, one-to-one within 5: >= 0.9: 1 of 1, recall 1/2; >= 0.5: 1 of 2, 1/2; >= 0.2:
     * 2 of 3, 1. --keep-column Kept (A, B) scores 2 of 2.
     */
    @Test
    void evaluateTakesAQuotedCapitalisedScoreColumn() throws Exception {
        Path t = Files.writeString(dir.resolve("t.csv"), "x,y,z\n0,0,0\n20,0,0\n");
        Path p = Files.writeString(dir.resolve("p.csv"), "x,y,z,\"Confidence\",\"Kept\"\n1,0,0,\"0.9\",\"1\"\n"
                + "100,100,100,\"0.5\",\"0\"\n20,0,1,\"0.2\",\"1\"\n");
        ToolRun r = ToolRun.of("evaluate", "--truth", t.toString(), "--pred", p.toString(), "--threshold-voxels", "5",
                "--score-column", "Confidence", "--keep-column", "Kept");
        assertEquals(0, r.rc(), r.err());
        JsonNode j = Json.mapper().readTree(r.out());
        assertEquals(2, j.get("n_pred").asInt());
        assertEquals(2, j.at("/one_to_one/tp").asInt());
        JsonNode c = j.get("curve");
        assertEquals(3, c.size());
        double[][] want = {{0.9, 1, 1.0, 0.5}, {0.5, 2, 0.5, 0.5}, {0.2, 3, 2 / 3.0, 1.0}};
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i][0], c.get(i).get("min_score").asDouble(), 1e-12);
            assertEquals((int) want[i][1], c.get(i).get("n_pred").asInt());
            assertEquals(want[i][2], c.get(i).get("precision").asDouble(), 1e-12);
            assertEquals(want[i][3], c.get(i).get("recall").asDouble(), 1e-12);
        }
    }
}
