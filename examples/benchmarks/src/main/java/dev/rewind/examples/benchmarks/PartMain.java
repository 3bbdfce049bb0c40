package dev.rewind.examples.benchmarks;

/**
 * Runs one part of the benchmark in this JVM (the runner starts one JVM per part) and prints its figures on stdout as
 * {@code FIGURE name value unit}; anything else it prints is a log line.
 */
public final class PartMain {

    private PartMain() {
    }

    /**
     * Arguments: the part ({@code mem}, {@code jdbc}, {@code process}, {@code pg}, {@code limits}, {@code w4},
     * {@code w5}, {@code pgscale}), {@code quick} or {@code full}, and --only. The {@code pg} and {@code pgscale}
     * parts read the PostgreSQL URL from the system property {@value BenchmarkMain#STORE_PROPERTY}.
     */
    public static void main(String[] args) throws Exception {
        String part = args[0];
        Sizes sizes = args[1].equals("quick") ? Sizes.QUICK : Sizes.FULL;
        String repetitions = System.getProperty(BenchmarkMain.REPETITIONS_PROPERTY);
        if (repetitions != null) {
            sizes = sizes.withRepetitions(Integer.parseInt(repetitions));
        }
        Selection only = new Selection(args.length > 2 ? args[2] : null);
        Figures figures = new Figures();
        switch (part) {
            case "mem", "jdbc", "process" -> new WorkloadPart(part, null, sizes, figures).run(only);
            case "pg" -> new WorkloadPart(part, System.getProperty(BenchmarkMain.STORE_PROPERTY), sizes, figures)
                    .run(only);
            case "limits" -> PhysicalLimits.run(sizes, figures, only);
            case "w5" -> new ScalePart(sizes, figures).run();
            case "pgscale" -> new WriteSidesPart(sizes, figures, System.getProperty(BenchmarkMain.STORE_PROPERTY))
                    .run(only);
            case "w4" -> new BusPart(sizes, figures, java.lang.management.ManagementFactory.getRuntimeMXBean()
                    .getInputArguments().stream().filter(flag -> flag.startsWith("-X")).toList(),
                    System.getProperty(BenchmarkMain.STORE_PROPERTY)).run(only);
            default -> throw new IllegalArgumentException("Unknown benchmark part '" + part + "'");
        }
        for (String line : figures.lines()) {
            System.out.println("FIGURE " + line);
        }
        System.out.flush();
        System.exit(0);
    }
}
