package org.greenai.tracker.nvml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which GPUs the tracker measures: a pure function of the GPUs NVML lists, the {@code gpus} setting and
 * {@code CUDA_VISIBLE_DEVICES}.
 *
 * <ul>
 * <li>{@code gpus} (builder, {@code greenai.gpus}, {@code GREENAI_GPUS}) wins when set: a comma list of NVML
 *     indices, UUIDs ({@code GPU-...}, a unique prefix is enough) or MIG UUIDs; {@code all}; or {@code none} /
 *     empty for no GPU. An entry that matches no GPU is a configuration error:
 *     {@link IllegalArgumentException} naming {@code gpus}, quoting the value and listing the GPUs.</li>
 * <li>Else {@code CUDA_VISIBLE_DEVICES} when set, read as CUDA reads it: the same kinds of entries, empty or
 *     {@code -1} for no GPU, and an invalid entry hides itself and every entry after it (a warning says so).</li>
 * <li>Else every GPU.</li>
 * </ul>
 * A MIG device ({@code MIG-<uuid>}, or the older {@code MIG-GPU-<uuid>/<gi>/<ci>}) selects its physical GPU,
 * whose energy is the whole board's; the selection remembers which MIG devices were named. Duplicates collapse;
 * the result is in NVML index order.
 */
final class GpuSelection {

    static final String GPUS_SETTING = "gpus";
    static final String CUDA_VISIBLE_DEVICES = "CUDA_VISIBLE_DEVICES";

    /**
     * A GPU as NVML lists it.
     *
     * @param index NVML index
     * @param uuid  {@code GPU-...}, or {@code null} when it could not be read
     * @param name  product name, or {@code null} when it could not be read
     */
    record Gpu(int index, String uuid, String name) {
    }

    /**
     * One selected GPU.
     *
     * @param index    NVML index
     * @param migUuids the MIG devices through which it was selected (empty when selected as a whole GPU)
     */
    record Selected(int index, List<String> migUuids) {
        Selected {
            migUuids = List.copyOf(migUuids);
        }
    }

    /**
     * @param gpus     selected GPUs in NVML index order
     * @param source   where the selection came from, e.g. {@code CUDA_VISIBLE_DEVICES=0,2}
     * @param warnings one line per problem to log (never for {@code gpus}, whose problems throw)
     */
    record Result(List<Selected> gpus, String source, List<String> warnings) {
        Result {
            gpus = List.copyOf(gpus);
            warnings = List.copyOf(warnings);
        }

        Result withSource(String newSource) {
            return new Result(gpus, newSource, warnings);
        }
    }

    private GpuSelection() {
    }

    /**
     * @param gpus              every GPU NVML lists, index i at position i
     * @param gpusSetting       the {@code gpus} setting, if set
     * @param cudaVisible       {@code CUDA_VISIBLE_DEVICES}, if set
     * @param cudaDeviceOrder   {@code CUDA_DEVICE_ORDER}, if set
     * @param migParentUuid     the UUID of the GPU holding a MIG device ({@code MIG-<uuid>}), if NVML knows it
     * @throws IllegalArgumentException for an entry of {@code gpus} that matches no GPU or several
     */
    static Result select(List<Gpu> gpus, Optional<String> gpusSetting, Optional<String> cudaVisible,
                         Optional<String> cudaDeviceOrder, Function<String, Optional<String>> migParentUuid) {
        Objects.requireNonNull(gpus, "gpus");
        if (gpusSetting.isPresent()) {
            return fromSetting(gpus, gpusSetting.get(), migParentUuid);
        }
        if (cudaVisible.isPresent()) {
            return fromCuda(gpus, cudaVisible.get(), cudaDeviceOrder, migParentUuid);
        }
        List<Selected> all = new ArrayList<>();
        for (Gpu gpu : gpus) {
            all.add(new Selected(gpu.index(), List.of()));
        }
        return new Result(all, "all GPUs", List.of());
    }

    private static Result fromSetting(List<Gpu> gpus, String value, Function<String, Optional<String>> migParent) {
        String source = GPUS_SETTING + "=" + value;
        String trimmed = value.trim();
        if (trimmed.isEmpty() || trimmed.equalsIgnoreCase("none")) {
            return new Result(List.of(), source, List.of());
        }
        if (trimmed.equalsIgnoreCase("all")) {
            return select(gpus, Optional.empty(), Optional.empty(), Optional.empty(), migParent)
                    .withSource(source);
        }
        Map<Integer, List<String>> chosen = new LinkedHashMap<>();
        for (String entry : trimmed.split(",", -1)) {
            Match match = match(gpus, entry.trim(), migParent);
            if (match.error != null) {
                throw new IllegalArgumentException(GPUS_SETTING + ": " + match.error + " in '" + value
                        + "'; available GPUs: " + describe(gpus));
            }
            add(chosen, match);
        }
        return new Result(toSelected(chosen), source, List.of());
    }

