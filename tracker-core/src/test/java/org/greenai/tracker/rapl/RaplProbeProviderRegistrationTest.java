package org.greenai.tracker.rapl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;

import org.greenai.tracker.spi.ProbeProvider;
import org.junit.jupiter.api.Test;

class RaplProbeProviderRegistrationTest {

    @Test
    void isFoundByTheServiceLoaderAsAMeasuredProvider() {
        assertThat(ServiceLoader.load(ProbeProvider.class))
                .filteredOn(provider -> provider instanceof RaplProbeProvider)
                .singleElement()
                .satisfies(provider -> {
                    assertThat(provider.name()).isEqualTo("rapl");
                    assertThat(provider.priority()).isEqualTo(ProbeProvider.PRIORITY_MEASURED);
                });
    }
}
