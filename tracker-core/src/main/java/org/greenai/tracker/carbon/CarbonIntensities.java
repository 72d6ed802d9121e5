package org.greenai.tracker.carbon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Factories for the carbon-intensity sources: a fixed figure, the country table, the cloud-region table, the
 * world average and time series.
 *
 * <p>Every returned {@link CarbonIntensity} is immutable and thread-safe, and its
 * {@link CarbonIntensity#gramsPerKwh(long)} allocates nothing. The country and cloud tables are shipped as
 * resources of this package (see {@code ATTRIBUTION.md} next to them) and parsed once, on first use. Nothing
 * here makes a network call.
 *
 * <p>Bad input — a negative figure, an unknown country or region, a malformed series — throws
 * {@link IllegalArgumentException} at once, quoting the value and, for names, the closest known ones.
 */
public final class CarbonIntensities {

    /** World average lifecycle intensity of electricity, gCO2e/kWh (Ember, 2022). */
    public static final double WORLD_AVERAGE_GRAMS_PER_KWH = 436.0;

    private static final CarbonIntensity WORLD_AVERAGE = new ConstantIntensity(WORLD_AVERAGE_GRAMS_PER_KWH,
            "Ember (2022) world average", "world", true, OptionalDouble.empty());

    private static final List<String> TIME_SERIES_HEADER = List.of("timestamp", "g_co2e_per_kwh");

    private CarbonIntensities() {
    }

    /**
     * A constant intensity given by the user. Source and location read {@code user-supplied}.
     *
     * @param gramsPerKwh gCO2e per kWh, finite and >= 0
     * @throws IllegalArgumentException if NaN, infinite or negative
     */
    public static CarbonIntensity fixed(double gramsPerKwh) {
        if (!Double.isFinite(gramsPerKwh) || gramsPerKwh < 0) {
            throw new IllegalArgumentException(
                    "carbonIntensity must be a finite number >= 0 gCO2e/kWh, but was " + gramsPerKwh);
        }
        return new ConstantIntensity(gramsPerKwh, "user-supplied", "user-supplied", false, OptionalDouble.empty());
    }

    /**
     * The yearly lifecycle intensity of a country's electricity (Our World in Data / Ember, latest year
     * available). Location reads like {@code FR (France)}, source like
     * {@code Our World in Data / Ember (2024), CC BY 4.0}.
     *
     * @param isoOrName ISO 3166-1 alpha-2 ({@code FR}) or alpha-3 ({@code FRA}) code or English name
     *                  ({@code France}); case, accents and surrounding blanks are ignored
     * @throws IllegalArgumentException if blank or unknown; the message lists up to five closest matches
     * @throws NullPointerException     if {@code null}
     */
    public static CarbonIntensity country(String isoOrName) {
        CountryTable.Country country = CountryTable.find(isoOrName);
        return new ConstantIntensity(country.gramsPerKwh(), country.source(), country.location(), false,
                OptionalDouble.empty());
    }

    /**
     * The intensity of a cloud region's grid, with the data centre's PUE where the table publishes one (some
     * AWS regions); otherwise {@link CarbonIntensity#pue()} is empty. Location reads like
     * {@code aws:eu-west-3 (Paris)}; source is the table's source for that row.
     *
     * @param provider {@code gcp}, {@code aws} or {@code azure}, any case
     * @param region   the provider's region id, e.g. {@code eu-west-3}, {@code europe-west9}, {@code francecentral}
     * @throws IllegalArgumentException if the provider or region is unknown; the message lists the closest ones
     * @throws NullPointerException     if either is {@code null}
     */
    public static CarbonIntensity cloudRegion(String provider, String region) {
        CloudRegionTable.CloudRegion row = CloudRegionTable.find(provider, region);
        return new ConstantIntensity(row.gramsPerKwh(), row.source(), row.location(), false, row.pue());
    }

    /**
     * As {@link #cloudRegion(String, String)}, from one {@code provider:region} value such as
     * {@code aws:eu-west-3} (handy in system properties and environment variables).
     *
     * @throws IllegalArgumentException if there is no colon, or the provider or region is unknown
     * @throws NullPointerException     if {@code null}
     */
    public static CarbonIntensity cloudRegion(String providerColonRegion) {
        Objects.requireNonNull(providerColonRegion, "cloudRegion");
        int colon = providerColonRegion.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("cloudRegion must read provider:region (e.g. aws:eu-west-3), but was '"
                    + providerColonRegion + "'");
        }
        return cloudRegion(providerColonRegion.substring(0, colon), providerColonRegion.substring(colon + 1));
    }

    /**
     * The world average, {@value #WORLD_AVERAGE_GRAMS_PER_KWH} gCO2e/kWh (Ember, 2022), for when no location is
     * known. Location reads {@code world}; {@link CarbonIntensity#isDefault()} is {@code true} so that reports
     * flag it.
     */
    public static CarbonIntensity worldAverage() {
        return WORLD_AVERAGE;
    }

    /**
     * A time-varying intensity read as a step function: at time t, the value of the last point at or before t;
     * before the first point, the first value. The arrays are copied.
     *
     * @param epochMillis wall-clock times of the points, ms since the epoch, strictly increasing
     * @param gramsPerKwh the intensity from each point on, gCO2e/kWh, finite and >= 0
     * @param source      where the figures come from, not blank
     * @param location    what place they stand for, not blank
     * @throws IllegalArgumentException if the arrays are empty or differ in length, a time is not after the
     *                                  previous one, a value is NaN, infinite or negative (naming the index and
     *                                  value), or source or location is blank
     * @throws NullPointerException     if any argument is {@code null}
     */
    public static CarbonIntensity timeSeries(long[] epochMillis, double[] gramsPerKwh, String source,
            String location) {
        long[] times = Objects.requireNonNull(epochMillis, "epochMillis").clone();
        double[] values = Objects.requireNonNull(gramsPerKwh, "gramsPerKwh").clone();
        requireNotBlank(source, "source");
        requireNotBlank(location, "location");
        if (times.length != values.length) {
            throw new IllegalArgumentException("epochMillis and gramsPerKwh must have the same length, but had "
                    + times.length + " and " + values.length + " elements");
        }
        if (times.length == 0) {
            throw new IllegalArgumentException("a time series needs at least one point, but epochMillis was empty");
        }
        for (int i = 0; i < times.length; i++) {
            if (i > 0 && times[i] <= times[i - 1]) {
                throw new IllegalArgumentException("epochMillis must be strictly increasing, but epochMillis[" + i
                        + "] = " + times[i] + " is not after epochMillis[" + (i - 1) + "] = " + times[i - 1]);
            }
            if (!Double.isFinite(values[i]) || values[i] < 0) {
                throw new IllegalArgumentException("gramsPerKwh[" + i
                        + "] must be a finite number >= 0 gCO2e/kWh, but was " + values[i]);
            }
        }
        return new StepIntensity(times, values, source, location);
    }

    /**
     * A time series read from a CSV file with the header {@code timestamp,g_co2e_per_kwh} and one row per point:
     * an ISO-8601 instant ({@code 2026-01-01T00:00:00Z}) and gCO2e/kWh, times strictly increasing, blank lines
     * ignored. Read as {@link #timeSeries}; the file is read once, here. Source reads
     * {@code time series <file name>}, location {@code time series}.
     *
     * @throws IllegalArgumentException  if the file is malformed; the message reads {@code <file>:<line>: problem}
     * @throws UncheckedIOException      if the file cannot be read, naming it
     * @throws NullPointerException      if {@code null}
     */
    public static CarbonIntensity timeSeriesCsv(Path csv) {
        Objects.requireNonNull(csv, "csv");
        String name = csv.toString();
        List<Csv.Row> rows;
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            rows = Csv.read(reader, name, TIME_SERIES_HEADER);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the carbon-intensity time series " + name + ": " + e, e);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(name + ": no data rows after the header timestamp,g_co2e_per_kwh");
        }
        long[] times = new long[rows.size()];
        double[] values = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Csv.Row row = rows.get(i);
            String timestamp = row.field(0).strip();
            try {
                times[i] = Instant.parse(timestamp).toEpochMilli();
            } catch (DateTimeException | ArithmeticException e) {
                throw new IllegalArgumentException(name + ":" + row.lineNumber()
                        + ": timestamp must be an ISO-8601 instant like 2026-01-01T00:00:00Z, but was '" + timestamp
                        + "'", e);
            }
            if (i > 0 && times[i] <= times[i - 1]) {
                throw new IllegalArgumentException(name + ":" + row.lineNumber()
                        + ": timestamps must be strictly increasing, but " + timestamp + " is not after "
                        + rows.get(i - 1).field(0).strip());
            }
            values[i] = Csv.nonNegative(row, 1, "g_co2e_per_kwh", name);
        }
        Path fileName = csv.getFileName();
        return new StepIntensity(times, values, "time series " + (fileName == null ? name : fileName),
                "time series");
    }

    private static void requireNotBlank(String value, String parameter) {
        Objects.requireNonNull(value, parameter);
        if (value.isBlank()) {
            throw new IllegalArgumentException(parameter + " must not be blank, but was '" + value + "'");
        }
    }
}
