package org.greenai.tracker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetPermission;
import java.net.Socket;
import java.net.SocketPermission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Permission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * A child JVM for {@link SecurityTest}: runs a tracker with the default configuration (probes discovered, reports
 * in {@code ./energy}) under a security manager that permits everything and records every network permission
 * the JVM checks: connecting, resolving a host name, listening, accepting, multicast, Unix-domain sockets. Java
 * code cannot open a socket without such a check. Prints what it recorded, then proves the recorder works by
 * connecting to a closed local port.
 */
public final class NoNetworkChild {
    private NoNetworkChild() {
    }

    /** Permits everything; records network permissions. */
    @SuppressWarnings("removal")
    static final class NetworkRecorder extends SecurityManager {
        final List<String> checks = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void checkPermission(Permission perm) {
            record(perm);
        }

        @Override
        public void checkPermission(Permission perm, Object context) {
            record(perm);
        }

        private void record(Permission perm) {
            if (perm instanceof SocketPermission
                    || perm instanceof NetPermission && perm.getName().equals("accessUnixDomainSocket")) {
                checks.add(perm.getClass().getSimpleName() + " " + perm.getName() + " " + perm.getActions());
            }
        }
    }

    @SuppressWarnings({"removal", "deprecation"})
    public static void main(String[] args) throws Exception {
        NetworkRecorder recorder = new NetworkRecorder();
        boolean installed;
        try {
            System.setSecurityManager(recorder);
            installed = true;
        } catch (UnsupportedOperationException e) {
            installed = false; // JDK 24 and later: only the socket count below remains
        }
        long socketsBefore = openSockets();
        try (EnergyTracker tracker = EnergyTracker.builder().start()) {
            try (Window w = tracker.window("epoch-0")) {
                w.addUnits(10);
                tracker.sample();
            }
            tracker.recordMetric("accuracy", 0.5);
            tracker.snapshot();
        }
        long socketsAfter = openSockets();
        List<String> seen = new ArrayList<>(recorder.checks);
        System.out.println("security manager: " + (installed ? "installed" : "unavailable"));
        System.out.println("network checks: " + seen.size() + " " + seen);
        System.out.println("new sockets: " + (socketsAfter - socketsBefore));
        System.out.println("report written: " + Files.exists(Path.of("energy").resolve(Files.list(Path.of("energy"))
                .filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow().getFileName())));
        // Control: the recorder must see a connection attempt.
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 1), 1000);
        } catch (IOException expected) {
            // nothing listens on port 1
        }
        System.out.println("control checks: " + recorder.checks.size());
    }

    /** Sockets among this process's open file descriptors (Linux), or -1 where /proc is missing. */
    private static long openSockets() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        try (Stream<Path> list = Files.list(fds)) {
            return list.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }
}
