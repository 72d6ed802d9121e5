package org.greenai.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;

import org.greenai.tracker.internal.config.Secrets;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeContext;
import org.greenai.tracker.spi.ProbeProvider;
import org.greenai.tracker.spi.ProbeUnavailableException;
import org.greenai.tracker.spi.Readings;
import org.greenai.tracker.testing.FakeClock;
import org.greenai.tracker.testing.ScriptedProbe;
import org.greenai.tracker.testing.TrackerFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** No network by default, report files only inside the output directory with default permissions, no secrets. */
@Timeout(60)
class SecurityTest {
    @TempDir
    Path dir;

    final FakeClock clock = new FakeClock();

    EnergyTracker.Builder builder() {
        return TrackerFixtures.hermeticBuilder(clock).carbonIntensity(100);
    }

    static ScriptedProbe constant() {
        return new ScriptedProbe(List.of(ChannelSpec.power("gpu:0", Component.GPU, "g", "100 W")),
                (DoubleSupplier) () -> 100.0);
    }

    @Test
    void trackerWithTheDefaultConfigurationMakesNoNetworkAccess() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Djava.security.manager=allow", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), NoNetworkChild.class.getName())
                .directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(name -> name.startsWith("GREENAI_"));
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(40, TimeUnit.SECONDS)).isTrue();
        String output = out.toString(StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("network checks: 0 []").contains("new sockets: 0").contains("report written: true");
        if (output.contains("security manager: installed")) {
            assertThat(output).as("the recorder sees a connection when there is one")
                    .containsPattern("control checks: [1-9]");
        }
        assertThat(dir.resolve("energy").resolve("energy-ledger.csv")).isRegularFile();
    }

    @Test
    void projectWindowAndMetricNamesNeverTurnIntoPathsOutsideTheOutputDirectory() throws Exception {
        Path out = dir.resolve("out");
        try (EnergyTracker tracker = builder().outputDirectory(out).runId("safe")
                .project("../../escape/évil name/../../x").probe(constant().provider("p", 100)).start()) {
            try (Window w = tracker.window("../../window")) {
                clock.advanceNanos(1_000_000_000L);
            }
            tracker.recordMetric("/etc/passwd", 1);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(dir::relativize).map(Path::toString))
                    .containsExactlyInAnyOrder("out/safe.json", "out/safe.model-card.yaml", "out/energy-ledger.csv");
        }
        assertThat(Files.readString(out.resolve("safe.json"))).contains("\"project\": \"../../escape/évil name/../../x\"");
        // Run ids name the files: anything but letters, digits, '.', '_' and '-' is refused (see
        // ConfigurationValidationTest for '../x', 'a/b' and GREENAI_RUN_ID=../escape).
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> builder().runId("..")))
                .hasMessageContaining("runId");
    }

    @Test
    void reportsLedgerModelCardAndCheckpointsGetTheUsersDefaultPermissions() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Set<PosixFilePermission> userDefault = Files.getPosixFilePermissions(Files.createFile(dir.resolve("reference")));
        Path out = dir.resolve("out");
        try (EnergyTracker tracker = builder().outputDirectory(out).runId("perm").probe(constant().provider("p", 100))
                .start()) {
            clock.advanceNanos(1_000_000_000L);
            tracker.checkpoint();
            assertThat(Files.getPosixFilePermissions(out.resolve("perm.json"))).as("checkpoint").isEqualTo(userDefault);
        }
        for (String name : List.of("perm.json", "perm.model-card.yaml", "energy-ledger.csv")) {
            assertThat(Files.getPosixFilePermissions(out.resolve(name))).as(name).isEqualTo(userDefault);
        }
    }

    private static final String KEY = "em-SECRET-1234";
    private static final String PASSWORD = "wt-SECRET-5678";
    private static final String TOKEN = "tok-SECRET-9012";

    /** A careless provider that puts the secrets it is given everywhere it can. */
    static final class LeakyProvider implements ProbeProvider {
        final String mode;
        final AtomicReference<String> keySeen = new AtomicReference<>();

        LeakyProvider(String mode) {
            this.mode = mode;
        }

        public String name() {
            return "leaky-" + mode;
        }

        public int priority() {
            return 100;
        }

        public Probe open(ProbeContext context) throws ProbeUnavailableException {
            String key = context.setting("electricitymaps.api.key").orElseThrow();
            String password = context.setting("watttime.password").orElseThrow();
            String token = context.setting("grid.token").orElseThrow();
            keySeen.set(key);
            switch (mode) {
                case "unavailable" -> throw new ProbeUnavailableException(Component.SYSTEM,
                        "login refused for key " + key, "check password " + password);
                case "broken" -> throw new IllegalStateException("HTTP 401 with token " + token);
                case "config" -> throw new IllegalArgumentException("grid.token '" + token + "' is not valid");
                default -> {
                    AtomicInteger reads = new AtomicInteger();
                    return new Probe() {
                        public List<ChannelSpec> channels() {
                            return List.of(ChannelSpec.power("grid:" + key, Component.SYSTEM, "meter " + password,
                                    "remote meter, token " + token));
                        }

                        public void read(Readings readings) {
                            int n = reads.getAndIncrement();
                            if (n == 2) {
                                throw new IllegalStateException("timeout calling the API with key " + key);
                            }
                            if (n < 4) {
                                readings.power(0, 10);
                            } else {
                                readings.lost(0, "account " + password + " suspended");
                            }
                        }

                        public void close() {
                            throw new IllegalStateException("logout failed for " + token);
                        }
                    };
                }
            }
        }
    }

    @Test
    void secretSettingsNeverReachTheLogOrTheReportsEvenWhenAProviderPutsThemInItsMessages() throws Exception {
        Path out = dir.resolve("out");
        Map<String, String> env = new HashMap<>(Map.of("GREENAI_WATTTIME_PASSWORD", PASSWORD));
        Properties props = new Properties();
        props.setProperty("greenai.grid.token", TOKEN);
        LeakyProvider working = new LeakyProvider("working");
        String log;
        try (CapturedLog captured = CapturedLog.start()) {
            EnergyTracker tracker = builder().environment(env).systemProperties(props)
                    .setting("electricitymaps.api.key", KEY).outputDirectory(out).runId("secret")
                    .probe(new LeakyProvider("unavailable")).probe(new LeakyProvider("broken")).probe(working)
                    .probe(constant().provider("p", 50)).start();
            for (int i = 0; i < 6; i++) {
                clock.advanceNanos(1_000_000_000L);
                tracker.sample();
            }
            tracker.checkpoint();
            tracker.close();
            IllegalArgumentException config = catchThrowableOfType(IllegalArgumentException.class, () -> builder()
                    .environment(env).systemProperties(props).setting("electricitymaps.api.key", KEY)
                    .writeReports(false).probe(new LeakyProvider("config")).start());
            assertThat(config).hasMessage("grid.token '" + Secrets.MASK + "' is not valid");
            log = captured.text();
        }
        assertThat(working.keySeen).as("providers still get the real value").hasValue(KEY);
        StringBuilder files = new StringBuilder();
        try (Stream<Path> written = Files.list(out)) {
            for (Path f : written.toList()) {
                files.append(Files.readString(f));
            }
        }
        for (String secret : List.of(KEY, PASSWORD, TOKEN)) {
            assertThat(log).doesNotContain(secret);
            assertThat(files.toString()).doesNotContain(secret);
        }
        assertThat(log).contains("login refused for key " + Secrets.MASK)
                .contains("HTTP 401 with token " + Secrets.MASK)
                .contains("timeout calling the API with key " + Secrets.MASK)
                .contains("account " + Secrets.MASK + " suspended");
        assertThat(files.toString()).contains("remote meter, token " + Secrets.MASK).contains("grid:" + Secrets.MASK);
    }
}
