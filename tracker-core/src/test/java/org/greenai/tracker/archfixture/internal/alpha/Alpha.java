package org.greenai.tracker.archfixture.internal.alpha;

import org.greenai.tracker.archfixture.internal.beta.Beta;

/** Fixture for ArchitectureTest: one half of a deliberate cycle between two stage packages. */
public final class Alpha {
    public Beta beta() {
        return new Beta();
    }
}
