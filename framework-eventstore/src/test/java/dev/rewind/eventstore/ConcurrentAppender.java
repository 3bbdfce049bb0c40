package dev.rewind.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.WrongExpectedVersionException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A child process of {@link PostgresProcessesTest}: opens the store its first argument names, prints {@code READY},
 * waits for {@code GO} on stdin, then appends from {@value #THREADS} threads, each {@code appends} times: to a stream
 * of its own with the exact expected version, and every third time to one of the streams all processes share, with
 * the version it last read (re-reading and retrying on a conflict). Prints one line per acknowledged event,
 * {@code ACK <position> <eventId> <streamId> <version>}, and {@code DONE <conflicts>} after closing the store.
 */
public final class ConcurrentAppender {

    static final int THREADS = 3;
    static final int SHARED_STREAMS = 3;

    private ConcurrentAppender() {
    }

    /** Arguments: the store configuration, this process's name, the appends per thread. */
    public static void main(String[] args) throws Exception {
        String name = args[1];
        int appends = Integer.parseInt(args[2]);
        PrintStream out = System.out;
        int[] conflicts = new int[THREADS];
        Throwable[] failures = new Throwable[THREADS];
        try (EventStore store = EventStores.open(args[0])) {
            out.println("READY");
            out.flush();
            String go = new BufferedReader(new InputStreamReader(System.in, UTF_8)).readLine();
            if (!"GO".equals(go)) {
                throw new IllegalStateException("Expected GO on stdin, got " + go);
            }
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                threads.add(new Thread(() -> {
                    try {
                        conflicts[thread] = append(store, name + "-t" + thread, appends, out);
                    } catch (Throwable e) {
                        failures[thread] = e;
                    }
                }, name + "-appender-" + t));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
        }
        for (Throwable failure : failures) {
            if (failure != null) {
                failure.printStackTrace();
                System.exit(1);
            }
        }
        out.println("DONE " + Arrays.stream(conflicts).sum());
        out.flush();
    }

    /** Appends {@code appends} times; returns how many conflicts on the shared streams it retried. */
    private static int append(EventStore store, String writer, int appends, PrintStream out) {
        long own = ExpectedVersion.NO_STREAM;
        long[] shared = new long[SHARED_STREAMS];
        Arrays.fill(shared, ExpectedVersion.NO_STREAM);
        int conflicts = 0;
        for (int i = 0; i < appends; i++) {
            List<NewEvent> events = events(writer, i, 1 + i % 3);
            if (i % 3 == 2) {
                int s = i / 3 % SHARED_STREAMS;
                String stream = "shared-" + s;
                while (true) {
                    // the version as last read: what others appended since then makes the append conflict
                    shared[s] += store.readStream(stream, shared[s] + 1, Integer.MAX_VALUE).size();
                    try {
                        AppendResult result = store.append(stream, ExpectedVersion.exactly(shared[s]), events);
                        shared[s] = result.lastVersion();
                        print(out, stream, events, result);
                        break;
                    } catch (WrongExpectedVersionException e) {
                        conflicts++;
                    }
                }
            } else {
                AppendResult result = store.append(writer, ExpectedVersion.exactly(own), events);
                own = result.lastVersion();
                print(out, writer, events, result);
            }
        }
        return conflicts;
    }

    private static List<NewEvent> events(String writer, int append, int count) {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(NewEvent.of("Appended.v1", ("{\"w\":\"" + writer + "\",\"a\":" + append + ",\"i\":" + i + "}")
                    .getBytes(UTF_8)));
        }
        return events;
    }

    private static void print(PrintStream out, String stream, List<NewEvent> events, AppendResult result) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < events.size(); i++) {
            lines.append("ACK ").append(result.firstPosition() + i).append(' ').append(events.get(i).eventId())
                    .append(' ').append(stream).append(' ').append(result.firstVersion() + i).append('\n');
        }
        synchronized (out) {
            out.print(lines);
            out.flush();
        }
    }
}
