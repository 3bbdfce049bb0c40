package dev.rewind.bus.internal.hub;

import static dev.rewind.bus.RawClient.text;
import static dev.rewind.bus.RawClient.texts;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.bus.Hub;
import dev.rewind.bus.HubConfig;
import dev.rewind.bus.RawClient;
import dev.rewind.bus.RemoteEventStore;
import dev.rewind.bus.RemoteStoreConfig;
import dev.rewind.bus.internal.wire.WireCodec;
import dev.rewind.bus.internal.wire.WireReader;
import dev.rewind.bus.internal.wire.WireWriter;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.WrongExpectedVersionException;
import dev.rewind.eventstore.EventStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(60)
class HubProtocolTest {

    private final InMemoryEventStore backend = new InMemoryEventStore();
    private final Hub hub = Hub.start(backend, HubConfig.loopback().withMaxRequestBytes(1 << 20));
    private final RawClient raw = new RawClient(hub.endpoint());

    @AfterEach
    void close() {
        raw.close();
        hub.close();
        backend.close();
    }

    private static byte[] appendFrame(String type, byte[] data) {
        return WireCodec.encodeNewEvent(new NewEvent(UUID.randomUUID(), type, data, Metadata.empty()));
    }

    @Test
    void ping_echoes_the_request_id_byte_for_byte() {
        List<byte[]> reply = raw.call(text("any id bytes"), text("PING"));
        assertThat(texts(reply)).containsExactly("any id bytes", "OK", "rewind-bus/1");
    }

    @Test
    void an_append_conflict_names_the_stream_and_both_versions() {
        backend.append("acc-1", ExpectedVersion.noStream(), List.of(NewEvent.of("A.v1", new byte[0])));
        List<byte[]> reply = raw.call(text("r1"), text("APPEND"), text("acc-1"), WireWriter.longFrame(5),
                appendFrame("A.v1", new byte[] {1}));
        assertThat(texts(reply.subList(0, 4))).startsWith("r1", "ERROR", "CONFLICT");
        assertThat(texts(reply).get(3)).contains("acc-1", "version 5", "version 0");
        assertThat(texts(reply).get(4)).isEqualTo("acc-1");
        assertThat(WireReader.longFrame(reply.get(5), "expected")).isEqualTo(5);
        assertThat(WireReader.longFrame(reply.get(6), "actual")).isZero();
        assertThat(backend.headPosition()).isEqualTo(1);
    }

    @Test
    void malformed_unknown_and_oversized_requests_get_typed_errors_and_the_hub_keeps_serving() {
        assertThat(texts(raw.call(text("r1"))).subList(0, 3)).containsExactly("r1", "ERROR", "INVALID_REQUEST");
        assertThat(texts(raw.call(text("r2"), text("DELETE_EVERYTHING"))).subList(0, 3))
                .containsExactly("r2", "ERROR", "UNKNOWN_REQUEST");
        assertThat(texts(raw.call(text("r3"), text("HEAD"))).get(1)).isEqualTo("OK");
        assertThat(texts(raw.call(text("r4"), text("APPEND"), text("s-1"), new byte[3], appendFrame("A", new byte[0])))
                .subList(0, 3)).containsExactly("r4", "ERROR", "INVALID_REQUEST");
        byte[] truncated = appendFrame("A.v1", new byte[10]);
        truncated = Arrays.copyOf(truncated, truncated.length - 1);
        List<String> broken = texts(raw.call(text("r5"), text("APPEND"), text("s-1"), WireWriter.longFrame(-2),
                truncated));
        assertThat(broken.subList(0, 3)).containsExactly("r5", "ERROR", "INVALID_REQUEST");
        assertThat(broken.get(3)).contains("docs/protocol.md");
        List<byte[]> big = new ArrayList<>(List.of(text("r6"), text("APPEND"), text("s-1"), WireWriter.longFrame(-2)));
        for (int i = 0; i < 4; i++) {
            big.add(appendFrame("Big.v1", new byte[300_000]));
        }
        raw.send(big);
        assertThat(texts(raw.receive()).subList(0, 3)).containsExactly("r6", "ERROR", "TOO_LARGE");
        assertThat(texts(raw.call(text("r7"), text("READ_ALL"), WireWriter.longFrame(0), WireWriter.intFrame(10),
                new WireWriter(4).writeInt(0).toBytes(), new WireWriter(4).writeInt(0).toBytes())).subList(0, 3))
                .containsExactly("r7", "ERROR", "INVALID_REQUEST");
        assertThat(texts(raw.call(text("r8"), text("PING"))).get(1)).isEqualTo("OK");
        assertThat(backend.headPosition()).isZero();
    }

