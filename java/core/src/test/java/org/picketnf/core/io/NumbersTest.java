package org.picketnf.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;

import org.junit.jupiter.api.Test;

class NumbersTest {
    @Test
    void fixedRoundsAndIgnoresTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("1.500", Numbers.fixed3(1.5));
            assertEquals("-0.125", Numbers.fixed3(-0.125));
            assertEquals("2.0000", Numbers.fixed(2, 4));
            assertEquals("0.67", Numbers.fixed(2.0 / 3, 2));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void integralDropsTheFractionOfWholeNumbersOnly() {
        assertEquals("12", Numbers.integral(12.0));
        assertEquals("-3", Numbers.integral(-3.0));
        assertEquals("12.5", Numbers.integral(12.5));
        assertEquals("Infinity", Numbers.integral(Double.POSITIVE_INFINITY));
        assertEquals("1.0E-5", Numbers.shortest(1e-5));
    }
}
