package org.greenai.tracker.carbon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CarbonTablesTest {

    private static long dataLines(String resource) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(CarbonTablesTest.class.getResourceAsStream(resource), resource),
                StandardCharsets.UTF_8))) {
            return reader.lines().count() - 1;
        }
    }

    @Test
    void everyCountryRowLoadsWithAFiniteNonNegativeValue() throws IOException {
        assertThat(CountryTable.all()).hasSize((int) dataLines(CountryTable.RESOURCE)).hasSizeGreaterThan(200);
        for (CountryTable.Country c : CountryTable.all()) {
            assertThat(c.gramsPerKwh()).as(c.name()).isFinite().isNotNegative();
            assertThat(c.iso2()).as(c.name()).hasSize(2);
            assertThat(c.iso3()).as(c.name()).hasSize(3);
            assertThat(c.year()).as(c.name()).isBetween(2000, 2030);
        }
    }

    @Test
    void everyCountryIsFoundByEachOfItsKeys() {
        for (CountryTable.Country c : CountryTable.all()) {
            assertThat(CountryTable.find(c.iso2())).isSameAs(c);
            assertThat(CountryTable.find(c.iso3().toLowerCase(java.util.Locale.ROOT))).isSameAs(c);
            assertThat(CountryTable.find(c.name())).isSameAs(c);
            assertThat(CarbonIntensities.country(c.iso2()).gramsPerKwh(0L)).isEqualTo(c.gramsPerKwh());
        }
    }

    @Test
    void everyCloudRegionRowLoadsWithFiniteNonNegativeValues() throws IOException {
        assertThat(CloudRegionTable.all()).hasSize((int) dataLines(CloudRegionTable.RESOURCE)).hasSizeGreaterThan(80);
        Set<String> providers = new HashSet<>();
        for (CloudRegionTable.CloudRegion r : CloudRegionTable.all()) {
            providers.add(r.provider());
            assertThat(r.gramsPerKwh()).as(r.location()).isFinite().isNotNegative();
            r.pue().ifPresent(pue -> assertThat(pue).as(r.location()).isBetween(1.0, 3.0));
            assertThat(r.source()).as(r.location()).isNotBlank();
            CarbonIntensity intensity = CarbonIntensities.cloudRegion(r.provider() + ":" + r.region());
            assertThat(intensity.gramsPerKwh(0L)).isEqualTo(r.gramsPerKwh());
            assertThat(intensity.pue()).isEqualTo(r.pue());
        }
        assertThat(providers).containsExactlyInAnyOrder("gcp", "aws", "azure");
    }
}
