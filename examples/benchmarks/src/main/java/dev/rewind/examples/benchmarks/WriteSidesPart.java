package dev.rewind.examples.benchmarks;

import dev.rewind.bus.command.CommandRoutingConfig;
import dev.rewind.bus.command.RoutingCommandBus;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Many write sides and partitioned read sides on one PostgreSQL store (issue 18), each side a JVM of its own: W1c's
 * deposits through the routing command bus of 1, 2 and 3 write sides ({@link WriteSideMain}), the version conflicts
 * they met, how long partitions and commands take to move after a write side is killed (kill -9), a partitioned
 * JDBC projector's replay with 1 and 2 read sides ({@link ReadSideMain}), and PostgreSQL's commit rate beside them.
 *
 * <p>The 4 client threads run inside the write sides (thread t on write side t mod n) and send through their own
 * process's {@link RoutingCommandBus}, as an application does: with n write sides about (n-1)/n of the commands go
 * over ZeroMQ to the holder of their aggregate's partition. A driver with a routing bus of its own would join the
 * lease group and hold partitions itself; a {@code ZmqCommandGateway} to one write side would meet {@code NOT_OWNER}
 * for the partitions held elsewhere.
 */
final class WriteSidesPart {

    private static final List<String> CHILD_FLAGS = List.of("-Xmx384m");
    private static final int PARTITIONS = CommandRoutingConfig.DEFAULT_PARTITIONS;
    private static final int READ_PARTITIONS = 4;

    private final Sizes sizes;
    private final Figures figures;
    private final String postgresUrl;

    WriteSidesPart(Sizes sizes, Figures figures, String postgresUrl) {
        this.sizes = sizes;
        this.figures = figures;
        this.postgresUrl = postgresUrl;
    }

    void run(Selection only) throws Exception {
        boolean quick = sizes == Sizes.QUICK;
        if (only.wants("pgscale", "flush")) {
            figures.add("rewind_pg_flush_commits_1client", WriteSidesStore.flushRate(postgresUrl, quick ? 1 : 5),
                    "commits/s");
        }
        if (only.wants("pgscale", "w1c")) {
            for (int n = 1; n <= 3; n++) {
                deposits(n, quick ? 2_000 : 20_000);
            }
        }
        if (only.wants("pgscale", "failover")) {
            failover(quick ? 4_000 : 12_000);
        }
        if (only.wants("pgscale", "replay")) {
            replay(sizes.deposits() / 2, sizes.accounts());
        }
    }

    /**
     * W1c's clients through {@code n} write sides for {@code millis} (after a warm-up of a fifth as long): bounded
     * by time, not by D, so the part stays short on a slow database.
     */
    private void deposits(int n, long millis) throws Exception {
        int accounts = sizes.accounts();
        String suffix = n == 1 ? "1writeside" : n + "writesides";
        try (WriteSidesStore store = WriteSidesStore.fresh(postgresUrl); WriteSides sides = new WriteSides(n, store)) {
            store.log("w1c through " + n + " write side(s)");
            sides.awaitSpread();
            sides.tell(0, "OPEN " + accounts);
            sides.done(0);
            long sent = load(sides, millis / 5, accounts);
            long before = sides.conflicts;
            long begin = System.nanoTime();
            long measured = load(sides, millis, accounts);
            long elapsed = System.nanoTime() - begin;
            sent += measured;
            if (store.events() != accounts + sent) {
                throw new IllegalStateException("The write sides acknowledged " + (accounts + sent)
                        + " commands, but the store holds " + store.events() + " events");
            }
            figures.add("rewind_pg_route_w1c_deposits_4clients_" + suffix,
                    CommandScenarios.perSecond(measured, elapsed), "cmd/s");
            figures.add("rewind_pg_route_w1c_conflicts_" + suffix, sides.conflicts - before, "conflicts");
            store.log("w1c through " + n + " write side(s) done");
        }
    }

    /** W1c's clients sending for {@code millis}, thread t on write side t mod n; the commands they completed. */
    private static long load(WriteSides sides, long millis, int accounts) {
        for (int side = 0; side < sides.size(); side++) {
            sides.tell(side, "LOAD " + millis + " " + accounts + " " + sides.threadsOf(side));
        }
        long commands = 0;
        for (int side = 0; side < sides.size(); side++) {
            List<String> lines = sides.linesUntilDone(side);
            commands += Long.parseLong(lines.get(lines.size() - 1).split(" ")[1]);
        }
        return commands;
    }

