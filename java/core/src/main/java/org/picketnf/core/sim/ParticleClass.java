package org.picketnf.core.sim;

import java.util.Locale;

/** The shapes a synthetic tomogram contains; {@link #label()} is the class name written to the truth CSV. */
public enum ParticleClass {
    /** A solid sphere filling its bounding sphere. */
    SPHERE,
    /** A solid tri-axial ellipsoid in a random orientation; its longest semi-axis is the bounding radius. */
    ELLIPSOID,
    /** A cluster of 3 to 5 overlapping small spheres. */
    BLOB;

    /** Lower-case class name: sphere, ellipsoid, blob. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
