package org.greenai.tracker.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * Proves which Micrometer the tests ran against: scripts/micrometer-compat.sh runs the module's tests with
 * {@code -Dmicrometer.version=X}, and this test fails if the classpath holds another version.
 */
class MicrometerVersionTest {
    @Test
    void testsRunAgainstTheRequestedMicrometerVersion() {
        String core = MeterRegistry.class.getPackage().getImplementationVersion();
        String prometheus = PrometheusMeterRegistry.class.getPackage().getImplementationVersion();
        String requested = System.getProperty("micrometer.version");
        if (requested != null) {
            assertThat(core).isEqualTo(requested);
            assertThat(prometheus).isEqualTo(requested);
        }
        String[] parts = core.split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = Integer.parseInt(parts[1]);
        assertThat(major == 1 && minor >= 13 || major > 1).as("Micrometer %s is at least 1.13", core).isTrue();
    }
}
