package dev.rewind.bus.internal.rewind;

import static dev.rewind.bus.RawClient.text;
import static dev.rewind.bus.RawClient.texts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.bus.Hub;
import dev.rewind.bus.HubConfig;
import dev.rewind.bus.internal.wire.Frames;
import dev.rewind.bus.internal.wire.Protocol;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(60)
class RewindCompatibilityTest {

    private final InMemoryEventStore backend = new InMemoryEventStore();
    private Hub hub = Hub.start(backend, HubConfig.loopback().withRewind("tcp://127.0.0.1:*", "tcp://127.0.0.1:*"));
    private final ZContext context = new ZContext();
    private final ZMQ.Socket req = rewindClient(hub);

    @AfterEach
    void close() {
        context.close();
        hub.close();
        backend.close();
    }

    private ZMQ.Socket rewindClient(Hub target) {
        ZMQ.Socket socket = context.createSocket(SocketType.REQ);
        socket.setLinger(0);
        socket.setHandshakeIvl(Protocol.HANDSHAKE_MILLIS);
        socket.setReceiveTimeOut(5_000);
        socket.connect(target.rewindQueryEndpoint());
        return socket;
    }

    private List<byte[]> call(ZMQ.Socket socket, byte[]... frames) {
        for (int i = 0; i < frames.length; i++) {
            socket.send(frames[i], i < frames.length - 1 ? ZMQ.SNDMORE : 0);
        }
        return Frames.receive(socket, 0);
    }

    private List<byte[]> call(byte[]... frames) {
        return call(req, frames);
    }

    @Test
    void published_payloads_come_back_byte_for_byte_from_query_and_land_in_the_rewind_stream() {
        // given
        byte[] binary = new byte[1000];
        new Random(3).nextBytes(binary);
        // when
        assertThat(texts(call(text("PUBLISH"), binary))).containsExactly("PUBLISHED");
        assertThat(texts(call(text("PUBLISH"), new byte[0]))).containsExactly("PUBLISHED");
        List<byte[]> all = call(text("QUERY"), new byte[0], new byte[0]);
        // then
        List<RecordedEvent> stored = backend.readStream("rewind");
        assertThat(stored).hasSize(2);
        assertThat(all).hasSize(5);
        assertThat(texts(all).get(0)).isEqualTo(stored.get(0).eventId().toString()).hasSize(36);
        assertThat(all.get(1)).isEqualTo(binary);
        assertThat(all.get(3)).isEmpty();
        assertThat(texts(all).get(4)).isEqualTo("END");
    }

    @Test
    void query_is_from_exclusive_to_inclusive_over_the_whole_log_in_pages_of_100() {
        // given: native events and Rewind events in one log
        for (int i = 0; i < 150; i++) {
            backend.append("native-" + i, ExpectedVersion.any(), List.of(NewEvent.of("N.v1", text("n" + i))));
        }
        List<RecordedEvent> log = backend.readAll(1, 1000);
        String id10 = log.get(9).eventId().toString();
        String id20 = log.get(19).eventId().toString();
        // when / then
        List<String> range = texts(call(text("QUERY"), text(id10), text(id20)));
        assertThat(range).hasSize(21).endsWith("END");
        assertThat(range.get(0)).isEqualTo(log.get(10).eventId().toString());
        assertThat(range.get(1)).isEqualTo("n10");
        assertThat(range.get(18)).isEqualTo(id20);
        List<String> firstPage = texts(call(text("QUERY"), new byte[0], new byte[0]));
        assertThat(firstPage).hasSize(200).doesNotContain("END");
        List<String> secondPage = texts(call(text("QUERY"), text(firstPage.get(198)), new byte[0]));
        assertThat(secondPage).hasSize(101).endsWith("END");
        assertThat(secondPage.get(1)).isEqualTo("n100");
        assertThat(texts(call(text("QUERY"), text(log.get(149).eventId().toString()), new byte[0])))
                .containsExactly("END");
    }

