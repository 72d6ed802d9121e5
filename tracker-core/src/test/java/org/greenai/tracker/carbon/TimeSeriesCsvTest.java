package org.greenai.tracker.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeSeriesCsvTest {

    @TempDir
    Path dir;

    private Path write(String content) throws IOException {
        return Files.writeString(dir.resolve("grid.csv"), content);
    }

    private static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void readsAStepFunctionFromTheFile() throws IOException {
        Path csv = write("timestamp,g_co2e_per_kwh\r\n"
                + "2026-01-01T00:00:00Z,120.5\r\n"
                + "2026-01-01T01:00:00Z,80\r\n"
                + "\r\n"
                + "\"2026-01-01T02:00:00Z\",\"40.25\"\r\n");

        CarbonIntensity series = CarbonIntensities.timeSeriesCsv(csv);

        assertThat(series.gramsPerKwh(millis("2025-12-31T23:00:00Z"))).isEqualTo(120.5);
        assertThat(series.gramsPerKwh(millis("2026-01-01T00:30:00Z"))).isEqualTo(120.5);
        assertThat(series.gramsPerKwh(millis("2026-01-01T01:00:00Z"))).isEqualTo(80.0);
        assertThat(series.gramsPerKwh(millis("2026-01-02T00:00:00Z"))).isEqualTo(40.25);
        assertThat(series.source()).isEqualTo("time series grid.csv");
        assertThat(series.location()).isEqualTo("time series");
    }

    @Test
    void badNumberIsReportedWithFileAndLine() throws IOException {
        Path csv = write("timestamp,g_co2e_per_kwh\n2026-01-01T00:00:00Z,10\n2026-01-01T01:00:00Z,ten\n");

        assertThatIllegalArgumentException().isThrownBy(() -> CarbonIntensities.timeSeriesCsv(csv))
                .withMessage(csv + ":3: g_co2e_per_kwh must be a number, but was 'ten'");
    }

    @Test
    void negativeValueIsReportedWithFileAndLine() throws IOException {
        Path csv = write("timestamp,g_co2e_per_kwh\n2026-01-01T00:00:00Z,-1\n");

        assertThatIllegalArgumentException().isThrownBy(() -> CarbonIntensities.timeSeriesCsv(csv))
                .withMessage(csv + ":2: g_co2e_per_kwh must be a finite number >= 0, but was -1");
    }

    @Test
    void badTimestampIsReportedWithFileAndLine() throws IOException {
        Path csv = write("timestamp,g_co2e_per_kwh\n2026-01-01T00:00:00Z,10\n\n2026-01-01 01:00,20\n");

        assertThatIllegalArgumentException().isThrownBy(() -> CarbonIntensities.timeSeriesCsv(csv))
                .withMessage(csv + ":4: timestamp must be an ISO-8601 instant like 2026-01-01T00:00:00Z, "
                        + "but was '2026-01-01 01:00'");
    }

    @Test
    void timestampsOutOfOrderAreReportedWithFileAndLine() throws IOException {
        Path csv = write("timestamp,g_co2e_per_kwh\n2026-01-01T01:00:00Z,10\n2026-01-01T00:00:00Z,20\n");

        assertThatIllegalArgumentException().isThrownBy(() -> CarbonIntensities.timeSeriesCsv(csv))
                .withMessage(csv + ":3: timestamps must be strictly increasing, but 2026-01-01T00:00:00Z is not "
                        + "after 2026-01-01T01:00:00Z");
    }

    @Test
    void wrongFieldCountIsReportedWithFileAndLine() throws IOException {
        Path csv = write("timestamp,g_co2e_per_kwh\n2026-01-01T00:00:00Z,10,extra\n");

        assertThatIllegalArgumentException().isThrownBy(() -> CarbonIntensities.timeSeriesCsv(csv))
                .withMessageStartingWith(csv + ":2: expected 2 fields (timestamp,g_co2e_per_kwh), but found 3");
    }

    @Test
    void headerIsRequired() throws IOException {
        Path csv = write("2026-01-01T00:00:00Z,10\n");

        assertThatIllegalArgumentException().isThrownBy(() -> CarbonIntensities.timeSeriesCsv(csv))
                .withMessage(csv + ":1: expected the header timestamp,g_co2e_per_kwh, but was '2026-01-01T00:00:00Z,10'");
    }

    @Test
    void emptyFileAndHeaderOnlyAreRejected() throws IOException {
        Path empty = write("");
        assertThatIllegalArgumentException().isThrownBy(() -> CarbonIntensities.timeSeriesCsv(empty))
                .withMessageStartingWith(empty + ":1: empty file");

        Path headerOnly = write("timestamp,g_co2e_per_kwh\n");
        assertThatIllegalArgumentException().isThrownBy(() -> CarbonIntensities.timeSeriesCsv(headerOnly))
                .withMessage(headerOnly + ": no data rows after the header timestamp,g_co2e_per_kwh");
    }

    @Test
    void missingFileIsAnUncheckedIoExceptionNamingIt() {
        Path missing = dir.resolve("missing.csv");

        assertThatThrownBy(() -> CarbonIntensities.timeSeriesCsv(missing))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(missing.toString());
    }
}
