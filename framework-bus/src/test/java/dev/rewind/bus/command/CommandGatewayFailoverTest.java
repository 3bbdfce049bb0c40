package dev.rewind.bus.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.bus.Await;
import dev.rewind.bus.CommandErrorCode;
import dev.rewind.bus.RemoteCommandException;
import dev.rewind.core.command.CommandResult;
import dev.rewind.core.internal.command.CommandHandlers;
import dev.rewind.core.internal.command.LocalCommandBus;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.core.serialization.JacksonEventSerializer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A gateway over two command servers keeps working when the one it uses stops. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(60)
class CommandGatewayFailoverTest {

    /** A test command. */
    public record Deposit(String account, long amount) {
    }

    private static final EventTypes TYPES = EventTypes.builder().add("Deposit.v1", Deposit.class).build();
    private static final ObjectMapper MAPPER = JacksonEventSerializer.defaultMapper();

    private final Set<String> servedBy = ConcurrentHashMap.newKeySet();

    private ZmqCommandServer server(String name) {
        return ZmqCommandServer.start(new LocalCommandBus(CommandHandlers.builder().add(Deposit.class,
                (command, message) -> {
                    servedBy.add(name);
                    return new CommandResult(name, 0, 1, 1);
                }).build()), TYPES, MAPPER, "tcp://127.0.0.1:*");
    }

    @Test
    void commands_go_to_the_first_server_and_to_the_second_once_the_first_stops() throws Exception {
        // given
        ZmqCommandServer first = server("first");
        try (ZmqCommandServer second = server("second");
                ZmqCommandGateway gateway = ZmqCommandGateway.connect(CommandGatewayConfig.of(
                        List.of(first.endpoint(), second.endpoint())).withTimeout(Duration.ofSeconds(2)), TYPES,
                        MAPPER)) {
            assertThat(gateway.send(new Deposit("a", 1)).streamId()).isEqualTo("first");
            // when
            first.close();
            // then: a command sent as the first server died may get no reply (its outcome is unknown, so the gateway
            // does not re-send it), and moves the next ones to the second server
            Await.until(() -> {
                try {
                    return gateway.send(new Deposit("probe", 1)).streamId().equals("second");
                } catch (RemoteCommandException e) {
                    assertThat(e.code()).isEqualTo(CommandErrorCode.TIMEOUT);
                    return false;
                }
            }, Duration.ofSeconds(20), "a command served by the second server");
            for (int i = 0; i < 20; i++) {
                CommandResult result = gateway.send(new Deposit("b-" + i, 1));
                assertThat(result.streamId()).isEqualTo("second");
            }
            assertThat(servedBy).containsExactlyInAnyOrder("first", "second");
        } finally {
            first.close();
        }
    }
}
