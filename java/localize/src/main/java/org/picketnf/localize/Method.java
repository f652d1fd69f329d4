package org.picketnf.localize;

import java.util.List;

import org.picketnf.core.BadInputException;

/** PickET's two particle-extraction modes, under PickET's names. */
enum Method {
    CONNECTED_COMPONENTS("connected_component_labeling"),
    WATERSHED("watershed_segmentation");

    private final String label;

    Method(String label) {
        this.label = label;
    }

    /** PickET's name, used in file names and the YAML's pex_mode. */
    String label() {
        return label;
    }

    /** One method, or both for "both" (connected components first, as in PickET's example). */
    static List<Method> parse(String s) {
        String v = s.strip();
        for (Method m : values()) {
            if (m.label.equals(v)) {
                return List.of(m);
            }
        }
        if (v.equals("both")) {
            return List.of(CONNECTED_COMPONENTS, WATERSHED);
        }
        throw new BadInputException("--method: '" + s + "' is not connected_component_labeling,"
                + " watershed_segmentation or both");
    }
}
