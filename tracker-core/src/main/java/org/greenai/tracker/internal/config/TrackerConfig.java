package org.greenai.tracker.internal.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import org.greenai.tracker.Channel;
import org.greenai.tracker.carbon.CarbonIntensities;
import org.greenai.tracker.carbon.CarbonIntensity;

/**
 * The resolved, immutable configuration of one tracker: builder values first, then {@code greenai.*} system
 * properties, then {@code GREENAI_*} environment variables, then defaults.
 */
public final class TrackerConfig {
    /**
     * The logger of every line the tracker logs for its user (start, summary, forecast, report files, probe
     * selection): the facade's name, as before the stages were split, so that one logger setting covers them.
     */
    public static final String LOGGER = "org.greenai.tracker.EnergyTracker";
    public static final String DEFAULT_PROJECT = "default";
    public static final Duration DEFAULT_SAMPLING_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(30);
    public static final Path DEFAULT_OUTPUT_DIRECTORY = Path.of("energy");
    public static final Path DEFAULT_POWERCAP_ROOT = Path.of("/sys/class/powercap");

    /** Values set on the builder; {@code null} means unset. */
    public static final class Values {
        public String project;
        public String runId;
        public CarbonIntensity carbon;
        public Double pue;
        public Double pricePerKwh;
        public String currency;
        public Duration samplingInterval;
        public Duration probeTimeout;
        public Duration checkpointInterval;
        public Path outputDirectory;
        public Boolean writeReports;
        public Path powercapRoot;
        public Boolean processScope;
        public Double cpuFullLoadWatts;
        public Double ramWatts;
        public List<String> exclude;
        public final Map<String, String> settings = new LinkedHashMap<>();
    }

    private final String project;
    private final String runId;
    private final CarbonIntensity carbon;
    private final double pue;
    private final OptionalDouble pricePerKwh;
    private final String currency;
    private final Duration samplingInterval;
    private final Duration probeTimeout;
    private final Duration checkpointInterval;
    private final Optional<Path> outputDirectory;
    private final Path powercapRoot;
    private final boolean processScope;
    private final OptionalDouble cpuFullLoadWatts;
    private final OptionalDouble ramWatts;
    private final List<String> exclude;
    private final Map<String, String> settings;
    private final long startWallMillis;

