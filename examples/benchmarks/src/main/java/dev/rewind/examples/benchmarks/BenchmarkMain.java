package dev.rewind.examples.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The benchmark runner: {@code java -jar benchmarks.jar [--quick] [--only <names>] [--store <postgres url>]
 * [--results <file>]}. Runs every part of docs/benchmark-workload.md in its own JVM (flags
 * {@code -Xms4g -Xmx4g -XX:+AlwaysPreTouch}; smaller for {@code --quick}), and prints one {@code name value unit}
 * line per figure on stdout and into the results file. The {@code pg} part (the PostgreSQL store, and the
 * database's own rates) and the {@code pgscale} part (many write and read sides on it) run only with
 * {@code --store}. {@code --only} takes parts or scenarios, separated by commas.
 */
public final class BenchmarkMain {

    static final List<String> PARTS = List.copyOf(Selection.SCENARIOS.keySet());
    /** The system property that hands the PostgreSQL URL of {@code --store} to the part's JVM. */
    static final String STORE_PROPERTY = "rewind.benchmarks.store";
    /** The system property that hands {@code --repetitions} to the part's JVM. */
    static final String REPETITIONS_PROPERTY = "rewind.benchmarks.repetitions";

    private BenchmarkMain() {
    }

    /** Runs the benchmark; exits 2 on a bad option, 1 if a part fails. */
    public static void main(String[] args) throws Exception {
        boolean quick = false;
        String only = null;
        String store = null;
        String repetitions = null;
        Path results = Path.of("results.txt");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--only" -> only = value(args, ++i, "--only");
                case "--store" -> store = value(args, ++i, "--store");
                case "--repetitions" -> repetitions = value(args, ++i, "--repetitions");
                case "--results" -> results = Path.of(value(args, ++i, "--results"));
                case "--help" -> {
                    System.out.println("usage: java -jar benchmarks.jar [--quick] [--only <part or scenario>[,...]]"
                            + " [--store jdbc:postgresql://host:5432/db?user=name] [--repetitions n] [--results <file>]"
                            + "\n  parts: "
                            + PARTS + " (pg, pgscale only with --store); scenarios e.g. jdbc_w1, mem_w2, pg_l4,"
                            + " limits_l1");
                    return;
                }
                default -> usageError("unknown option '" + args[i] + "'");
            }
        }
        if (only != null) {
            Optional<String> problem = Selection.problem(only);
            if (problem.isPresent()) {
                usageError(problem.get());
            }
        }
        if (repetitions != null && !repetitions.matches("[1-9][0-9]{0,2}")) {
            usageError("--repetitions takes a number from 1 to 999, got '" + repetitions + "'");
        }
        if (store != null && !store.startsWith("jdbc:postgresql://")) {
            usageError("--store takes a PostgreSQL JDBC URL such as"
                    + " jdbc:postgresql://127.0.0.1:5432/test?user=postgres, got '" + store + "'");
        }
        Selection selection = new Selection(only);
        if (store == null && selection.namesPostgres()) {
            usageError("--only '" + only + "' names the PostgreSQL part: add"
                    + " --store jdbc:postgresql://host:5432/db?user=name");
        }
        List<String> lines = new ArrayList<>();
        for (String part : PARTS) {
            if (!selection.wantsPart(part)) {
                continue;
            }
            if ((part.equals("pg") || part.equals("pgscale")) && store == null) {
                System.err.println("Skipping part '" + part + "': it measures PostgreSQL, name a database with"
                        + " --store");
                continue;
            }
            lines.addAll(runPart(part, quick, only, store, repetitions));
        }
        Files.write(results, lines, StandardCharsets.UTF_8);
        System.err.println("Figures written to " + results.toAbsolutePath());
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            usageError(option + " needs a value");
        }
        return args[index];
    }

    private static void usageError(String message) {
        System.err.println("benchmarks: " + message + " (see --help)");
        System.exit(2);
    }

    private static List<String> runPart(String part, boolean quick, String only, String store, String repetitions)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (quick) {
            command.add("-Xmx512m");
        } else {
            command.addAll(List.of("-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"));
        }
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        if (store != null) {
            command.add("-D" + STORE_PROPERTY + "=" + store);
        }
        if (repetitions != null) {
            command.add("-D" + REPETITIONS_PROPERTY + "=" + repetitions);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PartMain.class.getName(), part,
                quick ? "quick" : "full"));
        if (only != null) {
            command.add(only);
        }
        System.err.println("Running part '" + part + "': " + String.join(" ", command));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> figures = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("FIGURE ")) {
                    String figure = line.substring("FIGURE ".length());
                    System.out.println(figure);
                    figures.add(figure);
                } else {
                    System.err.println(line);
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0) {
            System.err.println("benchmarks: part '" + part + "' failed with exit code " + exit);
            System.exit(1);
        }
        return figures;
    }
}
