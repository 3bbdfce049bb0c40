package dev.rewind.examples.bank;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.bus.Hub;
import dev.rewind.bus.HubConfig;
import dev.rewind.bus.RemoteStoreConfig;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.eventstore.EventStores;
import dev.rewind.examples.bank.BankClient.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bank split over a hub: the hub holds the events (on H2), a write side takes commands and runs the transfer
 * process, a read side keeps the read models in its own H2 database and answers queries. All three run in this JVM
 * on loopback ports, talking over ZeroMQ and HTTP as separate processes would.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class DistributedBankIT {

    @TempDir
    static Path folder;

    private EventStore hubStore;
    private Hub hub;
    private BankApplication writeSide;
    private BankApplication readSide;
    private BankClient write;
    private BankClient read;

    @BeforeAll
    void start() {
        hubStore = EventStores.open("embedded:" + folder.resolve("hub"));
        hub = Hub.start(hubStore, HubConfig.loopback());
        RemoteStoreConfig remote = RemoteStoreConfig.of(hub.endpoint(), hub.publishEndpoint());
        writeSide = BankApplication.start(new BankConfig("embedded:" + folder.resolve("write"), 0, remote,
                BankRole.WRITE));
        readSide = BankApplication.start(new BankConfig("embedded:" + folder.resolve("read"), 0, remote,
                BankRole.READ));
        write = new BankClient(writeSide.uri());
        read = new BankClient(readSide.uri());
    }

    @AfterAll
    void stop() {
        for (AutoCloseable part : new AutoCloseable[] {readSide, writeSide, hub, hubStore}) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing " + part + " failed", e);
                }
            }
        }
    }

    @Test
    void a_write_on_the_write_side_is_read_on_the_read_side() {
        // given
        String ada = write.open("Ada");
        // when
        long position = write.deposit(ada, 1000);
        // then
        JsonNode summary = read.get("/accounts/" + ada + "?after=" + position).body();
        assertThat(summary.get("owner").asText()).isEqualTo("Ada");
        assertThat(summary.get("balanceCents").asLong()).isEqualTo(1000);
        assertThat(hubStore.headPosition()).isEqualTo(position);
    }

    @Test
    void a_transfer_taken_by_the_write_side_completes_and_shows_on_the_read_side() {
        String ada = write.open("Ada");
        String bob = write.open("Bob");
        write.deposit(ada, 1000);
        String transferId = write.post("/transfers",
                "{\"from\": \"" + ada + "\", \"to\": \"" + bob + "\", \"amountCents\": 400}").body()
                .get("transferId").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode transfer = read.get("/transfers/" + transferId + "?after=" + hubStore.headPosition()).body();
        while (transfer.get("status").asText().equals("PENDING") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            transfer = read.get("/transfers/" + transferId + "?after=" + hubStore.headPosition()).body();
        }
        assertThat(transfer.get("status").asText()).isEqualTo("COMPLETED");
        long head = hubStore.headPosition();
        assertThat(read.get("/accounts/" + bob + "?after=" + head).body().get("balanceCents").asLong())
                .isEqualTo(400);
    }

    @Test
    void each_side_refuses_the_other_sides_requests_and_reports_its_own_projectors() {
        String ada = write.open("Ada");
        Answer queryOnWriteSide = write.get("/accounts/" + ada);
        Answer commandOnReadSide = read.post("/accounts", "{\"owner\": \"Bob\"}");
        assertThat(queryOnWriteSide.status()).isEqualTo(405);
        assertThat(queryOnWriteSide.body().get("error").asText()).contains("write side");
        assertThat(commandOnReadSide.status()).isEqualTo(405);
        assertThat(commandOnReadSide.body().get("error").asText()).contains("read side");
        assertThat(names(write.get("/projections").body())).containsExactly("transfer-process");
        assertThat(names(read.get("/projections").body())).containsExactlyInAnyOrder("account-summaries",
                "account-transactions", "transfer-statuses");
    }

    private static List<String> names(JsonNode statuses) {
        List<String> names = new ArrayList<>();
        statuses.forEach(status -> names.add(status.get("name").asText()));
        return names;
    }
}
