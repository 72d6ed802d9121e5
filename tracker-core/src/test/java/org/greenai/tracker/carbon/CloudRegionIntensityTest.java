package org.greenai.tracker.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CloudRegionIntensityTest {

    private static final String AWS_SOURCE = "Cloud Carbon Footprint coefficients (EPA eGRID NERC subregions for US; "
            + "national factors elsewhere); PUE: AWS Sustainability Report 2024";

    @Test
    void awsRegionWithoutPublishedPue() {
        CarbonIntensity paris = CarbonIntensities.cloudRegion("aws", "eu-west-3");

        assertThat(paris.gramsPerKwh(0L)).isEqualTo(51.1);
        assertThat(paris.pue()).isEmpty();
        assertThat(paris.location()).isEqualTo("aws:eu-west-3 (Paris)");
        assertThat(paris.source()).isEqualTo(AWS_SOURCE);
        assertThat(paris.isDefault()).isFalse();
    }

    @Test
    void awsRegionWithPublishedPue() {
        CarbonIntensity stockholm = CarbonIntensities.cloudRegion("AWS", "eu-north-1");

        assertThat(stockholm.gramsPerKwh(0L)).isEqualTo(8.8);
        assertThat(stockholm.pue()).hasValue(1.1);
        assertThat(CarbonIntensities.cloudRegion("aws", "us-east-1").pue()).hasValue(1.15);
    }

    @Test
    void gcpRegionHasNoPue() {
        CarbonIntensity paris = CarbonIntensities.cloudRegion("gcp", "europe-west9");

        assertThat(paris.gramsPerKwh(0L)).isEqualTo(34.0);
        assertThat(paris.pue()).isEmpty();
        assertThat(paris.location()).isEqualTo("gcp:europe-west9 (Paris)");
        assertThat(paris.source()).startsWith("Google Cloud region carbon data");
    }

    @Test
    void azureRegion() {
        CarbonIntensity sweden = CarbonIntensities.cloudRegion("Azure", " swedencentral ");

        assertThat(sweden.gramsPerKwh(0L)).isEqualTo(9.0);
        assertThat(sweden.location()).isEqualTo("azure:swedencentral (Gavle)");
        assertThat(sweden.source()).isEqualTo("Cloud Carbon Footprint coefficients (EEA)");
    }

    @Test
    void providerColonRegionForm() {
        assertThat(CarbonIntensities.cloudRegion("aws:eu-west-3"))
                .isEqualTo(CarbonIntensities.cloudRegion("aws", "eu-west-3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws-eu-west-3", "", "eu-west-3"})
    void valueWithoutColonIsRejectedNamingIt(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> CarbonIntensities.cloudRegion(value))
                .withMessage("cloudRegion must read provider:region (e.g. aws:eu-west-3), but was '" + value + "'");
    }

    @Test
    void colonFormWithUnknownPartsIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> CarbonIntensities.cloudRegion("aws:"))
                .withMessageStartingWith("Unknown aws region ''; closest matches: ");
        assertThatIllegalArgumentException().isThrownBy(() -> CarbonIntensities.cloudRegion(":eu-west-3"))
                .withMessageStartingWith("Unknown cloud provider ''");
    }

    @Test
    void unknownProviderListsTheThreeProvidersClosestFirst() {
        assertThatIllegalArgumentException().isThrownBy(() -> CarbonIntensities.cloudRegion("awz", "eu-west-3"))
                .withMessageStartingWith("Unknown cloud provider 'awz'; closest matches: aws, ")
                .withMessageContainingAll("azure", "gcp");
        assertThatIllegalArgumentException().isThrownBy(() -> CarbonIntensities.cloudRegion("google", "x"))
                .withMessageStartingWith("Unknown cloud provider 'google'; closest matches: ")
                .withMessageContainingAll("aws", "azure", "gcp");
    }

    @Test
    void unknownRegionSuggestsThatProvidersClosestRegions() {
        assertThatIllegalArgumentException().isThrownBy(() -> CarbonIntensities.cloudRegion("aws", "eu-west-9"))
                .withMessageStartingWith("Unknown aws region 'eu-west-9'; closest matches: ")
                .withMessageContaining("eu-west-3 (Paris)")
                .withMessageNotContaining("europe-west9");
        assertThatIllegalArgumentException().isThrownBy(() -> CarbonIntensities.cloudRegion("gcp", "europe-wst9"))
                .withMessageStartingWith("Unknown gcp region 'europe-wst9'; closest matches: europe-west9 (Paris)");
    }
}
