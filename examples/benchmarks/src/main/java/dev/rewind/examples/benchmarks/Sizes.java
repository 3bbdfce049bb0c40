package dev.rewind.examples.benchmarks;

/**
 * How big each scenario is. {@link #FULL} is WORKLOAD.md; {@link #QUICK} is a smoke run of a few seconds.
 *
 * @param accounts A, the number of accounts
 * @param deposits D, the deposits of W1 and W1c
 * @param repetitions how many times each measured scenario runs (the median is reported)
 * @param latencyCommands the commands of W3
 * @param warmupLatencyCommands the commands of W3's warm-up
 * @param scaleEvents the events W5 fills the store with
 * @param scaleStreams the streams W5 spreads them over
 * @param limitRows rows of L1's commit-per-row figure (batch figure: twice as many)
 * @param pubSubMessages messages of L2's PUB/SUB figure
 * @param roundTrips round trips of L2's REQ/REP figure
 * @param jacksonOps operations of L3
 * @param busAppendsPerClient appends per client thread of W4
 */
record Sizes(int accounts, int deposits, int repetitions, int latencyCommands, int warmupLatencyCommands,
        long scaleEvents, int scaleStreams, int limitRows, int pubSubMessages, int roundTrips, int jacksonOps,
        int busAppendsPerClient) {

    static final Sizes FULL = new Sizes(1_000, 100_000, 3, 2_000, 500, 10_000_000L, 100_000, 100_000, 1_000_000,
            20_000, 2_000_000, 25_000);

    /** These sizes with another number of repetitions (the runner's {@code --repetitions}). */
    Sizes withRepetitions(int count) {
        return new Sizes(accounts, deposits, count, latencyCommands, warmupLatencyCommands, scaleEvents, scaleStreams,
                limitRows, pubSubMessages, roundTrips, jacksonOps, busAppendsPerClient);
    }

    static final Sizes QUICK = new Sizes(20, 2_000, 1, 100, 50, 20_000L, 200, 2_000, 20_000, 500, 20_000, 500);
}
