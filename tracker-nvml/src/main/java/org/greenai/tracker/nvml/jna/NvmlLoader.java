package org.greenai.tracker.nvml.jna;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * Finds and binds the NVML library, lazily and at most once per candidate path per JVM.
 *
 * <p>Search order: an explicit path when the user gave one (then nothing else, so that a wrong path is reported
 * rather than silently replaced); otherwise {@code libnvidia-ml.so.1} then {@code nvidia-ml} through the
 * dynamic linker on Linux and other Unix systems, or {@code nvml.dll} in {@code %WINDIR%\System32} then in
 * {@code %ProgramW6432%\NVIDIA Corporation\NVSMI} on Windows. NVML does not exist on macOS.
 *
 * <p>Nothing here throws for a missing library or function, at class initialisation or later: loading gives a
 * {@link Failed} with the reason. Outcomes are cached, including failures. Thread-safe.
 */
public final class NvmlLoader {

    /** Functions without which the library is not usable NVML (the rest are optional features). */
    public static final List<String> REQUIRED_FUNCTIONS = List.of(
            "nvmlInit_v2", "nvmlShutdown", "nvmlErrorString", "nvmlDeviceGetCount_v2",
            "nvmlDeviceGetHandleByIndex_v2", "nvmlDeviceGetName", "nvmlDeviceGetUUID");

    private NvmlLoader() {
    }

    /** The outcome of a load: {@link Loaded} or {@link Failed}. */
    public sealed interface Result permits Loaded, Failed {
    }

    /** A bound library. Thread-safe. */
    public static final class Loaded implements Result {
        private final NvmlLibrary library;
        private final String source;
        private final Predicate<String> functionPresent;
        private final Supplier<NvmlDirect> directBinder;
        private volatile NvmlDirect direct;
        private final Map<String, Boolean> presence = new ConcurrentHashMap<>();

        /**
         * A binding without direct mapping: every call goes through {@code library} (mocks, tests).
         *
         * @param library         the binding
         * @param source          the name or path it was loaded from, for messages
         * @param functionPresent whether the library exports a C function
         */
        public Loaded(NvmlLibrary library, String source, Predicate<String> functionPresent) {
            this(library, source, functionPresent, NvmlDirect::none);
        }

        /**
         * @param library         the binding
         * @param source          the name or path it was loaded from, for messages
         * @param functionPresent whether the library exports a C function
         * @param directBinder    binds the sampling functions of the same library by direct mapping; called at
         *                        most once, by the first {@link #direct()}
         */
        public Loaded(NvmlLibrary library, String source, Predicate<String> functionPresent,
                      Supplier<NvmlDirect> directBinder) {
            this.library = Objects.requireNonNull(library, "library");
            this.source = Objects.requireNonNull(source, "source");
            this.functionPresent = Objects.requireNonNull(functionPresent, "functionPresent");
            this.directBinder = Objects.requireNonNull(directBinder, "directBinder");
        }

        /** The interface binding: every function, the sampling ones included when they are not directly mapped. */
        public NvmlLibrary library() {
            return library;
        }

        /**
         * The sampling functions bound by direct mapping (allocation-free), where the library has them. Bound on
         * the first call (once per library and JVM; some milliseconds, most of them JNA initialising its direct
         * mapping), so that nothing is bound for a library that is never used. {@link NvmlDirect#bind} never
         * throws; a custom binder's exception propagates.
         */
        public NvmlDirect direct() {
            NvmlDirect bound = direct;
            if (bound == null) {
                synchronized (this) {
                    bound = direct;
                    if (bound == null) {
                        bound = Objects.requireNonNull(directBinder.get(), "directBinder returned null");
                        direct = bound;
                    }
                }
            }
            return bound;
        }

        /** The name or path it was loaded from. */
        public String source() {
            return source;
        }

        /** Whether the library exports the C function {@code name}; cached. */
        public boolean hasFunction(String name) {
            return presence.computeIfAbsent(name, functionPresent::test);
        }

        @Override
        public String toString() {
            return "NVML from " + source;
        }
    }

    /**
     * No usable library.
     *
     * @param reason what was tried and why each failed, one sentence
     */
    public record Failed(String reason) implements Result {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    private static final class Cache {
        static final Map<String, Result> BY_CANDIDATE = new ConcurrentHashMap<>();
    }

    /**
     * Loads NVML from the first candidate that works.
     *
     * @param explicitPath a path or library name given by the user, or empty for the platform's search
     * @param environment  environment variables (for the Windows folders)
     */
    public static Result load(Optional<String> explicitPath, Function<String, Optional<String>> environment) {
        List<String> candidates = candidates(explicitPath, osName(), environment);
        if (candidates.isEmpty()) {
            return new Failed("NVML does not exist on " + System.getProperty("os.name"));
        }
        List<String> reasons = new ArrayList<>();
        for (String candidate : candidates) {
            Result result = Cache.BY_CANDIDATE.computeIfAbsent(candidate, NvmlLoader::bind);
            if (result instanceof Loaded) {
                return result;
            }
            reasons.add(((Failed) result).reason());
        }
        return new Failed(String.join("; ", reasons));
    }

    /**
     * The names or paths to try, in order.
     *
     * @param osName the {@code os.name} system property
     */
    public static List<String> candidates(Optional<String> explicitPath, String osName,
                                          Function<String, Optional<String>> environment) {
        Optional<String> explicit = explicitPath.map(String::trim).filter(path -> !path.isEmpty());
        if (explicit.isPresent()) {
            return List.of(explicit.get());
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String windows = environment.apply("WINDIR").orElse("C:\\Windows");
            String programFiles = environment.apply("ProgramW6432")
                    .or(() -> environment.apply("ProgramFiles"))
                    .orElse("C:\\Program Files");
            return List.of(windows + "\\System32\\nvml.dll",
                    programFiles + "\\NVIDIA Corporation\\NVSMI\\nvml.dll");
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return List.of();
        }
        return List.of("libnvidia-ml.so.1", "nvidia-ml");
    }

    private static String osName() {
        return System.getProperty("os.name", "");
    }

    private static Result bind(String candidate) {
        try {
            NvmlLibrary library = Native.load(candidate, NvmlLibrary.class);
            NativeLibrary nativeLibrary = ((Library.Handler) Proxy.getInvocationHandler(library)).getNativeLibrary();
            for (String function : REQUIRED_FUNCTIONS) {
                if (!exports(nativeLibrary, function)) {
                    return new Failed(candidate + " does not export " + function
                            + " (not NVML, or a driver older than NVML API version 2)");
                }
            }
            Predicate<String> exported = function -> exports(nativeLibrary, function);
            return new Loaded(library, candidate, exported, () -> NvmlDirect.bind(nativeLibrary, exported));
        } catch (UnsatisfiedLinkError e) {
            return new Failed(candidate + ": " + firstLine(e.getMessage()));
        } catch (LinkageError | RuntimeException e) {
            return new Failed(candidate + ": " + e);
        }
    }

    private static boolean exports(NativeLibrary library, String function) {
        try {
            library.getFunction(function);
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "cannot be loaded";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }
}