    @Test
    void many_requests_in_flight_on_one_connection_each_get_their_own_reply() {
        // given: 500 appends sent before any reply is read
        for (int i = 0; i < 500; i++) {
            raw.send(List.of(text("req-" + i), text("APPEND"), text("pipe-" + i), WireWriter.longFrame(-1),
                    appendFrame("P.v1", text("payload " + i))));
        }
        // when
        Set<String> answered = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            List<byte[]> reply = raw.receive();
            assertThat(texts(reply).get(1)).isEqualTo("OK");
            answered.add(texts(reply).get(0));
        }
        // then
        assertThat(answered).hasSize(500);
        assertThat(backend.headPosition()).isEqualTo(500);
    }

    @Test
    void on_h2_a_stream_read_of_a_damaged_event_gets_an_error_naming_its_position_and_file(@TempDir Path folder)
            throws Exception {
        try (EventStore h2 = EventStores.open("embedded:" + folder)) {
            h2.append("s", ExpectedVersion.noStream(), List.of(NewEvent.of("A.v1", text("{\"n\":\"first\"}")),
                    NewEvent.of("A.v1", text("{\"n\":\"second-marker\"}"))));
            h2.append("t", ExpectedVersion.noStream(), List.of(NewEvent.of("A.v1", text("{}"))));
        }
        Path log = folder.resolve("rewind-events.log");
        byte[] bytes = Files.readAllBytes(log);
        int marker = new String(bytes, ISO_8859_1).indexOf("second-marker");
        assertThat(marker).isPositive();
        bytes[marker] ^= 0x20;
        Files.write(log, bytes);

        try (EventStore h2 = EventStores.open("embedded:" + folder);
                Hub h2Hub = Hub.start(h2, HubConfig.loopback());
                RawClient client = new RawClient(h2Hub.endpoint())) {
            List<String> reply = texts(client.call(text("r1"), text("READ_STREAM"), text("s"),
                    WireWriter.longFrame(0), WireWriter.intFrame(10)));

            assertThat(reply.get(1)).as(String.join(" | ", reply)).isEqualTo("ERROR");
            assertThat(String.join(" ", reply)).contains("position 2").contains("is damaged")
                    .contains(log.toString());
        }
    }

    @Test
    void on_h2_a_burst_of_appends_commits_together_yet_each_is_answered_on_its_own(@TempDir Path folder) {
        try (EventStore h2 = EventStores.open("embedded:" + folder);
                Hub h2Hub = Hub.start(h2, HubConfig.loopback());
                RawClient client = new RawClient(h2Hub.endpoint())) {
            h2.append("taken", ExpectedVersion.noStream(), List.of(NewEvent.of("A.v1", new byte[0])));
            // given: valid, conflicting and malformed appends, all sent before any reply is read
            for (int i = 0; i < 300; i++) {
                String stream = i % 3 == 1 ? "taken" : "burst-" + i;
                byte[] expected = i % 3 == 2 ? new byte[3] : WireWriter.longFrame(-1);
                client.send(List.of(text("req-" + i), text("APPEND"), text(stream), expected,
                        appendFrame("P.v1", text("payload " + i))));
            }
            // when
            Map<String, String> outcomes = new HashMap<>();
            for (int i = 0; i < 300; i++) {
                List<String> reply = texts(client.receive());
                outcomes.put(reply.get(0), reply.get(1).equals("OK") ? "OK" : reply.get(2));
            }
            // then
            for (int i = 0; i < 300; i++) {
                assertThat(outcomes.get("req-" + i)).as("reply to req-" + i)
                        .isEqualTo(i % 3 == 0 ? "OK" : i % 3 == 1 ? "CONFLICT" : "INVALID_REQUEST");
            }
            assertThat(h2.headPosition()).isEqualTo(101);
            assertThat(h2.readStream("burst-3")).extracting(event -> new String(event.data(), UTF_8))
                    .containsExactly("payload 3");
        }
    }

    @Test
    void the_remote_client_turns_a_conflict_reply_into_the_same_exception_as_the_store() {
        try (RemoteEventStore client = RemoteEventStore.connect(RemoteStoreConfig.of(hub.endpoint(),
                hub.publishEndpoint()))) {
            client.append("acc-1", ExpectedVersion.noStream(), List.of(NewEvent.of("A.v1", new byte[0])));
            assertThatThrownBy(() -> client.append("acc-1", ExpectedVersion.exactly(3),
                    List.of(NewEvent.of("A.v1", new byte[0]))))
                    .isInstanceOfSatisfying(WrongExpectedVersionException.class, e -> {
                        assertThat(e.streamId()).isEqualTo("acc-1");
                        assertThat(e.expected()).isEqualTo(ExpectedVersion.exactly(3));
                        assertThat(e.actual()).isZero();
                    });
        }
    }

    @Test
    void the_hub_counts_its_requests_by_operation() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Metrics.addRegistry(meters);
        try (RemoteEventStore client = RemoteEventStore.connect(RemoteStoreConfig.of(hub.endpoint(),
                hub.publishEndpoint()))) {
            // when
            for (int i = 0; i < 3; i++) {
                client.append("acc-1", ExpectedVersion.any(), List.of(NewEvent.of("A.v1", new byte[0])));
            }
            client.readStream("acc-1");
            // then
            assertThat(meters.get("rewind.hub.requests").tag("operation", "append").counter().count())
                    .isEqualTo(3);
            assertThat(meters.get("rewind.hub.requests").tag("operation", "read_stream").counter().count())
                    .isGreaterThanOrEqualTo(1);
        } finally {
            Metrics.removeRegistry(meters);
        }
    }
}
