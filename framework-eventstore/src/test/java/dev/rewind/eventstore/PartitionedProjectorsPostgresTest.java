package dev.rewind.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.Rewind;
import dev.rewind.core.command.CommandResult;
import dev.rewind.core.context.BoundedContext;
import dev.rewind.core.context.ContextBuilder;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.internal.process.StoreDeadlines;
import dev.rewind.core.process.ProcessManager;
import dev.rewind.core.projection.PartitionStatus;
import dev.rewind.core.projection.ProjectionStatus;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.eventstore.readmodel.JdbcProjector;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two runtimes in one JVM, each on its own pool with its own PostgreSQL partition leases, share a partitioned JDBC
 * projector, a partitioned process manager and the deadlines of one schema; then one closes and the other takes over.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(120)
class PartitionedProjectorsPostgresTest {

    record Noted(String stream, int n) {
    }

    record Ping(String id) {
    }

    record Due(String id) {
    }

    record Pong(String id) {
    }

    static final EventTypes EVENTS = EventTypes.of(Map.of("Noted.v1", Noted.class, "Ping.v1", Ping.class,
            "Due.v1", Due.class));

    /** Notes in four partitions; the primary key refuses a note applied twice, {@code seq} shows the order. */
    static class NotesProjector extends JdbcProjector {
        NotesProjector(DataSource dataSource) {
            this("notes", dataSource);
        }

        NotesProjector(String table, DataSource dataSource) {
            super(table, dataSource);
            partitioned(4);
            ownsTable(table, "CREATE TABLE " + table + " (stream VARCHAR(100) NOT NULL, n INTEGER NOT NULL,"
                    + " seq INTEGER NOT NULL, PRIMARY KEY (stream, n))");
            onSql(Noted.class, (e, sql) -> sql.update("INSERT INTO " + table + " (stream, n, seq) SELECT ?, ?,"
                    + " count(*) FROM " + table + " WHERE stream = ?", e.stream(), e.n(), e.stream()));
        }
    }

    /** The replacement a rebuild of {@code notes} replays into. */
    static final class NotesV2 extends NotesProjector {
        NotesV2(DataSource dataSource) {
            super("notes_v2", dataSource);
        }
    }

    /** Answers each ping with a pong and a deadline, and each deadline with another pong. */
    static final class Pinger extends ProcessManager {
        Pinger() {
            super("pinger");
            partitioned(2);
            when(Ping.class, (e, react) -> {
                react.schedule("due-" + e.id(), DUE_AFTER, new Due(e.id()));
                react.send(new Pong(e.id()));
            });
            when(Due.class, (e, react) -> react.send(new Pong("due-" + e.id())));
        }
    }

    private static final Duration DUE_AFTER = Duration.ofSeconds(4);
    private static final Duration WAIT = Duration.ofSeconds(40);

    @RegisterExtension
    final FreshSchema schema = new FreshSchema();

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final Map<String, AtomicInteger> pongs = new ConcurrentHashMap<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    @Test
    void two_runtimes_share_a_partitioned_projector_once_in_order_and_one_takes_over_when_the_other_closes()
            throws Exception {
        // given
        EventStoreBackend one = backend();
        EventStoreBackend two = backend();
        Rewind first = runtime(one, context(true, false));
        Rewind second = runtime(two, context(true, false));
        await(() -> holders(second, "notes").size() == 2 && holders(first, "notes").size() == 2
                && !holders(second, "notes").contains(""), "the four partitions shared two and two");
        // when
        long half = appendNotes(one, 40, 5);
        // then
        await(() -> first.projections().awaitPosition(half, Duration.ZERO)
                && second.projections().awaitPosition(half, Duration.ZERO), "both at " + half);
        assertThat(noteCount(one)).isEqualTo(200);
        ProjectionStatus status = second.projections().status("notes");
        assertThat(status.partitions()).extracting(PartitionStatus::position).containsOnly(half);
        assertThat(status.partitions()).extracting(PartitionStatus::lag).containsOnly(0L);
        // when: the first closes, handing its partitions over
        first.close();
        long last = appendNotes(one, 40, 5);
        // then
        await(() -> holders(second, "notes").equals(Set.of(two.partitionLeases().memberId())),
                "the second holding every partition");
        assertThat(second.projections().awaitPosition(last, WAIT)).isTrue();
        assertThat(readModel(one)).isEqualTo(replay(one));
        assertThat(second.projections().status("notes").partitions()).extracting(PartitionStatus::position)
                .containsOnly(last);
    }

    @Test
    void a_partitioned_projector_held_entirely_here_is_rebuilt_into_a_replacement_partitioned_alike()
            throws Exception {
        // given
        EventStoreBackend one = backend();
        Rewind only = runtime(one, context(true, false));
        long last = appendNotes(one, 20, 3);
        assertThat(only.projections().awaitPosition(last, WAIT)).isTrue();
        // when
        ProjectionStatus switched = only.projections().rebuild("notes", new NotesV2(one.dataSource().orElseThrow()))
                .switched().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        // then
        assertThat(switched.servedBy()).isEqualTo("notes_v2");
        assertThat(readModel(one, "notes_v2")).isEqualTo(replay(one));
        assertThat(switched.partitions()).extracting(PartitionStatus::holder)
                .containsOnly(one.partitionLeases().memberId());
        for (int p = 0; p < 4; p++) {
            assertThat(one.checkpoints().load("notes_v2#" + p)).isGreaterThanOrEqualTo(last);
        }
    }