    private TrackerConfig(Values v, Settings s, String generatedRunId, long startWallMillis) {
        this.project = pick(v.project, s, "project", Settings::project, DEFAULT_PROJECT);
        this.runId = pick(v.runId, s, "run.id", Settings::runId, generatedRunId);
        this.carbon = v.carbon != null ? v.carbon : carbonFromSettings(s);
        this.pue = v.pue != null ? v.pue
                : s.get("pue").map(x -> Settings.pue(x.origin(), Settings.parseDouble(x.origin(), x.text()), x.text()))
                .orElseGet(() -> sourcePue(carbon));
        Optional<Settings.Value> priceSetting = s.get("electricity.price");
        Double price = v.pricePerKwh != null ? v.pricePerKwh
                : priceSetting.map(x -> Settings.nonNegative(x.origin(),
                Settings.parseDouble(x.origin(), x.text()), "per kWh", x.text())).orElse(null);
        String cur = v.currency != null ? v.currency
                : s.get("currency").map(x -> Settings.currency(x.origin(), x.text())).orElse(null);
        if (price != null && cur == null) {
            // The builder sets both; so the price came from a property or a variable.
            String origin = v.pricePerKwh != null ? "electricityPrice" : priceSetting.orElseThrow().origin();
            throw new IllegalArgumentException(origin + " sets an electricity price of " + price + " per kWh but no "
                    + "currency is set: set " + Settings.propertyName("currency") + " or "
                    + Settings.environmentName("currency") + " (e.g. EUR), or use electricityPrice(price, currency)");
        }
        this.pricePerKwh = price == null ? OptionalDouble.empty() : OptionalDouble.of(price);
        this.currency = cur;
        this.samplingInterval = v.samplingInterval != null ? v.samplingInterval
                : s.get("sampling.interval").map(x -> Settings.samplingInterval(x.origin(),
                Settings.parseDuration(x.origin(), x.text()), x.text())).orElse(DEFAULT_SAMPLING_INTERVAL);
        this.probeTimeout = v.probeTimeout != null ? v.probeTimeout
                : s.get("probe.timeout").map(x -> Settings.probeTimeout(x.origin(),
                Settings.parseDuration(x.origin(), x.text()), x.text())).orElse(DEFAULT_PROBE_TIMEOUT);
        this.checkpointInterval = v.checkpointInterval != null ? v.checkpointInterval
                : s.get("checkpoint.interval").map(x -> Settings.checkpointInterval(x.origin(),
                Settings.parseDuration(x.origin(), x.text()), x.text())).orElse(DEFAULT_CHECKPOINT_INTERVAL);
        Path out = v.outputDirectory != null ? v.outputDirectory
                : s.get("output.dir").map(x -> Settings.parsePath(x.origin(), x.text())).orElse(DEFAULT_OUTPUT_DIRECTORY);
        this.outputDirectory = Boolean.FALSE.equals(v.writeReports) ? Optional.empty() : Optional.of(out);
        this.powercapRoot = v.powercapRoot != null ? v.powercapRoot
                : s.get("powercap.root").map(x -> Settings.parsePath(x.origin(), x.text())).orElse(DEFAULT_POWERCAP_ROOT);
        this.processScope = v.processScope != null ? v.processScope
                : s.get("scope").map(x -> Settings.scopeIsProcess(x.origin(), x.text())).orElse(false);
        this.cpuFullLoadWatts = optionalWatts(v.cpuFullLoadWatts, s, "cpu.watts");
        this.ramWatts = optionalWatts(v.ramWatts, s, "ram.watts");
        this.exclude = v.exclude != null ? v.exclude
                : s.get("exclude").map(x -> excludePatterns(x.origin(), List.of(x.text().split(",", -1)), x.text()))
                .orElse(List.of());
        this.settings = Map.copyOf(v.settings);
        this.startWallMillis = startWallMillis;
        // Validate provider settings read through the environment eagerly where the core knows them.
        s.get("gpus").ifPresent(x -> {
            if (x.text().isBlank()) {
                throw new IllegalArgumentException(x.origin() + " must list GPU indices or UUIDs, but was '"
                        + x.text() + "'");
            }
        });
    }

    /** The PUE the carbon-intensity source publishes (validated like a configured one), else 1.0. */
    private static double sourcePue(CarbonIntensity carbon) {
        OptionalDouble published = carbon.pue();
        return published.isPresent()
                ? Settings.pue("carbonIntensity.pue() of " + carbon.location(), published.getAsDouble()) : 1.0;
    }

    /** Resolves and validates everything; throws {@link IllegalArgumentException} naming the first bad value. */
    public static TrackerConfig resolve(Values values, Settings settings, String generatedRunId, long startWallMillis) {
        return new TrackerConfig(values, settings, generatedRunId, startWallMillis);
    }

    private interface Validator<T> {
        T validate(String name, String text);
    }

    private static <T> T pick(T given, Settings s, String knob, Validator<T> validator, T fallback) {
        if (given != null) {
            return given;
        }
        return s.get(knob).map(x -> validator.validate(x.origin(), x.text())).orElse(fallback);
    }

    private static OptionalDouble optionalWatts(Double given, Settings s, String knob) {
        if (given != null) {
            return OptionalDouble.of(given);
        }
        return s.get(knob).map(x -> OptionalDouble.of(Settings.positive(x.origin(),
                Settings.parseDouble(x.origin(), x.text()), "W", x.text()))).orElse(OptionalDouble.empty());
    }

