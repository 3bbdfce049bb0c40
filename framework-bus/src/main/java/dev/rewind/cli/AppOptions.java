package dev.rewind.cli;

import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --url} and {@code --token}: a running application's admin port and its admin token. */
final class AppOptions {

    @Option(names = {"-u", "--url"}, paramLabel = "<url>", defaultValue = "${env:REWIND_URL}",
            description = "The application's admin port, for example http://127.0.0.1:9090 (default: $REWIND_URL).")
    String url;

    @Option(names = "--token", paramLabel = "<token>", defaultValue = "${env:REWIND_TOKEN}",
            description = "The admin token the application was started with; actions need it (default:"
                    + " $REWIND_TOKEN, which keeps it out of the process list).")
    String token;

    @Option(names = "--timeout", paramLabel = "<seconds>", defaultValue = "30",
            description = "How long to wait for each answer (default: ${DEFAULT-VALUE} s).")
    int timeoutSeconds;

    boolean given() {
        return url != null && !url.isBlank();
    }

    /** A client for the admin API; a usage error if no URL was given or it is not http(s). */
    AdminClient client() {
        if (!given()) {
            throw new CliException(ExitCodes.USAGE, "Name the application with --url http://<host>:<admin port>, or"
                    + " set REWIND_URL.");
        }
        URI uri;
        try {
            uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--url " + url + " is not a URL (" + e.getMessage() + "); write"
                    + " for example http://127.0.0.1:9090.", e);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new CliException(ExitCodes.USAGE, "--url " + url + " is not an http(s) address with a host; write"
                    + " for example http://127.0.0.1:9090.");
        }
        return new AdminClient(uri, token, Duration.ofSeconds(Math.max(1, timeoutSeconds)));
    }
}
