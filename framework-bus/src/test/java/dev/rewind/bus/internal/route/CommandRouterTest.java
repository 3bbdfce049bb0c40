package dev.rewind.bus.internal.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.bus.CommandErrorCode;
import dev.rewind.bus.RemoteCommandException;
import dev.rewind.bus.command.OwnerUnavailableException;
import dev.rewind.core.command.CommandBus;
import dev.rewind.core.command.CommandMessage;
import dev.rewind.core.command.CommandResult;
import dev.rewind.core.spi.PartitionLeases.PartitionLease;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The routing decisions, with fake peers: each answers from a script and records what it got. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(10)
class CommandRouterTest {

    record Touch(String stream) {
    }

    private static final int PARTITIONS = 4;
    private final Partitioning partitioning = new Partitioning(
            command -> command instanceof Touch touch ? Optional.of(touch.stream()) : Optional.empty(), PARTITIONS);
    private final HeldPartitions held = new HeldPartitions(PARTITIONS);
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Map<Integer, PartitionLease> holders = new ConcurrentHashMap<>();
    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    private final List<String> dropped = new CopyOnWriteArrayList<>();
    private final CommandRouter router = new CommandRouter(partitioning, held, new Peer("local"), () -> holders,
            "me", new Peers() {
                @Override
                public CommandBus at(String address) {
                    return peers.computeIfAbsent(address, Peer::new);
                }

                @Override
                public void drop(String address, CommandBus peer) {
                    dropped.add(address);
                }
            }, Duration.ofMillis(300));

    /** A bus that answers the scripted failures first, then a result; it logs "name commandId". */
    private final class Peer implements CommandBus {
        private final String name;
        private final Deque<Function<CommandMessage, RuntimeException>> script = new ArrayDeque<>();

        Peer(String name) {
            this.name = name;
        }

        @Override
        public CommandResult send(Object command) {
            return send(CommandMessage.of(command));
        }

        @Override
        public synchronized CommandResult send(CommandMessage message) {
            log.add(name + " " + message.commandId());
            Function<CommandMessage, RuntimeException> next = script.poll();
            if (next != null) {
                throw next.apply(message);
            }
            return new CommandResult(name, 0, 1, 1);
        }

        @Override
        public CompletableFuture<CommandResult> sendAsync(Object command) {
            throw new UnsupportedOperationException();
        }
    }

    private static String streamIn(int partition) {
        for (int i = 0; ; i++) {
            if (new Partitioning(s -> Optional.empty(), PARTITIONS).partitionOf("s-" + i) == partition) {
                return "s-" + i;
            }
        }
    }

    private void holds(int partition, String member, String address) {
        holders.put(partition, new PartitionLease("aggregates", partition, member, address, 1));
    }

    private Peer peer(String address) {
        return peers.computeIfAbsent(address, Peer::new);
    }

    private static RuntimeException answer(CommandErrorCode code) {
        return new RemoteCommandException(code, "", "scripted " + code);
    }

    @Nested
    class WhenTheHolderIsKnown {

        @Test
        void a_held_partition_runs_here() throws InterruptedException {
            // given
            held.update(Set.of(1), Duration.ZERO);
            // when
            CommandResult result = router.send(CommandMessage.of(new Touch(streamIn(1))));
            // then
            assertThat(result.streamId()).isEqualTo("local");
            assertThat(peers).isEmpty();
        }

        @Test
        void a_partition_held_elsewhere_goes_to_its_holders_address() {
            // given
            holds(2, "other", "tcp://other");
            CommandMessage message = CommandMessage.of(new Touch(streamIn(2)));
            // when
            CommandResult result = router.send(message);
            // then
            assertThat(result.streamId()).isEqualTo("tcp://other");
            assertThat(log).containsExactly("tcp://other " + message.commandId());
        }

        @Test
        void a_command_without_an_aggregate_runs_here() {
            // when
            CommandResult result = router.send(CommandMessage.of("plain"));
            // then
            assertThat(result.streamId()).isEqualTo("local");
        }

        @Test
        void a_refusal_or_conflict_is_the_commands_answer_and_is_not_retried() {
            // given
            holds(2, "other", "tcp://other");
            peer("tcp://other").script.add(m -> answer(CommandErrorCode.CONFLICT));
            // when / then
            assertThatThrownBy(() -> router.send(CommandMessage.of(new Touch(streamIn(2)))))
                    .isInstanceOfSatisfying(RemoteCommandException.class,
                            e -> assertThat(e.code()).isEqualTo(CommandErrorCode.CONFLICT));
            assertThat(log).hasSize(1);
        }
    }

