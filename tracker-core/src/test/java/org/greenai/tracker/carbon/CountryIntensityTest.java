package org.greenai.tracker.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CountryIntensityTest {

    @ParameterizedTest
    @ValueSource(strings = {"FR", "FRA", "France", "  fr ", "fra", "FRANCE"})
    void findsFranceByIsoTwoIsoThreeOrNameIgnoringCaseAndBlanks(String query) {
        CarbonIntensity france = CarbonIntensities.country(query);

        assertThat(france.gramsPerKwh(0L)).isEqualTo(44.179);
        assertThat(france.location()).isEqualTo("FR (France)");
        assertThat(france.source()).isEqualTo("Our World in Data / Ember (2024), CC BY 4.0");
        assertThat(france.isDefault()).isFalse();
        assertThat(france.pue()).isEmpty();
    }

    @Test
    void findsTheUnitedStates() {
        CarbonIntensity us = CarbonIntensities.country("US");

        assertThat(us.gramsPerKwh(System.currentTimeMillis())).isEqualTo(383.549);
        assertThat(us.location()).isEqualTo("US (United States)");
        assertThat(CarbonIntensities.country("united states")).isEqualTo(us);
    }

    @Test
    void findsByIsoThreeAndUsesTheRowsYearInTheSource() {
        CarbonIntensity westernSahara = CarbonIntensities.country("ESH");

        assertThat(westernSahara.gramsPerKwh(0L)).isEqualTo(666.667);
        assertThat(westernSahara.location()).isEqualTo("EH (Western Sahara)");
        assertThat(westernSahara.source()).isEqualTo("Our World in Data / Ember (2009), CC BY 4.0");
    }

    @Test
    void ignoresAccentsInNames() {
        assertThat(CarbonIntensities.country("Côte d'Ivoire").location()).isEqualTo("CI (Cote d'Ivoire)");
    }

    @Test
    void unknownCountrySuggestsTheClosestMatches() {
        assertThatIllegalArgumentException().isThrownBy(() -> CarbonIntensities.country("Frnace"))
                .withMessageStartingWith("Unknown country 'Frnace'; closest matches: France (FR)");
    }

    @Test
    void prefixAndSubstringMatchesComeFirst() {
        assertThatIllegalArgumentException().isThrownBy(() -> CarbonIntensities.country("Korea"))
                .satisfies(e -> assertThat(e.getMessage().substring(e.getMessage().indexOf(": ") + 2).split(", "))
                        .startsWith("South Korea (KR)", "North Korea (KP)")); // KR is closer to "korea" than KP
        assertThatIllegalArgumentException().isThrownBy(() -> CarbonIntensities.country("Germ"))
                .withMessageStartingWith("Unknown country 'Germ'; closest matches: Germany (DE)");
    }

    @Test
    void suggestsAtMostFive() {
        assertThatIllegalArgumentException().isThrownBy(() -> CarbonIntensities.country("Atlantis"))
                .satisfies(e -> assertThat(e.getMessage().substring(e.getMessage().indexOf(':') + 1).split(", "))
                        .hasSize(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void blankIsRejectedNamingTheParameter(String blank) {
        assertThatIllegalArgumentException().isThrownBy(() -> CarbonIntensities.country(blank))
                .withMessage("country must be an ISO-2 code, ISO-3 code or country name, but was '" + blank + "'");
    }

    @Test
    void nullIsRejected() {
        assertThatNullPointerException().isThrownBy(() -> CarbonIntensities.country(null)).withMessage("country");
    }
}
