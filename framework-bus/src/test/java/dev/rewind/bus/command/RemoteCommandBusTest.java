package dev.rewind.bus.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.bus.CommandErrorCode;
import dev.rewind.bus.RawClient;
import dev.rewind.bus.RemoteCommandException;
import dev.rewind.core.command.CommandConflictException;
import dev.rewind.core.command.CommandResult;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.WrongExpectedVersionException;
import dev.rewind.core.internal.command.CommandHandlers;
import dev.rewind.core.internal.command.LocalCommandBus;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.core.serialization.JacksonEventSerializer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(30)
class RemoteCommandBusTest {

    /** A test command. */
    public record Deposit(String account, long amount) {
    }

    /** A command whose handler never finishes in time. */
    public record Hang(String account) {
    }

    /** A command whose handler always meets concurrent changes. */
    public record Contended(String account) {
    }

    /** A command whose handler answers a value (as a creating command answers its new id). */
    public record Open(String account) {
    }

    /** The answer of {@link Open}. */
    public record AccountNumber(String value, int checkDigit) {
    }

    /** A command with a registered name but no handler on the server. */
    public record Unhandled(String account) {
    }

    private static final EventTypes TYPES = EventTypes.builder().add("Deposit.v1", Deposit.class)
            .add("Hang.v1", Hang.class).add("Contended.v1", Contended.class).add("Unhandled.v1", Unhandled.class)
            .add("Open.v1", Open.class).build();
    private static final ObjectMapper MAPPER = JacksonEventSerializer.defaultMapper();

    private final CountDownLatch release = new CountDownLatch(1);
    private final ZmqCommandServer server = ZmqCommandServer.start(new LocalCommandBus(CommandHandlers.builder()
            .add(Deposit.class, (command, message) -> {
                if (command.amount() <= 0) {
                    throw new IllegalArgumentException("A deposit must be positive, got " + command.amount());
                }
                return new CommandResult("account-" + command.account(), 0, 1, 1);
            })
            .add(Hang.class, (command, message) -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new CommandResult("hang", 0, 0, 0);
            })
            .add(Open.class, (command, message) -> new CommandResult("account-" + command.account(), 0, 1, 1,
                    new AccountNumber(command.account(), 7)))
            .add(Contended.class, (command, message) -> {
                throw new CommandConflictException(Contended.class, 3, new WrongExpectedVersionException(
                        "account-" + command.account(), ExpectedVersion.exactly(1), 2));
            })
            .build()), TYPES, MAPPER, "tcp://127.0.0.1:*");
    private final ZmqCommandGateway gateway = ZmqCommandGateway.connect(server.endpoint(), TYPES, MAPPER,
            Duration.ofSeconds(2));

    @AfterEach
    void close() {
        release.countDown();
        gateway.close();
        server.close();
    }

    @Test
    void a_command_sent_from_another_process_returns_its_handlers_result() {
        assertThat(gateway.send(new Deposit("a-1", 100))).isEqualTo(new CommandResult("account-a-1", 0, 1, 1));
        assertThat(gateway.sendAsync(new Deposit("a-2", 5)).join().streamId()).isEqualTo("account-a-2");
    }

    @Test
    void a_handlers_answer_travels_as_json_and_converts_to_the_callers_type() {
        CommandResult opened = gateway.send(new Open("a-9"));

        assertThat(opened.value(AccountNumber.class)).isEqualTo(new AccountNumber("a-9", 7));
        assertThat(gateway.send(new Deposit("a-9", 1)).value()).isNull();
    }

    @Test
    void rejections_conflicts_and_missing_handlers_come_back_typed_with_the_remote_message() {
        assertThatThrownBy(() -> gateway.send(new Deposit("a-1", -5)))
                .isInstanceOfSatisfying(RemoteCommandException.class, e -> {
                    assertThat(e.code()).isEqualTo(CommandErrorCode.REJECTED);
                    assertThat(e.remoteType()).isEqualTo(IllegalArgumentException.class.getName());
                    assertThat(e.getMessage()).contains("must be positive, got -5");
                });
        assertThatThrownBy(() -> gateway.send(new Contended("a-1")))
                .isInstanceOfSatisfying(RemoteCommandException.class, e -> {
                    assertThat(e.code()).isEqualTo(CommandErrorCode.CONFLICT);
                    assertThat(e.getMessage()).contains("account-a-1", "3 attempts");
                });
        assertThatThrownBy(() -> gateway.send(new Unhandled("a-1")))
                .isInstanceOfSatisfying(RemoteCommandException.class,
                        e -> assertThat(e.code()).isEqualTo(CommandErrorCode.NO_HANDLER));
    }

    @Test
    void a_command_without_a_reply_in_time_fails_with_timeout_and_others_still_work() {
        assertThatThrownBy(() -> gateway.send(new Hang("a-1")))
                .isInstanceOfSatisfying(RemoteCommandException.class, e -> {
                    assertThat(e.code()).isEqualTo(CommandErrorCode.TIMEOUT);
                    assertThat(e.getMessage()).contains("Hang", "2000 ms");
                });
        assertThat(gateway.send(new Deposit("a-3", 1)).streamId()).isEqualTo("account-a-3");
    }

    @Test
    void an_unregistered_command_class_is_refused_before_sending_and_a_bad_payload_is_an_invalid_request() {
        assertThatThrownBy(() -> gateway.send(List.of("not a command")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no command type name");
        try (RawClient raw = new RawClient(server.endpoint())) {
            List<String> reply = RawClient.texts(raw.call(RawClient.text("r1"), RawClient.text("COMMAND"),
                    RawClient.text("Deposit.v1"), RawClient.text("{not json"), new byte[16], new byte[12]));
            assertThat(reply.subList(0, 3)).containsExactly("r1", "ERROR", "INVALID_REQUEST");
        }
    }
}
