package org.greenai.tracker.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void settingsNamedLikeKeysTokensSecretsOrPasswordsAreSecret() {
        assertThat(Secrets.isSecretName("electricitymaps.api.key")).isTrue();
        assertThat(Secrets.isSecretName("watttime.password")).isTrue();
        assertThat(Secrets.isSecretName("grid.token")).isTrue();
        assertThat(Secrets.isSecretName("vendor.apikey")).isTrue();
        assertThat(Secrets.isSecretName("cloud.credentials")).isTrue();
        assertThat(Secrets.isSecretName("client.secret")).isTrue();
        assertThat(Secrets.isSecretName("key")).isTrue();
        for (String knob : new String[] {"project", "run.id", "country", "cloud.region", "carbon.intensity", "pue",
                "electricity.price", "currency", "sampling.interval", "probe.timeout", "checkpoint.interval",
                "output.dir", "powercap.root", "scope", "cpu.watts", "ram.watts", "exclude", "gpus", "nvml.library",
                "monkey", "keyboard.layout"}) {
            assertThat(Secrets.isSecretName(knob)).as(knob).isFalse();
        }
    }

    @Test
    void valuesFromTheBuilderPropertiesAndEnvironmentAreMaskedLongestFirst() {
        Properties props = new Properties();
        props.setProperty("greenai.grid.token", "abcd");
        props.setProperty("greenai.project", "abcdef"); // not secret: never masked
        Settings settings = new Settings(Map.of("GREENAI_WATTTIME_PASSWORD", "abcd-efgh", "GREENAI_X_API_KEY", "abc"),
                props);
        Secrets secrets = Secrets.of(Map.of("electricitymaps.api.key", " k-123456 "), settings);

        assertThat(secrets.apply("k-123456 / abcd-efgh / abcd / abc / abcdef"))
                .isEqualTo("**** / **** / **** / abc / ****ef");
        assertThat(secrets.apply(null)).isNull();
        assertThat(Secrets.none().apply("abcd")).isEqualTo("abcd");
        assertThat(secrets.toString()).doesNotContain("abcd");
    }
}
