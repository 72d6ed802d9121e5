package org.greenai.tracker.archfixture.internal.beta;

import org.greenai.tracker.archfixture.internal.alpha.Alpha;

/** Fixture for ArchitectureTest: the other half of the deliberate cycle. */
public final class Beta {
    public Alpha alpha() {
        return new Alpha();
    }
}