    private static Result fromCuda(List<Gpu> gpus, String value, Optional<String> cudaDeviceOrder,
                                   Function<String, Optional<String>> migParent) {
        String source = CUDA_VISIBLE_DEVICES + "=" + value;
        String trimmed = value.trim();
        List<String> warnings = new ArrayList<>();
        Map<Integer, List<String>> chosen = new LinkedHashMap<>();
        boolean indices = false;
        if (!trimmed.isEmpty()) {
            String[] entries = trimmed.split(",", -1);
            for (int i = 0; i < entries.length; i++) {
                String entry = entries[i].trim();
                if (i == 0 && entry.equals("-1")) {
                    break;
                }
                Match match = match(gpus, entry, migParent);
                if (match.error != null) {
                    warnings.add(CUDA_VISIBLE_DEVICES + "='" + value + "': " + match.error
                            + "; CUDA ignores it and every entry after it, and so does the tracker");
                    break;
                }
                indices |= match.byIndex;
                add(chosen, match);
            }
        }
        if (indices && !"PCI_BUS_ID".equals(cudaDeviceOrder.map(String::trim).orElse(null))
                && gpus.stream().map(Gpu::name).filter(Objects::nonNull).distinct().count() > 1) {
            warnings.add(CUDA_VISIBLE_DEVICES + " gives indices and the GPUs differ, but CUDA_DEVICE_ORDER is not "
                    + "PCI_BUS_ID: CUDA may number the GPUs differently from NVML; give UUIDs or set "
                    + "CUDA_DEVICE_ORDER=PCI_BUS_ID");
        }
        return new Result(toSelected(chosen), source, warnings);
    }

    private static final class Match {
        final int index;
        final String migUuid;
        final boolean byIndex;
        final String error;

        private Match(int index, String migUuid, boolean byIndex, String error) {
            this.index = index;
            this.migUuid = migUuid;
            this.byIndex = byIndex;
            this.error = error;
        }

        static Match of(int index, String migUuid, boolean byIndex) {
            return new Match(index, migUuid, byIndex, null);
        }

        static Match error(String error) {
            return new Match(-1, null, false, error);
        }
    }

    private static Match match(List<Gpu> gpus, String entry, Function<String, Optional<String>> migParent) {
        if (entry.isEmpty()) {
            return Match.error("empty entry");
        }
        if (entry.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int index;
            try {
                index = Integer.parseInt(entry);
            } catch (NumberFormatException e) {
                index = Integer.MAX_VALUE;
            }
            if (index >= gpus.size()) {
                return Match.error("no GPU has index " + entry);
            }
            return Match.of(index, null, true);
        }
        String upper = entry.toUpperCase(Locale.ROOT);
        if (upper.startsWith("MIG-")) {
            Optional<String> parent = upper.startsWith("MIG-GPU-")
                    ? Optional.of(entry.substring("MIG-".length()).split("/", 2)[0])
                    : migParent.apply(entry);
            if (parent.isEmpty()) {
                return Match.error("no MIG device " + entry);
            }
            Match gpu = matchUuid(gpus, parent.get(), true);
            return gpu.error != null ? Match.error("MIG device " + entry + ": " + gpu.error)
                    : Match.of(gpu.index, entry, false);
        }
        if (upper.startsWith("GPU-")) {
            return matchUuid(gpus, entry, false);
        }
        return Match.error("'" + entry + "' is neither an index nor a GPU-/MIG- UUID");
    }

    private static Match matchUuid(List<Gpu> gpus, String uuid, boolean exact) {
        String wanted = uuid.toLowerCase(Locale.ROOT);
        List<Integer> found = new ArrayList<>();
        for (Gpu gpu : gpus) {
            if (gpu.uuid() == null) {
                continue;
            }
            String candidate = gpu.uuid().toLowerCase(Locale.ROOT);
            if (candidate.equals(wanted)) {
                return Match.of(gpu.index(), null, false);
            }
            if (!exact && candidate.startsWith(wanted)) {
                found.add(gpu.index());
            }
        }
        if (found.size() == 1) {
            return Match.of(found.get(0), null, false);
        }
        if (found.isEmpty()) {
            return Match.error("no GPU matches '" + uuid + "'");
        }
        return Match.error("'" + uuid + "' matches several GPUs " + found + "; give more of the UUID");
    }

    private static void add(Map<Integer, List<String>> chosen, Match match) {
        List<String> migs = chosen.computeIfAbsent(match.index, index -> new ArrayList<>());
        if (match.migUuid != null && !migs.contains(match.migUuid)) {
            migs.add(match.migUuid);
        }
    }

    private static List<Selected> toSelected(Map<Integer, List<String>> chosen) {
        return chosen.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> new Selected(entry.getKey(), entry.getValue()))
                .collect(Collectors.toList());
    }

    /** {@code 0 = NVIDIA A100-SXM4-80GB (GPU-...), 1 = ...}, or {@code none}. */
    static String describe(List<Gpu> gpus) {
        if (gpus.isEmpty()) {
            return "none";
        }
        return gpus.stream()
                .map(gpu -> gpu.index() + " = " + (gpu.name() != null ? gpu.name() : "unreadable name")
                        + " (" + (gpu.uuid() != null ? gpu.uuid() : "unreadable UUID") + ")")
                .collect(Collectors.joining(", "));
    }
}
