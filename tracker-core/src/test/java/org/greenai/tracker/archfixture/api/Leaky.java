package org.greenai.tracker.archfixture.api;

import org.greenai.tracker.archfixture.internal.alpha.Alpha;

/** Fixture for ArchitectureTest: a public API type that exposes an internal type, in every way the rule checks. */
public class Leaky extends java.util.ArrayList<Object> {
    public Alpha field;

    public Leaky(Alpha alpha) {
        this.field = alpha;
    }

    public Alpha alpha() {
        return field;
    }

    protected void take(Alpha alpha) {
        field = alpha;
    }

    /** Package-private: not API, so not a violation. */
    Alpha hidden() {
        return field;
    }
}
