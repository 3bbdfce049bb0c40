package dev.rewind.bus.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.bus.CommandErrorCode;
import dev.rewind.bus.CurveClientKeys;
import dev.rewind.bus.CurveServerKeys;
import dev.rewind.bus.RemoteCommandException;
import dev.rewind.core.command.CommandResult;
import dev.rewind.core.internal.command.CommandHandlers;
import dev.rewind.core.internal.command.LocalCommandBus;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.core.serialization.JacksonEventSerializer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.ZMQ;

/** The command transport secured with the hub's CURVE configuration: strangers get nothing, and nothing runs. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(60)
class CommandCurveTest {

    /** A test command. */
    public record Deposit(String account, long amount) {
    }

    private static final EventTypes TYPES = EventTypes.builder().add("Deposit.v1", Deposit.class).build();
    private static final ObjectMapper MAPPER = JacksonEventSerializer.defaultMapper();

    private final ZMQ.Curve.KeyPair server = ZMQ.Curve.generateKeyPair();
    private final ZMQ.Curve.KeyPair allowed = ZMQ.Curve.generateKeyPair();
    private final ZMQ.Curve.KeyPair stranger = ZMQ.Curve.generateKeyPair();
    private final AtomicInteger handled = new AtomicInteger();
    private final ZmqCommandServer secured = ZmqCommandServer.start(new LocalCommandBus(CommandHandlers.builder()
            .add(Deposit.class, (command, message) -> {
                handled.incrementAndGet();
                return new CommandResult("account-" + command.account(), 0, 1, 1);
            }).build()), TYPES, MAPPER, "tcp://127.0.0.1:*", new CurveServerKeys(server.secretKey,
                    Set.of(allowed.publicKey)));

    @AfterEach
    void close() {
        secured.close();
    }

    private ZmqCommandGateway gateway(ZMQ.Curve.KeyPair keys, Duration timeout) {
        CommandGatewayConfig config = CommandGatewayConfig.of(List.of(secured.endpoint())).withTimeout(timeout);
        CommandGatewayConfig withKeys = keys == null ? config
                : config.withCurve(new CurveClientKeys(server.publicKey, keys.publicKey, keys.secretKey));
        return ZmqCommandGateway.connect(withKeys, TYPES, MAPPER);
    }

    @Test
    void an_allowed_gateway_gets_results_and_strangers_get_nothing() {
        try (ZmqCommandGateway friend = gateway(allowed, Duration.ofSeconds(20));
                ZmqCommandGateway foe = gateway(stranger, Duration.ofMillis(1_500));
                ZmqCommandGateway plain = gateway(null, Duration.ofMillis(1_500))) {
            // when
            CommandResult result = friend.send(new Deposit("a-1", 10));
            // then
            assertThat(result.streamId()).isEqualTo("account-a-1");
            for (ZmqCommandGateway outsider : List.of(foe, plain)) {
                assertThatThrownBy(() -> outsider.send(new Deposit("a-2", 10)))
                        .isInstanceOfSatisfying(RemoteCommandException.class,
                                e -> assertThat(e.code()).isEqualTo(CommandErrorCode.TIMEOUT));
            }
            assertThat(handled).as("commands that ran").hasValue(1);
        }
    }
}
