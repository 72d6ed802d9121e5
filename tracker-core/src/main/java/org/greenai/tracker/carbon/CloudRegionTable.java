package org.greenai.tracker.carbon;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The per-region intensities of {@code cloud-regions.csv} (GCP, AWS, Azure), loaded once, on first use.
 * Thread-safe.
 */
final class CloudRegionTable {

    static final String RESOURCE = "cloud-regions.csv";
    private static final List<String> HEADER =
            List.of("provider", "region", "location", "iso2", "g_co2e_per_kwh", "pue", "source");

    /**
     * One row.
     *
     * @param pue the published PUE, empty when the file has none
     */
    record CloudRegion(String provider, String region, String city, String iso2, double gramsPerKwh,
            OptionalDouble pue, String source) {

        /** {@code aws:eu-west-3 (Paris)}. */
        String location() {
            return provider + ":" + region + " (" + city + ")";
        }
    }

    private CloudRegionTable() {
    }

    /** All rows, in file order. */
    static List<CloudRegion> all() {
        return Holder.ROWS;
    }

    /**
     * The row for a provider ({@code gcp}, {@code aws}, {@code azure}; any case) and one of its regions as
     * spelled in the file (any case, surrounding blanks ignored).
     *
     * @throws IllegalArgumentException if blank or unknown, listing the closest providers or regions
     */
    static CloudRegion find(String provider, String region) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(region, "region");
        Map<String, CloudRegion> regions = Holder.BY_PROVIDER.get(provider.strip().toLowerCase(Locale.ROOT));
        if (regions == null) {
            List<String> providers = List.copyOf(Holder.BY_PROVIDER.keySet());
            throw new IllegalArgumentException("Unknown cloud provider '" + provider + "'; closest matches: "
                    + Suggestions.closest(provider, providers, List::of, p -> p, providers.size()));
        }
        CloudRegion found = regions.get(region.strip().toLowerCase(Locale.ROOT));
        if (found == null) {
            String name = provider.strip().toLowerCase(Locale.ROOT);
            throw new IllegalArgumentException("Unknown " + name + " region '" + region + "'; closest matches: "
                    + Suggestions.closest(region, List.copyOf(regions.values()), r -> List.of(r.region(), r.city()),
                            r -> r.region() + " (" + r.city() + ")", 5));
        }
        return found;
    }

    private static final class Holder {
        static final List<CloudRegion> ROWS = load();
        static final Map<String, Map<String, CloudRegion>> BY_PROVIDER = index(ROWS);

        private static List<CloudRegion> load() {
            List<CloudRegion> rows = new ArrayList<>();
            for (Csv.Row row : Csv.readResource(RESOURCE, HEADER)) {
                String pueText = row.field(5).strip();
                OptionalDouble pue = pueText.isEmpty()
                        ? OptionalDouble.empty()
                        : OptionalDouble.of(Csv.nonNegative(row, 5, "pue", RESOURCE));
                rows.add(new CloudRegion(row.field(0).strip().toLowerCase(Locale.ROOT),
                        row.field(1).strip().toLowerCase(Locale.ROOT), row.field(2).strip(), row.field(3).strip(),
                        Csv.nonNegative(row, 4, "g_co2e_per_kwh", RESOURCE), pue, row.field(6).strip()));
            }
            return List.copyOf(rows);
        }

        private static Map<String, Map<String, CloudRegion>> index(List<CloudRegion> rows) {
            Map<String, Map<String, CloudRegion>> byProvider = new LinkedHashMap<>();
            for (CloudRegion r : rows) {
                CloudRegion previous =
                        byProvider.computeIfAbsent(r.provider(), p -> new LinkedHashMap<>()).putIfAbsent(r.region(), r);
                if (previous != null) {
                    throw new IllegalStateException(RESOURCE + ": region " + r.provider() + ":" + r.region()
                            + " appears twice");
                }
            }
            Map<String, Map<String, CloudRegion>> frozen = new LinkedHashMap<>();
            byProvider.forEach((provider, regions) -> frozen.put(provider, Collections.unmodifiableMap(regions)));
            return Collections.unmodifiableMap(frozen);
        }
    }
}