    @Test
    void bad_requests_get_one_error_frame_and_the_endpoint_keeps_serving() {
        backend.append("native-1", ExpectedVersion.any(), List.of(NewEvent.of("N.v1", text("a")),
                NewEvent.of("N.v1", text("b"))));
        String first = backend.readAll(1, 1).get(0).eventId().toString();
        String second = backend.readAll(2, 1).get(0).eventId().toString();
        List<List<byte[]>> badRequests = List.of(
                List.of(text("QUERY"), text("00000000-0000-0000-0000-000000000000"), new byte[0]),
                List.of(text("QUERY"), text(second), text(first)),
                List.of(text("QUERY"), new byte[] {(byte) 0xff, (byte) 0xfe}, new byte[0]),
                List.of(text("QUERY"), new byte[0]),
                List.of(text("PUBLISH")),
                List.of(text("PUBLISH"), text("a"), text("b")),
                List.of(text("SUBSCRIBE"), text("x")),
                List.of(text("QUERY"), text(first.toUpperCase()), new byte[0]));
        for (List<byte[]> bad : badRequests) {
            List<byte[]> reply = call(bad.toArray(new byte[0][]));
            assertThat(reply).hasSize(1);
            assertThat(texts(reply).get(0)).startsWith("ERROR ");
        }
        assertThat(texts(call(text("QUERY"), text(first), new byte[0]))).containsExactly(second, "b", "END");
        assertThat(backend.headPosition()).isEqualTo(2);
    }

    @Test
    void the_stream_endpoint_publishes_id_previous_id_and_payload_and_chains_across_a_restart() throws Exception {
        // given
        ZMQ.Socket sub = context.createSocket(SocketType.SUB);
        sub.setLinger(0);
        sub.setHandshakeIvl(Protocol.HANDSHAKE_MILLIS);
        sub.setReceiveTimeOut(5_000);
        sub.subscribe(new byte[0]);
        sub.connect(hub.rewindStreamEndpoint());
        // the slow-joiner window: publish until the subscriber sees something
        List<List<byte[]>> received = new ArrayList<>();
        while (received.isEmpty()) {
            call(text("PUBLISH"), text("probe"));
            List<byte[]> message = Frames.receive(sub, ZMQ.DONTWAIT);
            if (message == null) {
                message = Frames.receive(sub, 0);
            }
            if (message != null) {
                received.add(message);
            }
        }
        // when
        call(text("PUBLISH"), text("payload-x"));
        List<byte[]> next = receiveUntilPayload(sub, "payload-x");
        // then: previous id is the id of the event just before it
        List<RecordedEvent> log = backend.readAll(1, 10_000);
        RecordedEvent last = log.get(log.size() - 1);
        assertThat(texts(next)).containsExactly(last.eventId().toString(),
                log.get(log.size() - 2).eventId().toString(), "payload-x");
        // the first message seen may not be the store's first event (slow joiner): its previous id is the id of the
        // event before it in the log, or empty exactly when it is the first event the store ever held
        String firstSeen = texts(received.get(0)).get(0);
        int at = 0;
        while (!log.get(at).eventId().toString().equals(firstSeen)) {
            at++;
        }
        assertThat(texts(received.get(0)).get(1)).isEqualTo(at == 0 ? "" : log.get(at - 1).eventId().toString());
        // and after a restart the first event names the last stored one
        String endpoint = hub.rewindQueryEndpoint();
        String stream = hub.rewindStreamEndpoint();
        hub.close();
        hub = Hub.start(backend, HubConfig.loopback().withRewind(endpoint, stream));
        ZMQ.Socket req2 = rewindClient(hub);
        List<byte[]> afterRestart = null;
        while (afterRestart == null) {
            call(req2, text("PUBLISH"), text("after"));
            afterRestart = Frames.receive(sub, 0);
        }
        List<RecordedEvent> after = backend.readAll(1, 10_000);
        String id = texts(afterRestart).get(0);
        int index = 0;
        while (!after.get(index).eventId().toString().equals(id)) {
            index++;
        }
        assertThat(index).isGreaterThan(log.size() - 1);
        assertThat(texts(afterRestart).get(1)).isEqualTo(after.get(index - 1).eventId().toString());
        assertThat(texts(afterRestart).get(2)).isEqualTo("after");
    }

    private static List<byte[]> receiveUntilPayload(ZMQ.Socket sub, String payload) {
        while (true) {
            List<byte[]> message = Frames.receive(sub, 0);
            assertThat(message).as("a message with payload " + payload).isNotNull();
            if (texts(message).get(2).equals(payload)) {
                return message;
            }
        }
    }
}
