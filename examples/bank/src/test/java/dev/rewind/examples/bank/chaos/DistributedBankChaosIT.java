package dev.rewind.examples.bank.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.bus.HubMain;
import dev.rewind.examples.bank.Main;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The distributed bank under chaos: two hubs, three write sides and two read sides, each a real process on
 * 127.0.0.1 over one PostgreSQL database. Clients keep depositing and transferring through the write sides while
 * the test kills a random hub, write side or read side with SIGKILL every few seconds and starts it again, for
 * {@code rewind.chaosSeconds} (default 180). Then every acknowledged deposit must be stored once, every transfer
 * must have completed or been refunded, the balances must add up to the deposits, and both read sides must answer
 * what a fresh replay of the store says.
 */
@Timeout(1_200)
class DistributedBankChaosIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ACCOUNTS = 20;
    private static final int CLIENTS = 4;

    private final List<ChildProcess> processes = new ArrayList<>();
    private String schema;

    @AfterEach
    void stop() throws InterruptedException {
        for (ChildProcess process : processes) {
            process.stop();
        }
        if (schema != null) {
            ChaosDatabase.dropSchema(schema);
        }
    }

    @Test
    void every_acknowledged_command_is_applied_once_while_processes_are_killed_and_restarted() throws Exception {
        ChaosDatabase.assumeAvailable();
        schema = ChaosDatabase.createSchema();
        String store = ChaosDatabase.config(schema);
        Path logs = Files.createDirectories(Path.of("target", "chaos-logs", schema));
        int seconds = Integer.getInteger("rewind.chaosSeconds", 180);

        List<ChildProcess> hubs = new ArrayList<>();
        List<String> hubAddresses = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String requests = "tcp://127.0.0.1:" + freePort();
            String events = "tcp://127.0.0.1:" + freePort();
            hubAddresses.add(requests + "|" + events);
            hubs.add(new ChildProcess("hub-" + i, HubMain.class.getName(), List.of("--store", store, "--bind",
                    requests, "--publish", events), "rewind-hub: serving", logs));
        }
        String bothHubs = String.join(",", hubAddresses);
        String bothHubsOtherWay = hubAddresses.get(1) + "," + hubAddresses.get(0);
        List<ChildProcess> writeSides = new ArrayList<>();
        List<URI> writeUris = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int port = freePort();
            writeUris.add(URI.create("http://127.0.0.1:" + port));
            writeSides.add(new ChildProcess("write-" + i, Main.class.getName(), List.of("--role", "write", "--hub",
                    i % 2 == 0 ? bothHubs : bothHubsOtherWay, "--store", store, "--port", String.valueOf(port),
                    "--command-port", String.valueOf(freePort())), "Rewind bank listening on", logs));
        }
        List<ChildProcess> readSides = new ArrayList<>();
        List<URI> readUris = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int port = freePort();
            readUris.add(URI.create("http://127.0.0.1:" + port));
            readSides.add(new ChildProcess("read-" + i, Main.class.getName(), List.of("--role", "read", "--hub",
                    i % 2 == 0 ? bothHubsOtherWay : bothHubs, "--store", store, "--port", String.valueOf(port)),
                    "Rewind bank listening on", logs));
        }
        processes.addAll(hubs);
        processes.addAll(writeSides);
        processes.addAll(readSides);
        for (ChildProcess process : processes) {
            process.start(180);
        }

        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.add(open(writeUris.get(i % writeUris.size()), "owner-" + i));
        }
        BankLoad load = new BankLoad(writeUris, accounts);
        load.start(CLIENTS);

        // when: a process of each kind in turn (hub, write side, read side, each kind's members in turn too) is killed
        // at a random moment and restarted after a random pause, for the chaos time
        Random random = new Random();
        List<List<ChildProcess>> kinds = List.of(hubs, writeSides, readSides);
        Map<String, Integer> kills = new TreeMap<>();
        Map<ChildProcess, Future<?>> restarts = new HashMap<>();
        ExecutorService starter = Executors.newCachedThreadPool();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        for (int round = 0; System.nanoTime() < end; round++) {
            Thread.sleep(2_000 + random.nextInt(2_000));
            List<ChildProcess> kind = kinds.get(round % kinds.size());
            ChildProcess victim = kind.get(round / kinds.size() % kind.size());
            // a process is killed again only once its last restart is serving; others go on meanwhile
            Future<?> restarted = restarts.get(victim);
            if (restarted != null) {
                restarted.get();
            }
            victim.kill();
            kills.merge(victim.name(), 1, Integer::sum);
            long pause = 500 + random.nextInt(1_500);
            restarts.put(victim, starter.submit(() -> {
                Thread.sleep(pause);
                victim.start(180);
                return null;
            }));
        }
        for (Future<?> restarted : restarts.values()) {
            restarted.get();
        }
        starter.shutdown();
        load.finish(Duration.ofSeconds(180));
        System.out.printf("Chaos: %d s, kills %s, %d deposits and %d transfers acknowledged, %d re-sent requests%n",
                seconds, kills, load.deposits().size(), load.transfers().size(), load.retries());

        // then
        assertThat(load.refused()).as("requests refused with a 4xx").isEmpty();
        BankReplay replay = BankReplay.await(store, load.transfers(), Duration.ofSeconds(120));
        replay.assertDepositsStoredOnce(load.deposits().values());
        replay.assertTransfersEnded(load.transfers());
        assertThat(replay.totalBalance()).as("the sum of all balances")
                .isEqualTo(load.deposits().values().stream().mapToLong(BankLoad.Deposit::cents).sum());
        for (URI readSide : readUris) {
            for (String account : accounts) {
                JsonNode summary = get(readSide, "/accounts/" + account + "?after=" + replay.head());
                assertThat(summary.get("balanceCents").asLong()).as("balance of " + account + " on " + readSide)
                        .isEqualTo(replay.balance(account));
            }
            for (String transfer : load.transfers()) {
                JsonNode status = get(readSide, "/transfers/" + transfer + "?after=" + replay.head());
                assertThat(status.get("status").asText()).as("transfer " + transfer + " on " + readSide)
                        .isEqualTo(replay.transferStatus(transfer));
            }
        }
        assertThat(kills.keySet()).as("processes killed").hasSize(processes.size());
    }

    private static String open(URI writeSide, String owner) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpClient http = HttpClient.newHttpClient();
        while (true) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(writeSide.resolve("/accounts"))
                    .header("Idempotency-Key", "open-" + owner).timeout(Duration.ofSeconds(15))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"owner\": \"" + owner + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 201) {
                return JSON.readTree(response.body()).get("accountId").asText();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Opening an account on " + writeSide + " answered " + response.statusCode()
                        + " " + response.body());
            }
            Thread.sleep(200);
        }
    }

    private static JsonNode get(URI readSide, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(readSide.resolve(path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET " + readSide + path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
