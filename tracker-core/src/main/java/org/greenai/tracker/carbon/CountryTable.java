package org.greenai.tracker.carbon;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The per-country grid intensities of {@code grid-intensity-by-country.csv} (Our World in Data / Ember), loaded
 * once, on first use. Thread-safe.
 */
final class CountryTable {

    static final String RESOURCE = "grid-intensity-by-country.csv";
    private static final List<String> HEADER = List.of("iso2", "iso3", "country", "year", "g_co2e_per_kwh");

    /** One row: lifecycle intensity of the country's electricity in the given year. */
    record Country(String iso2, String iso3, String name, int year, double gramsPerKwh) {

        /** {@code FR (France)}. */
        String location() {
            return iso2 + " (" + name + ")";
        }

        String source() {
            return "Our World in Data / Ember (" + year + "), CC BY 4.0";
        }
    }

    private CountryTable() {
    }

    /** All rows, in file order. */
    static List<Country> all() {
        return Holder.ROWS;
    }

    /**
     * The row for an ISO 3166-1 alpha-2 or alpha-3 code or an English country name, ignoring case, accents and
     * surrounding blanks.
     *
     * @throws IllegalArgumentException if blank or unknown, listing the closest matches
     */
    static Country find(String isoOrName) {
        Objects.requireNonNull(isoOrName, "country");
        if (isoOrName.isBlank()) {
            throw new IllegalArgumentException(
                    "country must be an ISO-2 code, ISO-3 code or country name, but was '" + isoOrName + "'");
        }
        Country country = Holder.BY_KEY.get(Suggestions.normalize(isoOrName));
        if (country == null) {
            throw new IllegalArgumentException("Unknown country '" + isoOrName + "'; closest matches: "
                    + Suggestions.closest(isoOrName, Holder.ROWS, c -> List.of(c.iso2(), c.iso3(), c.name()),
                            c -> c.name() + " (" + c.iso2() + ")", 5));
        }
        return country;
    }

    private static final class Holder {
        static final List<Country> ROWS = load();
        static final Map<String, Country> BY_KEY = index(ROWS);

        private static List<Country> load() {
            List<Country> rows = new ArrayList<>();
            for (Csv.Row row : Csv.readResource(RESOURCE, HEADER)) {
                int year;
                try {
                    year = Integer.parseInt(row.field(3).strip());
                } catch (NumberFormatException e) {
                    throw new IllegalStateException(RESOURCE + ":" + row.lineNumber() + ": year must be an integer, "
                            + "but was '" + row.field(3) + "'", e);
                }
                rows.add(new Country(row.field(0).strip().toUpperCase(Locale.ROOT),
                        row.field(1).strip().toUpperCase(Locale.ROOT), row.field(2).strip(), year,
                        Csv.nonNegative(row, 4, "g_co2e_per_kwh", RESOURCE)));
            }
            return List.copyOf(rows);
        }

        private static Map<String, Country> index(List<Country> rows) {
            Map<String, Country> byKey = new HashMap<>();
            for (Country c : rows) {
                for (String key : List.of(c.iso2(), c.iso3(), c.name())) {
                    Country previous = byKey.putIfAbsent(Suggestions.normalize(key), c);
                    if (previous != null && previous != c) {
                        throw new IllegalStateException(RESOURCE + ": '" + key + "' names both " + previous.name()
                                + " and " + c.name());
                    }
                }
            }
            return Map.copyOf(byKey);
        }
    }
}
