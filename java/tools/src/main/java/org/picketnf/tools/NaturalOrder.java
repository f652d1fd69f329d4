package org.picketnf.tools;

import java.util.Comparator;

/**
 * Natural order of names: runs of digits compare as numbers, the rest character by character, so {@code tomo2}
 * comes before {@code tomo10} and {@code a9} before {@code a10b}. Equal numbers with more leading zeros come after
 * ({@code t1 < t01 < t001}, a tie-break only); names equal in this order fall back to plain string order, so the
 * order is total and consistent with {@link String#equals}.
 */
final class NaturalOrder implements Comparator<String> {
    /** The one instance. */
    static final NaturalOrder INSTANCE = new NaturalOrder();

    private NaturalOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        int zeros = 0;   // first difference in leading zeros, the tie-break
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (isDigit(ca) && isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && a.charAt(i) == '0') {
                    i++;
                }
                while (j < b.length() && b.charAt(j) == '0') {
                    j++;
                }
                int zi = i - si;
                int zj = j - sj;
                int ei = i;
                int ej = j;
                while (ei < a.length() && isDigit(a.charAt(ei))) {
                    ei++;
                }
                while (ej < b.length() && isDigit(b.charAt(ej))) {
                    ej++;
                }
                // a run of zeros only ("0", "00") is the number 0: its last zero is its digit
                if (ei == i && zi > 0) {
                    i--;
                    zi--;
                }
                if (ej == j && zj > 0) {
                    j--;
                    zj--;
                }
                int la = ei - i;
                int lb = ej - j;
                if (la != lb) {
                    return la < lb ? -1 : 1;
                }
                for (int k = 0; k < la; k++) {
                    char da = a.charAt(i + k);
                    char db = b.charAt(j + k);
                    if (da != db) {
                        return da < db ? -1 : 1;
                    }
                }
                if (zeros == 0 && zi != zj) {
                    zeros = zi < zj ? -1 : 1;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return ca < cb ? -1 : 1;
                }
                i++;
                j++;
            }
        }
        int rest = Integer.compare(a.length() - i, b.length() - j);
        if (rest != 0) {
            return rest;
        }
        return zeros != 0 ? zeros : a.compareTo(b);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
