package dev.rewind.eventstore.internal.append;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.spi.CommitSignal;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who writes what in the {@link AppendWriter}, with a recording stand-in for the transactions (the stores' own
 * tests run it on H2 and PostgreSQL): an append to an idle store is written by its caller; appends that come while
 * another is written wait and are written together by the writer thread.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(30)
class AppendWriterTest {

    private final RecordingTransactions transactions = new RecordingTransactions();
    private final AppendWriter writer = new AppendWriter(transactions, new CommitSignal(0), "test");

    @AfterEach
    void close() {
        transactions.release.countDown();
        writer.close();
    }

    @Test
    void an_append_to_an_idle_store_is_written_on_the_callers_thread() {
        transactions.release.countDown();

        AppendResult result = writer.append(pending("alone"));

        assertThat(result.streamId()).isEqualTo("alone");
        assertThat(transactions.groups).containsExactly(List.of("alone"));
        assertThat(transactions.threads).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void appends_made_while_one_is_written_wait_and_are_written_as_one_group_by_the_writer_thread() throws Exception {
        Thread first = new Thread(() -> writer.append(pending("first")), "first-caller");
        first.start();
        assertThat(transactions.entered.await(10, TimeUnit.SECONDS)).as("the first append is being written").isTrue();
        List<Thread> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String stream = "waiting-" + i;
            Thread caller = new Thread(() -> writer.append(pending(stream)), "caller-" + i);
            caller.start();
            waiting.add(caller);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!waiting.stream().allMatch(caller -> caller.getState() == Thread.State.WAITING)) {
            assertThat(System.nanoTime()).as("the three callers wait for their appends").isLessThan(deadline);
            Thread.yield();
        }

        transactions.release.countDown();
        first.join(10_000);
        for (Thread caller : waiting) {
            caller.join(10_000);
        }

        assertThat(transactions.groups).hasSize(2);
        assertThat(transactions.groups.get(0)).containsExactly("first");
        assertThat(transactions.groups.get(1)).containsExactlyInAnyOrder("waiting-0", "waiting-1", "waiting-2");
        assertThat(transactions.threads).containsExactly("first-caller", "rewind-writer-test");
    }

    private static PendingAppend pending(String streamId) {
        return new PendingAppend(streamId, ExpectedVersion.any(), List.of(NewEvent.of("T.v1", new byte[] {1})));
    }

    /** Accepts every append; the first group waits in {@code writeGroup} until {@link #release} opens. */
    private static final class RecordingTransactions implements AppendTransactions {

        final List<List<String>> groups = Collections.synchronizedList(new ArrayList<>());
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private long head;

        @Override
        public Group writeGroup(List<PendingAppend> group) {
            groups.add(group.stream().map(append -> append.streamId).toList());
            threads.add(Thread.currentThread().getName());
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            List<AppendResult> results = new ArrayList<>();
            for (PendingAppend append : group) {
                head++;
                results.add(new AppendResult(append.streamId, 0, 0, head, head));
            }
            return new Group(List.copyOf(group), results, List.of(), head);
        }

        @Override
        public AppendResult writeAlone(PendingAppend append) {
            throw new AssertionError("every append is accepted in its group");
        }

        @Override
        public String storeKind() {
            return "test";
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
