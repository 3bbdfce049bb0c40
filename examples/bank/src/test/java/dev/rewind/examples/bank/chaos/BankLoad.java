package dev.rewind.examples.bank.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients of the bank that keep depositing and transferring through any write side, as a careful HTTP client does:
 * every request carries an {@code Idempotency-Key}, and one that gets no answer, a 5xx or a 503 is sent again with
 * the same key (to any write side) until it is acknowledged. What was acknowledged is recorded for the checks.
 */
final class BankLoad {

    /** An acknowledged deposit. */
    record Deposit(String key, String accountId, long cents) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> writeSides;
    private final List<String> accounts;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Deposit> deposits = new ConcurrentHashMap<>();
    private final List<String> transfers = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    BankLoad(List<URI> writeSides, List<String> accounts) {
        this.writeSides = List.copyOf(writeSides);
        this.accounts = List.copyOf(accounts);
    }

    /** Starts {@code clients} threads, each sending one request at a time. */
    void start(int clients) {
        for (int i = 0; i < clients; i++) {
            Thread thread = new Thread(this::run, "bank-client-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Starts no new request; each client finishes (acknowledges) the one it has, within {@code timeout}. */
    void finish(Duration timeout) throws InterruptedException {
        stopping.set(true);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (thread.isAlive()) {
                throw new AssertionError(thread.getName() + " could not get its last request acknowledged within "
                        + timeout);
            }
        }
    }

    Map<String, Deposit> deposits() {
        return deposits;
    }

    List<String> transfers() {
        return transfers;
    }

    /** Requests answered with a 4xx: none is expected. */
    List<String> refused() {
        return refused;
    }

    long retries() {
        return retries.get();
    }

    private void run() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stopping.get()) {
            String from = accounts.get(random.nextInt(accounts.size()));
            String key = UUID.randomUUID().toString();
            if (random.nextInt(10) < 7) {
                long cents = 1 + random.nextInt(1_000);
                JsonNode answer = acknowledged("/accounts/" + from + "/deposits", "{\"amountCents\": " + cents + "}",
                        key);
                if (answer != null) {
                    deposits.put(key, new Deposit(key, from, cents));
                }
            } else {
                String to = accounts.get(random.nextInt(accounts.size()));
                if (to.equals(from)) {
                    continue;
                }
                JsonNode answer = acknowledged("/transfers", "{\"from\": \"" + from + "\", \"to\": \"" + to
                        + "\", \"amountCents\": " + (1 + random.nextInt(500)) + "}", key);
                if (answer != null) {
                    transfers.add(answer.get("transferId").asText());
                }
            }
        }
    }

    /** Sends until acknowledged; null if refused with a 4xx (recorded). */
    private JsonNode acknowledged(String path, String body, String key) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; ; attempt++) {
            if (attempt > 0) {
                retries.incrementAndGet();
                pause(Math.min(1_000, 50L * attempt));
            }
            URI writeSide = writeSides.get(random.nextInt(writeSides.size()));
            HttpResponse<String> response;
            try {
                response = http.send(HttpRequest.newBuilder(writeSide.resolve(path))
                        .header("Content-Type", "application/json").header("Idempotency-Key", key)
                        .timeout(Duration.ofSeconds(15)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                try {
                    return JSON.readTree(response.body());
                } catch (IOException e) {
                    throw new AssertionError("A write side acknowledged " + path + " with a body that is not JSON: "
                            + response.body(), e);
                }
            }
            if (status >= 400 && status < 500) {
                refused.add(status + " " + path + " " + body + ": " + response.body());
                return null;
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
