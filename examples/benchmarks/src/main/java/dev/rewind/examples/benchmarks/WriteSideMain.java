package dev.rewind.examples.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.bus.command.CommandRoutingConfig;
import dev.rewind.bus.command.RoutingCommandBus;
import dev.rewind.core.Rewind;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.core.serialization.JacksonEventSerializer;
import dev.rewind.eventstore.EventStoreBackend;
import dev.rewind.eventstore.EventStores;
import dev.rewind.examples.benchmarks.BankWorkload.Deposit;
import dev.rewind.examples.benchmarks.BankWorkload.OpenAccount;
import dev.rewind.examples.benchmarks.BankWorkload.Withdraw;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One write side of {@link WriteSidesPart}, in a JVM of its own: a Rewind runtime on the PostgreSQL store with the
 * store's partition leases and a {@link RoutingCommandBus} on {@code tcp://127.0.0.1:<port>}. Prints
 * {@code READY <member id>}, then obeys lines on stdin: {@code OPEN <accounts>} opens the accounts,
 * {@code LOAD <millis> <accounts> <threads>} runs the W1c client threads named (comma-separated, of 4) for that long
 * and prints {@code SLOW <epoch ms at the end> <ms>} for each command slower than {@value #SLOW_MILLIS} ms, and
 * {@code EXIT}. {@code OPEN} and {@code LOAD} answer {@code DONE <nanos or commands> <conflicts so far>}: the
 * {@code rewind.command.conflicts} counter of this process.
 */
public final class WriteSideMain {

    static final EventTypes COMMANDS = EventTypes.builder().add("OpenAccount", OpenAccount.class)
            .add("Deposit", Deposit.class).add("Withdraw", Withdraw.class).build();
    private static final long SLOW_MILLIS = 250;

    private WriteSideMain() {
    }

    /** Arguments: the PostgreSQL URL (with its schema) and the command port. */
    public static void main(String[] args) throws Exception {
        Metrics.addRegistry(new SimpleMeterRegistry());
        try (EventStoreBackend backend = EventStores.openBackend(args[0]);
                Rewind rewind = backend.runtime().partitionLeases(backend.partitionLeases())
                        .context(BankWorkload.context()).build().start();
                RoutingCommandBus commands = RoutingCommandBus.create(rewind, COMMANDS,
                        JacksonEventSerializer.defaultMapper(), CommandRoutingConfig.bind("tcp://127.0.0.1:"
                                + args[1])).start()) {
            System.out.println("READY " + rewind.partitionLeases().memberId());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("EXIT"); line = in.readLine()) {
                String[] words = line.split(" ");
                long result = switch (words[0]) {
                    case "OPEN" -> open(commands, Integer.parseInt(words[1]));
                    case "LOAD" -> load(commands, Long.parseLong(words[1]), Integer.parseInt(words[2]),
                            threads(words[3]));
                    default -> throw new IllegalArgumentException("Unknown order '" + line + "'");
                };
                System.out.println("DONE " + result + " " + conflicts());
            }
        }
        System.exit(0);
    }

    private static int[] threads(String list) {
        return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static long conflicts() {
        return Math.round(Metrics.globalRegistry.find("rewind.command.conflicts").counters().stream()
                .mapToDouble(Counter::count).sum());
    }

    private static long open(RoutingCommandBus commands, int accounts) {
        long start = System.nanoTime();
        CommandScenarios.setup(commands, accounts);
        return System.nanoTime() - start;
    }

    /**
     * W1c's client threads {@code threads} (of 4), each sending deposits to its own accounts ({@code (k % A) % 4 ==
     * t}) in turn for {@code millis}, telling each slow command; the number of commands completed.
     */
    private static long load(RoutingCommandBus commands, long millis, int accounts, int[] threads)
            throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        long[] sent = new long[4];
        inThreads(threads, thread -> {
            for (int k = thread; System.currentTimeMillis() < end; k += 4) {
                long begin = System.currentTimeMillis();
                commands.send(new Deposit(BankWorkload.accountId(k % accounts), 100));
                long now = System.currentTimeMillis();
                if (now - begin > SLOW_MILLIS) {
                    System.out.println("SLOW " + now + " " + (now - begin));
                }
                sent[thread]++;
            }
        });
        return Arrays.stream(sent).sum();
    }

    @FunctionalInterface
    private interface Client {
        void run(int thread);
    }

    private static long inThreads(int[] threads, Client client) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> started = new ArrayList<>();
        long begin = System.nanoTime();
        for (int thread : threads) {
            Thread t = new Thread(() -> {
                try {
                    client.run(thread);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "write-side-client-" + thread);
            t.start();
            started.add(t);
        }
        for (Thread thread : started) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("A write-side client failed", failure.get());
        }
        return System.nanoTime() - begin;
    }
}
