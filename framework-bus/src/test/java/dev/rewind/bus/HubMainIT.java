package dev.rewind.bus;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.bus.internal.hub.HubRawPeerTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpRequest;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The hub's command line in a child JVM: help, bad options and key generation. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(60)
class HubMainIT {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), HubMain.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), UTF_8),
                new String(process.getErrorStream().readAllBytes(), UTF_8));
    }

    @Test
    void sigterm_stops_the_hub_within_10_s_while_raw_peers_misbehave() throws Exception {
        // given: a serving hub, one peer that sent the bytes of jeromq#1005 and one that never finishes its greeting
        String bind = "tcp://127.0.0.1:" + HubCrashIT.freePort();
        String publish = "tcp://127.0.0.1:" + HubCrashIT.freePort();
        Process hub = HubCrashIT.startHub(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HubMain.class.getName(), "--store", "memory",
                "--bind", bind, "--publish", publish));
        int port = URI.create(bind).getPort();
        try (Socket broken = new Socket("127.0.0.1", port); Socket silent = new Socket("127.0.0.1", port)) {
            OutputStream out = broken.getOutputStream();
            out.write(HubRawPeerTest.greeting("NULL"));
            out.write(HubRawPeerTest.ISSUE_FRAME);
            out.flush();
            silent.getOutputStream().write(0xff);
            try (RemoteEventStore client = RemoteEventStore.connect(RemoteStoreConfig.of(bind, publish)
                    .withRequestTimeout(Duration.ofSeconds(5)))) {
                assertThat(client.ping()).isEqualTo("rewind-bus/1");
            }
            // when
            hub.destroy();
            // then
            assertThat(hub.waitFor(10, TimeUnit.SECONDS)).as("the hub exited within 10 s of SIGTERM").isTrue();
        } finally {
            hub.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void with_an_admin_port_the_hub_serves_the_admin_api_and_health() throws Exception {
        // given
        int admin = HubCrashIT.freePort();
        Process hub = HubCrashIT.startHub(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HubMain.class.getName(), "--store", "memory",
                "--bind", "tcp://127.0.0.1:" + HubCrashIT.freePort(), "--publish",
                "tcp://127.0.0.1:" + HubCrashIT.freePort(), "--admin-port", String.valueOf(admin)));
        try {
            HttpClient http = HttpClient.newHttpClient();
            // when
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin
                    + "/health")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> restart = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin
                    + "/admin/api/projectors/x/restart")).POST(HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            // then
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(restart.statusCode()).as("read-only without a token").isEqualTo(403);
        } finally {
            hub.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void an_admin_token_without_an_admin_port_is_refused() throws Exception {
        Run run = run("--admin-token", "secret-enough");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--admin-token needs --admin-port");
    }

    @Test
    void help_prints_the_usage_and_exits_0() throws Exception {
        Run run = run("--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("--store", "--bind", "--publish", "--rewind-query", "--curve-secret-key");
    }

    @Test
    void a_bad_option_or_value_prints_one_line_naming_it_and_exits_2() throws Exception {
        for (String[] args : List.of(new String[] {"--frobnicate"}, new String[] {"--bind", "localhost"},
                new String[] {"--store", "mysql:x"}, new String[] {"--publish"},
                new String[] {"--curve-secret-key", "hub.key"}, new String[] {"--bind", ":99999"},
                new String[] {"--bind", "tcp://127.0.0.1:99999"})) {
            Run run = run(args);
            assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err().strip()).as(String.join(" ", args)).startsWith("rewind-hub: ").contains(args[0])
                    .doesNotContain("\n");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void a_port_out_of_range_is_named_with_the_ports_allowed() throws Exception {
        Run run = run("--bind", ":99999");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--bind", "99999", "out of range", "1 to 65535");
    }

    @Test
    void version_prints_the_version_and_exits_0() throws Exception {
        Run run = run("--version");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("rewind-hub ");
    }

    @Test
    void generated_keys_can_be_read_back_as_a_server_key_and_an_allowed_client(@TempDir Path folder)
            throws Exception {
        Path prefix = folder.resolve("hub");
        Run run = run("--generate-keys", prefix.toString());
        assertThat(run.exit()).isZero();
        CurveServerKeys keys = CurveServerKeys.read(Path.of(prefix + ".key"), Path.of(prefix + ".pub"));
        assertThat(keys.allowedClients()).hasSize(1);
    }
}
