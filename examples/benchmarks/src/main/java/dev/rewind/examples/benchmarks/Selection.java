package dev.rewind.examples.benchmarks;

/**
 * Which scenarios to run: all, or those named by {@code --only}: a part ({@code mem}, {@code jdbc}, {@code process},
 * {@code limits}, {@code w4}, {@code w5}) or one scenario of a store ({@code jdbc_w1}, {@code mem_w2},
 * {@code jdbc_w1c16}...).
 *
 * @param only the {@code --only} value, or null for everything
 */
record Selection(String only) {

    static final Selection ALL = new Selection(null);

    boolean wantsPart(String part) {
        return only == null || only.equals(part) || only.startsWith(part + "_");
    }

    boolean wants(String part, String scenario) {
        return only == null || only.equals(part) || only.equals(part + "_" + scenario);
    }
}
