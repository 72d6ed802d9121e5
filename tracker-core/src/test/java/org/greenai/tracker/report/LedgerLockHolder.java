package org.greenai.tracker.report;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A separate JVM that holds the exclusive lock of a ledger file: prints {@code locked}, keeps the lock until a line
 * arrives on its standard input (or the input closes), then prints {@code released}. For the ledger lock tests.
 */
public final class LedgerLockHolder {
    private LedgerLockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
             FileLock lock = ch.lock()) {
            System.out.println("locked");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        System.out.println("released");
        System.out.flush();
    }

    /** Starts the holder on {@code ledger} and returns once it holds the lock. */
    public static Process hold(Path ledger) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp",
                System.getProperty("java.class.path"), LedgerLockHolder.class.getName(), ledger.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"locked".equals(line)) {
            p.destroyForcibly();
            throw new AssertionError("lock holder did not start: " + line);
        }
        return p;
    }

    /** Tells the holder to release the lock and waits for it to exit. */
    public static void release(Process p) throws Exception {
        p.getOutputStream().write('\n');
        p.getOutputStream().flush();
        p.getOutputStream().close();
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("lock holder did not exit");
        }
    }
}