    private static CarbonIntensity carbonFromSettings(Settings s) {
        Optional<Settings.Value> fixed = s.get("carbon.intensity");
        if (fixed.isPresent()) {
            Settings.Value x = fixed.get();
            return CarbonIntensities.fixed(Settings.nonNegative(x.origin(), Settings.parseDouble(x.origin(), x.text()),
                    "gCO2e/kWh", x.text()));
        }
        Optional<Settings.Value> region = s.get("cloud.region");
        if (region.isPresent()) {
            return cloudRegion(region.get().origin(), region.get().text());
        }
        Optional<Settings.Value> country = s.get("country");
        if (country.isPresent()) {
            return country(country.get().origin(), country.get().text());
        }
        return CarbonIntensities.worldAverage();
    }

    /** A country's intensity; errors name the parameter and keep the closest matches. */
    public static CarbonIntensity country(String name, String value) {
        try {
            return CarbonIntensities.country(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(name + " '" + value + "': " + e.getMessage(), e);
        }
    }

    /** A cloud region's intensity from {@code provider:region}. */
    public static CarbonIntensity cloudRegion(String name, String value) {
        try {
            return CarbonIntensities.cloudRegion(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(name + " '" + value + "': " + e.getMessage(), e);
        }
    }

    /** A fixed intensity. */
    public static CarbonIntensity fixed(String name, double gramsPerKwh) {
        return CarbonIntensities.fixed(Settings.nonNegative(name, gramsPerKwh, "gCO2e/kWh"));
    }

    /** Validates channel-exclusion patterns. */
    public static List<String> excludePatterns(String name, List<String> patterns) {
        return excludePatterns(name, patterns, patterns == null ? "null" : String.join(",", patterns));
    }

    private static List<String> excludePatterns(String name, List<String> patterns, String shown) {
        if (patterns == null || patterns.isEmpty()) {
            throw new IllegalArgumentException(name + " must list channel ids, components or prefixes ending in *, "
                    + "but was '" + patterns + "'");
        }
        List<String> out = new ArrayList<>();
        for (String p : patterns) {
            String t = p == null ? "" : p.trim().toLowerCase(Locale.ROOT);
            if (t.isEmpty() || t.equals("*") || t.indexOf('*') >= 0 && t.indexOf('*') != t.length() - 1) {
                throw new IllegalArgumentException(name + " entries must be channel ids (gpu:1), components (ram) "
                        + "or prefixes ending in * (dram:*), but was '" + shown + "'");
            }
            out.add(t);
        }
        return List.copyOf(out);
    }

    /** Whether a channel matches an exclusion pattern. */
    public boolean excluded(Channel channel) {
        String id = channel.id().toLowerCase(Locale.ROOT);
        for (String p : exclude) {
            if (p.endsWith("*") ? id.startsWith(p.substring(0, p.length() - 1))
                    : id.equals(p) || channel.component().id().equals(p)) {
                return true;
            }
        }
        return false;
    }

    /** A provider-specific setting: builder, then {@code greenai.<name>}, then {@code GREENAI_<NAME>}. */
    public Optional<String> setting(String name, Settings s) {
        String given = settings.get(name);
        if (given != null) {
            return Optional.of(given);
        }
        return s.get(name).map(Settings.Value::text);
    }

    public String project() {
        return project;
    }

    public String runId() {
        return runId;
    }

    public CarbonIntensity carbon() {
        return carbon;
    }

    public double pue() {
        return pue;
    }

    public OptionalDouble electricityPricePerKwh() {
        return pricePerKwh;
    }

    public String currency() {
        return currency;
    }

    public Duration samplingInterval() {
        return samplingInterval;
    }

    public Duration probeTimeout() {
        return probeTimeout;
    }

    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    public Optional<Path> outputDirectory() {
        return outputDirectory;
    }

    public Path powercapRoot() {
        return powercapRoot;
    }

    public boolean processScope() {
        return processScope;
    }

    public OptionalDouble cpuFullLoadWatts() {
        return cpuFullLoadWatts;
    }

    public OptionalDouble ramWatts() {
        return ramWatts;
    }

    public long startWallMillis() {
        return startWallMillis;
    }
}