    /**
     * Three write sides, the clients on the first two; the third is killed (SIGKILL) a third into the load. Figures:
     * from the kill until every partition has a live holder again, and until the last command held up by the kill
     * has completed.
     */
    private void failover(long millis) throws Exception {
        int accounts = sizes.accounts();
        try (WriteSidesStore store = WriteSidesStore.fresh(postgresUrl); WriteSides sides = new WriteSides(3, store)) {
            store.log("failover");
            sides.awaitSpread();
            sides.tell(0, "OPEN " + accounts);
            sides.done(0);
            long before = sides.conflicts;
            sides.tell(0, "LOAD " + millis + " " + accounts + " 0,1");
            sides.tell(1, "LOAD " + millis + " " + accounts + " 2,3");
            Thread.sleep(millis / 3);
            long killed = System.currentTimeMillis();
            sides.kill(2);
            long moved = store.awaitHolders(List.of(sides.member(0), sides.member(1)), 1);
            figures.add("rewind_pg_route_failover_partitions_moved", moved - killed, "ms");
            long lastSlow = killed;
            long commands = 0;
            for (int side = 0; side < 2; side++) {
                for (String line : sides.linesUntilDone(side)) {
                    String[] words = line.split(" ");
                    if (words[0].equals("SLOW") && Long.parseLong(words[1]) > killed) {
                        lastSlow = Math.max(lastSlow, Long.parseLong(words[1]));
                    } else if (words[0].equals("DONE")) {
                        commands += Long.parseLong(words[1]);
                    }
                }
            }
            figures.add("rewind_pg_route_failover_commands_flow_again", lastSlow - killed, "ms");
            figures.add("rewind_pg_route_failover_load", commands * 1000.0 / millis, "cmd/s");
            figures.add("rewind_pg_route_failover_conflicts", sides.conflicts - before, "conflicts");
        }
    }

    /**
     * Fills a store with {@code events} deposits (D/2: 50,000 over 1,000 streams; a JDBC projector on this machine
     * replays a few thousand a second), then replays them with 1, then 2 read sides.
     */
    private void replay(int events, int streams) throws Exception {
        try (WriteSidesStore store = WriteSidesStore.fresh(postgresUrl)) {
            long head = store.fill(events, streams);
            for (int readers = 1; readers <= 2; readers++) {
                String name = "replay" + readers;
                store.log("replay with " + readers + " read side(s)");
                List<ChildJvm> sides = new ArrayList<>();
                try {
                    for (int i = 0; i < readers; i++) {
                        sides.add(ChildJvm.start(CHILD_FLAGS, ReadSideMain.class.getName(),
                                List.of(store.url(), name, Integer.toString(READ_PARTITIONS))));
                    }
                    sides.forEach(side -> side.awaitLine("READY"));
                    long begin = System.nanoTime();
                    sides.forEach(side -> side.tell("GO"));
                    store.awaitCheckpoints(name, READ_PARTITIONS, head);
                    long elapsed = System.nanoTime() - begin;
                    store.checkBalances(name, streams, (long) events / streams * 100);
                    figures.add("rewind_pg_replay_partitioned" + READ_PARTITIONS + "_" + readers
                            + (readers == 1 ? "readside" : "readsides"), CommandScenarios.perSecond(events, elapsed),
                            "events/s");
                } finally {
                    for (ChildJvm side : sides) {
                        side.tell("EXIT");
                        side.close();
                    }
                }
            }
        }
    }

    /** The write-side JVMs of one scenario, each on its own command port, with their lease member ids. */
    private static final class WriteSides implements AutoCloseable {

        private final WriteSidesStore store;
        private final List<ChildJvm> jvms = new ArrayList<>();
        private final List<String> members = new ArrayList<>();
        private final Map<Integer, Boolean> dead = new HashMap<>();
        private final Map<Integer, Long> lastConflicts = new HashMap<>();
        private long conflicts;

        WriteSides(int n, WriteSidesStore store) {
            this.store = store;
            try {
                for (int i = 0; i < n; i++) {
                    jvms.add(ChildJvm.start(CHILD_FLAGS, WriteSideMain.class.getName(),
                            List.of(store.url(), Integer.toString(ChildJvm.freePort()))));
                }
                for (ChildJvm jvm : jvms) {
                    members.add(jvm.awaitLine("READY ").substring("READY ".length()));
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        int size() {
            return jvms.size();
        }

        String member(int side) {
            return members.get(side);
        }

        /** The W1c client threads (of 4) on this write side, comma-separated. */
        String threadsOf(int side) {
            List<String> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                if (t % jvms.size() == side) {
                    threads.add(Integer.toString(t));
                }
            }
            return String.join(",", threads);
        }

        void awaitSpread() throws SQLException {
            store.awaitHolders(members, PARTITIONS / members.size());
        }

        void tell(int side, String line) {
            jvms.get(side).tell(line);
        }

        /** Waits for a write side's DONE; adds the conflicts it counted since its last DONE. */
        void done(int side) {
            linesUntilDone(side);
        }

        List<String> linesUntilDone(int side) {
            List<String> lines = jvms.get(side).linesUntil("DONE ");
            String[] done = lines.get(lines.size() - 1).split(" ");
            conflicts += Long.parseLong(done[2]) - lastConflicts.getOrDefault(side, 0L);
            lastConflicts.put(side, Long.parseLong(done[2]));
            return lines;
        }

        void kill(int side) throws InterruptedException {
            jvms.get(side).kill();
            dead.put(side, true);
        }

        @Override
        public void close() {
            for (int side = 0; side < jvms.size(); side++) {
                try {
                    if (!dead.containsKey(side)) {
                        jvms.get(side).tell("EXIT");
                    }
                } catch (RuntimeException e) {
                    System.err.println("Write side " + side + " had ended already: " + e.getMessage());
                }
                jvms.get(side).close();
            }
        }
    }
}
