package org.greenai.tracker.examples.common;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line of an example jar, written once for all of them: its commands (one, or several such as
 * {@code train} and {@code prometheus}), the options each accepts, the usage text and the exit policy.
 *
 * <ul>
 *   <li>{@code -h}, {@code --help} (anywhere) and the command {@code help} print the usage to standard output;
 *       the exit status is 0 and nothing is run.</li>
 *   <li>An unknown command or option, a missing value or a value out of range prints one line
 *       ({@code error: ...}, naming the option and quoting the value) and the usage to standard error; the exit
 *       status is 2, with no stack trace.</li>
 *   <li>Otherwise the command's action runs with the parsed {@link Options}; what it throws propagates.</li>
 * </ul>
 * Values follow their option as the next argument or after {@code =} ({@code --epochs 3}, {@code --epochs=3}).
 * Immutable once built; {@link #run} may be called from any thread.
 */
public final class CommandLine {
    private static final String FOOTER =
            "Configuration through GREENAI_* variables (GREENAI_COUNTRY=FR, GREENAI_OUTPUT_DIR=...), see README.\n";
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");
    private static final int FLAG_COLUMN = 22;

    /** Work that a command does with its options. */
    @FunctionalInterface
    public interface Action {
        /**
         * @param options the parsed options (never with {@link Options#help()} set)
         * @throws Exception whatever the work throws; it propagates out of {@link CommandLine#run}
         */
        void run(Options options) throws Exception;
    }

    /**
     * A command of an example jar.
     *
     * @param name     the word that selects it ({@code train}); empty for the only command of a jar
     * @param summary  what it does, one line
     * @param defaults the options when none is given
     * @param options  the options it accepts, besides {@code -h}/{@code --help}
     * @param action   the work
     */
    public record Command(String name, String summary, Options defaults, Set<Option> options, Action action) {
        /** @throws NullPointerException if an argument is null */
        public Command {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(summary, "summary");
            Objects.requireNonNull(defaults, "defaults");
            Objects.requireNonNull(action, "action");
            EnumSet<Option> copy = EnumSet.noneOf(Option.class);
            copy.addAll(options);
            options = Collections.unmodifiableSet(copy);
        }
    }

    /** What a command line asks for: a command with its options, or the usage of the whole jar. */
    record Invocation(Optional<Command> command, Options options) {
    }

    private final String jar;
    private final List<Command> commands;
    private final Command defaultCommand;
    private final boolean single;

    private CommandLine(String jar, List<Command> commands, Command defaultCommand, boolean single) {
        this.jar = Objects.requireNonNull(jar, "jar");
        this.commands = List.copyOf(commands);
        this.defaultCommand = defaultCommand;
        this.single = single;
    }

    /**
     * A jar that does one thing: {@code java -jar JAR [options]}.
     *
     * @param jar      the jar's file name, as shown in the usage
     * @param summary  what it does, one line
     * @param defaults the options when none is given
     * @param options  the options it accepts, besides {@code -h}/{@code --help}
     * @param action   the work
     * @return the command line
     */
    public static CommandLine of(String jar, String summary, Options defaults, Set<Option> options, Action action) {
        Command only = new Command("", summary, defaults, options, action);
        return new CommandLine(jar, List.of(only), only, true);
    }

    /**
     * A jar with commands: {@code java -jar JAR [command] [options]}; without a command, {@code defaultCommand}
     * runs.
     *
     * @param jar            the jar's file name, as shown in the usage
     * @param defaultCommand the name of the command that runs when none is named
     * @param commands       the commands, with distinct non-empty names other than {@code help}
     * @return the command line
     * @throws IllegalArgumentException if a name is empty, {@code help} or repeated, or {@code defaultCommand}
     *                                  names none of the commands
     */
    public static CommandLine withCommands(String jar, String defaultCommand, Command... commands) {
        List<String> names = new ArrayList<>();
        for (Command c : commands) {
            if (c.name().isEmpty() || c.name().startsWith("-") || c.name().equals("help") || names.contains(c.name())) {
                throw new IllegalArgumentException("command names must be distinct words other than 'help', but got '"
                        + c.name() + "' among " + names);
            }
            names.add(c.name());
        }
        Command fallback = Arrays.stream(commands).filter(c -> c.name().equals(defaultCommand)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("defaultCommand must be one of " + names
                        + ", but was '" + defaultCommand + "'"));
        return new CommandLine(jar, List.of(commands), fallback, false);
    }

    /**
     * Runs the command line and exits the JVM with status 2 on a usage error; returns normally after the help or
     * the work.
     *
     * @param args the arguments given to {@code main}
     * @throws Exception what the command's action throws
     */
    public void main(String[] args) throws Exception {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the command line: prints the usage, reports a usage error, or runs the command's action.
     *
     * @param args the arguments given to {@code main}
     * @param out  where the usage goes when asked for
     * @param err  where a usage error goes, followed by the usage
     * @return the exit status: 0 after the help or the work, 2 after a usage error
     * @throws Exception what the command's action throws
     */
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Invocation invocation;
        try {
            invocation = resolve(args);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.print(usageFor(args));
            err.flush();
            return 2;
        }
        if (invocation.command().isEmpty()) {
            out.print(usage());
            out.flush();
            return 0;
        }
        Command command = invocation.command().get();
        if (invocation.options().help()) {
            out.print(usage(command));
            out.flush();
            return 0;
        }
        command.action().run(invocation.options());
        return 0;
    }

    /** @return the usage of the whole jar: its commands and their options */
    public String usage() {
        if (single) {
            return usage(defaultCommand);
        }
        StringBuilder s = new StringBuilder("Usage: java -jar " + jar + " [command] [options]\nCommands:\n");
        for (Command c : commands) {
            line(s, c.name(), c.summary() + (c == defaultCommand ? " (the default)" : ""));
        }
        line(s, "help", "print this help and exit");
        for (int i = 0; i < commands.size(); i++) {
            Command c = commands.get(i);
            // a command that takes all the options of an earlier one (with the same defaults) lists only the others
            Optional<Command> base = commands.subList(0, i).stream()
                    .filter(b -> c.options().containsAll(b.options()) && b.defaults().equals(c.defaults())).findFirst();
            s.append("Options of ").append(c.name())
                    .append(base.map(b -> ": those of " + b.name() + " and\n").orElse(":\n"));
            options(s, c, base.map(Command::options).orElse(Set.of()));
        }
        line(s, "-h, --help", "print the help (of the command, after one) and exit");
        return s.append(FOOTER).toString();
    }

    /**
     * @param command one of this jar's commands
     * @return the usage of that command alone
     */
    String usage(Command command) {
        StringBuilder s = new StringBuilder("Usage: java -jar " + jar + (single ? "" : " " + command.name())
                + " [options]\n" + command.summary() + "\nOptions:\n");
        options(s, command, Set.of());
        line(s, "-h, --help", "print this help and exit");
        return s.append(FOOTER).toString();
    }

    /** Resolves a command line: which command, with which options; the whole jar's usage for help. */
    Invocation resolve(String[] args) {
        Command command = defaultCommand;
        String[] rest = args;
        boolean named = false;
        if (!single && args.length > 0 && !args[0].startsWith("-")) {
            if (args[0].equals("help")) {
                return new Invocation(Optional.empty(), defaultCommand.defaults());
            }
            command = byName(args[0]).orElseThrow(() -> new UsageException("unknown command '" + args[0]
                    + "'; the commands are " + String.join(", ", names()) + " and help"));
            rest = Arrays.copyOfRange(args, 1, args.length);
            named = true;
        }
        Options options = parse(command, rest);
        if (options.help() && !single && !named) {
            return new Invocation(Optional.empty(), options);
        }
        return new Invocation(Optional.of(command), options);
    }

    private String usageFor(String[] args) {
        if (!single && args.length > 0) {
            Optional<Command> named = byName(args[0]);
            if (named.isPresent()) {
                return usage(named.get());
            }
        }
        return usage();
    }

    private Options parse(Command command, String[] args) {
        Options d = command.defaults();
        if (Arrays.asList(args).contains("-h") || Arrays.asList(args).contains("--help")) {
            return new Options(d.epochs(), d.samples(), d.duration(), d.port(), d.lingerSeconds(), true);
        }
        int epochs = d.epochs();
        int samples = d.samples();
        Optional<Duration> duration = d.duration();
        int port = d.port();
        int lingerSeconds = d.lingerSeconds();
        Map<Option, String> given = new EnumMap<>(Option.class);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String flag = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 2) {
                flag = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            Option option = accepted(command, arg, flag);
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(flag + " needs a value (" + option.valueName() + "), but none was given");
                }
                value = args[++i];
            }
            given.put(option, value);
            switch (option) {
                case EPOCHS -> epochs = positiveInt(flag, value);
                case SAMPLES -> samples = positiveInt(flag, value);
                case DURATION -> duration = Optional.of(duration(flag, value));
                case PORT -> port = port(flag, value);
                case LINGER_SECONDS -> lingerSeconds = nonNegativeInt(flag, value);
                default -> throw new IllegalStateException("no parser for " + option);
            }
        }
        if (given.containsKey(Option.EPOCHS) && given.containsKey(Option.DURATION)) {
            throw new UsageException("--epochs and --duration exclude each other, but both were given ('"
                    + given.get(Option.EPOCHS) + "' and '" + given.get(Option.DURATION) + "')");
        }
        return new Options(epochs, samples, duration, port, lingerSeconds, false);
    }

    private Option accepted(Command command, String arg, String flag) {
        Optional<Option> option = Option.byFlag(flag);
        if (option.isPresent() && command.options().contains(option.get())) {
            return option.get();
        }
        String where = single ? "" : " for " + command.name();
        if (!arg.startsWith("-")) {
            throw new UsageException("unexpected argument '" + arg + "'" + where + " (options start with --)");
        }
        List<String> others = new ArrayList<>();
        option.ifPresent(o -> commands.stream().filter(c -> c.options().contains(o)).forEach(c -> others.add(c.name())));
        throw new UsageException("unknown option '" + flag + "'" + where
                + (others.isEmpty() ? "" : " (it is an option of " + String.join(", ", others) + ")"));
    }

    private Optional<Command> byName(String name) {
        return commands.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    private List<String> names() {
        return commands.stream().map(Command::name).toList();
    }

    private static void options(StringBuilder s, Command command, Set<Option> listedAbove) {
        Options d = command.defaults();
        for (Option o : command.options()) {
            if (listedAbove.contains(o)) {
                continue;
            }
            String dflt = switch (o) {
                case EPOCHS -> " (default " + d.epochs() + ")";
                case SAMPLES -> " (default " + d.samples() + ")";
                case DURATION -> d.duration().map(t -> " (default " + t + ")").orElse("");
                case PORT -> " (default " + d.port() + ")";
                case LINGER_SECONDS -> " (default " + d.lingerSeconds() + ")";
            };
            line(s, o.flag() + " " + o.valueName(), o.description() + dflt);
        }
    }

    private static void line(StringBuilder s, String left, String right) {
        s.append(String.format(Locale.ROOT, "  %-" + FLAG_COLUMN + "s%s%n", left, right));
    }

    private static int positiveInt(String flag, String value) {
        try {
            int v = Integer.parseInt(value);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException(flag + " must be a positive integer, but was '" + value + "'");
    }

    private static int nonNegativeInt(String flag, String value) {
        try {
            int v = Integer.parseInt(value);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException(flag + " must be an integer 0 or more, but was '" + value + "'");
    }

    private static int port(String flag, String value) {
        try {
            int v = Integer.parseInt(value);
            if (v >= 1 && v <= 65_535) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException(flag + " must be a port from 1 to 65535, but was '" + value + "'");
    }

    /** {@code 25s}, {@code 25} (seconds), {@code 1.5m}, {@code 500ms}, {@code 2h}: positive, at most about 290 years. */
    static Duration duration(String flag, String value) {
        Matcher m = DURATION.matcher(value);
        if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            double nanosPerUnit = switch (unit) {
                case "ms" -> 1e6;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                default -> 1e9;
            };
            double nanos = amount * nanosPerUnit;
            if (nanos >= 1 && nanos < Long.MAX_VALUE) {
                return Duration.ofNanos(Math.round(nanos));
            }
        }
        throw new UsageException(flag + " must be a positive time such as 25s, 90s, 1.5m or 500ms, but was '"
                + value + "'");
    }
}