    @Test
    void a_process_manager_on_two_runtimes_reacts_once_and_a_deadline_due_while_its_holder_is_gone_fires_once()
            throws Exception {
        // given: both share the process manager's partitions; the deadlines go to the lower member id
        EventStoreBackend one = backend();
        EventStoreBackend two = backend();
        Rewind first = runtime(one, context(false, true));
        Rewind second = runtime(two, context(false, true));
        boolean firstHolds = one.partitionLeases().memberId().compareTo(two.partitionLeases().memberId()) < 0;
        EventStoreBackend holder = firstHolds ? one : two;
        EventStoreBackend other = firstHolds ? two : one;
        Rewind survivor = firstHolds ? second : first;
        await(() -> holder.partitionLeases().memberId().equals(leaseHolder(one, StoreDeadlines.GROUP)),
                "the deadlines held by the lower member id");
        await(() -> holders(second, "pinger").size() == 2 && !holders(second, "pinger").contains(""),
                "the process manager's partitions shared");
        // when: pings, then the holder of the deadlines goes before they are due
        for (int i = 0; i < 10; i++) {
            one.store().append("ping-" + i, ExpectedVersion.any(), List.of(json("Ping.v1", "{\"id\":\"" + i
                    + "\"}")));
        }
        await(() -> pongs.size() == 10, "a pong for every ping");
        long scheduledAt = System.nanoTime();
        (firstHolds ? first : second).close();
        assertThat(System.nanoTime() - scheduledAt).as("closed before the deadlines were due")
                .isLessThan(DUE_AFTER.toNanos());
        // then
        await(() -> pongs.size() == 20, "a pong for every deadline, from the other runtime");
        assertThat(leaseHolder(other, StoreDeadlines.GROUP)).isEqualTo(other.partitionLeases().memberId());
        for (int i = 0; i < 10; i++) {
            assertThat(other.store().readStream("deadline-due-" + i)).as("deadline %d", i).hasSize(2);
        }
        assertThat(pongs.values()).extracting(AtomicInteger::get).containsOnly(1);
        assertThat(survivor.projections().awaitPosition(other.store().headPosition(), WAIT)).isTrue();
        assertThat(pongs.values()).extracting(AtomicInteger::get).as("nothing sent twice after").containsOnly(1);
    }

    private EventStoreBackend backend() {
        EventStoreBackend backend = EventStores.openBackend(schema.config());
        opened.add(0, backend);
        return backend;
    }

    private Rewind runtime(EventStoreBackend backend, BoundedContext context) {
        Rewind rewind = backend.runtime().partitionLeases(backend.partitionLeases()).context(context).build();
        opened.add(0, rewind);
        return rewind.start();
    }

    private BoundedContext context(boolean notes, boolean pinger) {
        ContextBuilder context = new ContextBuilder("partitions").events(EVENTS);
        if (notes) {
            context.projector(NotesProjector.class);
        }
        if (pinger) {
            context.handle(Pong.class, (command, message) -> {
                pongs.computeIfAbsent(command.id(), id -> new AtomicInteger()).incrementAndGet();
                return new CommandResult("pong-" + command.id(), 0, 0, 0);
            });
            context.processManager(new Pinger());
        }
        return context.build();
    }

    /** The members holding the projector's partitions, as its status shows them ("" for none). */
    private static Set<String> holders(Rewind rewind, String projector) {
        return rewind.projections().status(projector).partitions().stream().map(PartitionStatus::holder)
                .collect(Collectors.toSet());
    }

    /** Appends {@code rounds} notes to each of {@code streams} streams; returns the last position. */
    private static long appendNotes(EventStoreBackend backend, int streams, int rounds) {
        long last = 0;
        for (int round = 0; round < rounds; round++) {
            for (int s = 0; s < streams; s++) {
                String stream = "note-" + s;
                int n = backend.store().readStream(stream).size();
                last = backend.store().append(stream, ExpectedVersion.any(), List.of(json("Noted.v1",
                        "{\"stream\":\"" + stream + "\",\"n\":" + n + "}"))).lastPosition();
            }
        }
        return last;
    }

    private static NewEvent json(String type, String json) {
        return NewEvent.of(type, json.getBytes(UTF_8));
    }

    private static int noteCount(EventStoreBackend backend) throws SQLException {
        return readModel(backend).values().stream().mapToInt(List::size).sum();
    }

    /** Each stream's notes, by {@code seq} (the order they were applied in). */
    private static Map<String, List<Integer>> readModel(EventStoreBackend backend) throws SQLException {
        return readModel(backend, "notes");
    }

    private static Map<String, List<Integer>> readModel(EventStoreBackend backend, String table)
            throws SQLException {
        Map<String, List<Integer>> notes = new TreeMap<>();
        try (Connection connection = backend.dataSource().orElseThrow().getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT stream, n FROM " + table
                        + " ORDER BY stream, seq");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                notes.computeIfAbsent(rows.getString(1), s -> new ArrayList<>()).add(rows.getInt(2));
            }
        }
        return notes;
    }

    /** What a fresh replay of the log gives: each stream's notes in log order. */
    private static Map<String, List<Integer>> replay(EventStoreBackend backend) {
        Map<String, List<Integer>> notes = new TreeMap<>();
        for (RecordedEvent event : backend.store().readAll(1, Integer.MAX_VALUE)) {
            if (event.type().equals("Noted.v1")) {
                String data = new String(event.data(), UTF_8);
                int n = Integer.parseInt(data.substring(data.lastIndexOf(':') + 1, data.length() - 1));
                notes.computeIfAbsent(event.streamId(), s -> new ArrayList<>()).add(n);
            }
        }
        return notes;
    }

    private static String leaseHolder(EventStoreBackend backend, String group) {
        try (Connection connection = backend.dataSource().orElseThrow().getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT holder FROM rewind_leases"
                        + " WHERE lease_group = ? AND expires_at > clock_timestamp()")) {
            query.setString(1, group);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : "";
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for a condition with a deadline, looking again every few milliseconds. */
    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + WAIT + " waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
