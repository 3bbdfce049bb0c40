package dev.rewind.bus;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.Subscription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZMQ;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(60)
class CurveSecurityTest {

    private static final Duration SHORT = Duration.ofMillis(1_500);

    private final InMemoryEventStore backend = new InMemoryEventStore();
    private final ZMQ.Curve.KeyPair server = ZMQ.Curve.generateKeyPair();
    private final ZMQ.Curve.KeyPair allowed = ZMQ.Curve.generateKeyPair();
    private final ZMQ.Curve.KeyPair stranger = ZMQ.Curve.generateKeyPair();
    private Hub hub;

    @BeforeEach
    void startSecuredHub(@TempDir Path folder) throws Exception {
        Path secret = folder.resolve("hub.key");
        Files.writeString(secret, "# test key\npublic-key = \"" + server.publicKey + "\"\nsecret-key = \""
                + server.secretKey + "\"\n", UTF_8);
        Path clients = folder.resolve("allowed.txt");
        Files.writeString(clients, "# the one allowed client\n" + allowed.publicKey + "\n", UTF_8);
        hub = Hub.start(backend, HubConfig.loopback().withCurve(CurveServerKeys.read(secret, clients)));
    }

    @AfterEach
    void close() {
        hub.close();
        backend.close();
    }

    /** An allowed client waits long, as a first CURVE handshake (pure Java) can take seconds on a loaded machine. */
    private RemoteEventStore client(ZMQ.Curve.KeyPair keys) {
        RemoteStoreConfig config = RemoteStoreConfig.of(hub.endpoint(), hub.publishEndpoint())
                .withRequestTimeout(keys == allowed ? Duration.ofSeconds(20) : SHORT);
        if (keys != null) {
            config = config.withCurve(new CurveClientKeys(server.publicKey, keys.publicKey, keys.secretKey));
        }
        return RemoteEventStore.connect(config);
    }

    @Test
    void an_allowed_client_works_and_others_get_no_reply_and_no_events() throws Exception {
        try (RemoteEventStore friend = client(allowed);
                RemoteEventStore foe = client(stranger);
                RemoteEventStore plain = client(null)) {
            // given: subscribers with and without an allowed key
            List<Long> friendSeen = new CopyOnWriteArrayList<>();
            List<Long> foeSeen = new CopyOnWriteArrayList<>();
            Subscription friendSubscription = friend.subscribe(1, EventFilter.all(),
                    batch -> batch.forEach(event -> friendSeen.add(event.globalPosition())));
            Subscription foeSubscription = foe.subscribe(1, EventFilter.all(),
                    batch -> batch.forEach(event -> foeSeen.add(event.globalPosition())));
            // when
            friend.append("secret-1", ExpectedVersion.noStream(), List.of(NewEvent.of("S.v1", "{}".getBytes(UTF_8))));
            backend.append("secret-1", ExpectedVersion.any(), List.of(NewEvent.of("S.v1", "{}".getBytes(UTF_8))));
            // then
            Await.until(() -> friendSeen.size() == 2, Duration.ofSeconds(10), "the allowed subscriber's events");
            assertThat(friend.ping()).isEqualTo("rewind-bus/1");
            assertThatThrownBy(foe::ping).isInstanceOf(HubUnavailableException.class)
                    .hasMessageContaining("No hub replied");
            assertThatThrownBy(plain::headPosition).isInstanceOf(HubUnavailableException.class);
            assertThatThrownBy(() -> foe.append("secret-2", ExpectedVersion.any(),
                    List.of(NewEvent.of("S.v1", new byte[0])))).isInstanceOf(HubUnavailableException.class);
            assertThat(foeSeen).isEmpty();
            assertThat(backend.headPosition()).isEqualTo(2);
            friendSubscription.close();
            foeSubscription.close();
        }
    }

    @Test
    void key_files_with_bad_keys_are_refused_with_a_message_naming_the_file(@TempDir Path folder) throws Exception {
        Path secret = folder.resolve("bad.key");
        Files.writeString(secret, "secret-key = \"too-short\"\n", UTF_8);
        Path clients = folder.resolve("clients.txt");
        Files.writeString(clients, allowed.publicKey + "\n", UTF_8);
        assertThatThrownBy(() -> CurveServerKeys.read(secret, clients)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("40 characters").hasMessageContaining("bad.key");
    }

    @Test
    void no_message_and_no_toString_shows_a_secret_key() {
        // given: a secret key one character short, and valid keys
        String almost = server.secretKey.substring(1);
        // then
        assertThatThrownBy(() -> new CurveServerKeys(almost, Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("39 characters")
                .hasMessageNotContaining(almost);
        assertThatThrownBy(() -> new CurveClientKeys(server.publicKey, allowed.publicKey, almost))
                .hasMessageContaining("client secret key").hasMessageNotContaining(almost);
        assertThat(new CurveServerKeys(server.secretKey, Set.of(allowed.publicKey)).toString())
                .contains(allowed.publicKey).doesNotContain(server.secretKey);
        assertThat(new CurveClientKeys(server.publicKey, allowed.publicKey, allowed.secretKey).toString())
                .contains(allowed.publicKey).doesNotContain(allowed.secretKey);
        assertThat(HubConfig.loopback().withCurve(new CurveServerKeys(server.secretKey, Set.of()))
                .toString()).doesNotContain(server.secretKey);
    }
}
