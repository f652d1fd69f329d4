package org.picketnf.tools;

/** The jar's version, from its manifest (or "dev" when run from classes). */
final class Version {
    private Version() {
    }

    static String get() {
        String v = ToolsMain.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