    @Nested
    class WhenThePartitionMoves {

        @Test
        void a_not_owner_answer_looks_again_and_resends_the_same_command_to_the_new_holder() {
            // given: the old holder refuses, and the leases then name the new one
            holds(3, "old", "tcp://old");
            peer("tcp://old").script.add(m -> {
                holds(3, "new", "tcp://new");
                return answer(CommandErrorCode.NOT_OWNER);
            });
            CommandMessage message = CommandMessage.of(new Touch(streamIn(3)));
            // when
            CommandResult result = router.send(message);
            // then
            assertThat(result.streamId()).isEqualTo("tcp://new");
            assertThat(log).containsExactly("tcp://old " + message.commandId(), "tcp://new " + message.commandId());
            assertThat(dropped).isEmpty();
        }

        @Test
        void no_reply_drops_the_connection_and_resends_the_same_command() {
            // given
            holds(3, "slow", "tcp://slow");
            peer("tcp://slow").script.add(m -> answer(CommandErrorCode.TIMEOUT));
            CommandMessage message = CommandMessage.of(new Touch(streamIn(3)));
            // when
            router.send(message);
            // then
            assertThat(log).containsExactly("tcp://slow " + message.commandId(), "tcp://slow " + message.commandId());
            assertThat(dropped).containsExactly("tcp://slow");
        }

        @Test
        void after_no_reply_the_command_waits_for_the_next_holder_instead_of_the_silent_one() {
            // given: the holder dies without answering; 50 ms later the leases name another one
            holds(2, "dead", "tcp://dead");
            peer("tcp://dead").script.add(m -> {
                CompletableFuture.runAsync(() -> holders.put(2, new PartitionLease("aggregates", 2, "alive",
                        "tcp://alive", 2)), CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
                return answer(CommandErrorCode.TIMEOUT);
            });
            CommandMessage message = CommandMessage.of(new Touch(streamIn(2)));
            // when
            CommandResult result = router.send(message);
            // then
            assertThat(result.streamId()).isEqualTo("tcp://alive");
            assertThat(log).containsExactly("tcp://dead " + message.commandId(), "tcp://alive " + message.commandId());
        }

        @Test
        void a_partition_this_process_is_taking_over_waits_until_it_is_held_here() throws InterruptedException {
            // given: the leases name this process, but the listener has not been told yet
            holds(0, "me", "tcp://me");
            CompletableFuture<CommandResult> sent = CompletableFuture.supplyAsync(
                    () -> router.send(CommandMessage.of(new Touch(streamIn(0)))));
            // when
            held.update(Set.of(0), Duration.ZERO);
            // then
            assertThat(sent.join().streamId()).isEqualTo("local");
        }

        @Test
        void no_owner_within_the_deadline_fails_with_what_was_tried() {
            // given
            holds(1, "gone", "tcp://gone");
            for (int i = 0; i < 100; i++) {
                peer("tcp://gone").script.add(m -> answer(CommandErrorCode.TIMEOUT));
            }
            long started = System.nanoTime();
            // when / then
            assertThatThrownBy(() -> router.send(CommandMessage.of(new Touch(streamIn(1)))))
                    .isInstanceOfSatisfying(OwnerUnavailableException.class, e -> {
                        assertThat(e.code()).isEqualTo(CommandErrorCode.TIMEOUT);
                        assertThat(e.partition()).isEqualTo(1);
                        assertThat(e.getMessage()).contains("tcp://gone answered").contains("at most once");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(300),
                    Duration.ofMillis(1_500));
        }
    }

    @Nested
    class WhenAPartitionIsGivenUp {

        @Test
        void new_commands_are_refused_and_the_running_ones_finish_first() throws Exception {
            // given: a command running on partition 1
            held.update(Set.of(1), Duration.ZERO);
            assertThat(held.enter(1)).isTrue();
            List<String> order = new ArrayList<>();
            CompletableFuture<Set<Integer>> handover = CompletableFuture.supplyAsync(() -> {
                try {
                    return held.update(Set.of(), Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    synchronized (order) {
                        order.add("handed over");
                    }
                }
            });
            // when
            long until = System.nanoTime() + 5_000_000_000L;
            while (held.held().contains(1) && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            boolean enteredWhileGivingUp = held.enter(1);
            synchronized (order) {
                order.add("command done");
            }
            held.exit(1);
            // then
            assertThat(enteredWhileGivingUp).isFalse();
            assertThat(handover.get()).containsExactly(1);
            assertThat(order).containsExactly("command done", "handed over");
        }
    }
}
