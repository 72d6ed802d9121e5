package org.greenai.tracker.estimate;

import oshi.SystemInfo;

/** The one OSHI {@link SystemInfo} of this package, created on first use. Thread-safe. */
final class Oshi {

    private static SystemInfo systemInfo;

    private Oshi() {
    }

    static synchronized SystemInfo systemInfo() {
        if (systemInfo == null) {
            systemInfo = new SystemInfo();
        }
        return systemInfo;
    }
}
