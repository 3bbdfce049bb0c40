package dev.rewind.bus;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one hub listens: its request endpoint and its publish endpoint.
 *
 * @param requests the hub's request endpoint ({@code --bind}), e.g. {@code tcp://127.0.0.1:5555}
 * @param events the hub's publish endpoint ({@code --publish}), e.g. {@code tcp://127.0.0.1:5556}
 */
public record HubAddress(String requests, String events) {

    private static final Pattern TCP_PORT = Pattern.compile("^(tcp://[^:/\\s]+:)(\\d{1,5})$");

    /** Checks the values. */
    public HubAddress {
        Objects.requireNonNull(requests, "requests must not be null");
        Objects.requireNonNull(events, "events must not be null");
    }

    /**
     * A hub at {@code tcp://host:port} that publishes on the next port, as the hub's defaults do (5555 and 5556); or,
     * written {@code requests|events}, at two endpoints of any form.
     *
     * @throws IllegalArgumentException if the text is neither form
     */
    public static HubAddress parse(String text) {
        Objects.requireNonNull(text, "text must not be null");
        int bar = text.indexOf('|');
        if (bar > 0) {
            return new HubAddress(text.substring(0, bar).strip(), text.substring(bar + 1).strip());
        }
        Matcher tcp = TCP_PORT.matcher(text.strip());
        if (!tcp.matches() || Integer.parseInt(tcp.group(2)) >= 65_535) {
            throw new IllegalArgumentException("Not a hub address: '" + text + "'. Write tcp://host:port (events on"
                    + " the next port) or requests|events, e.g. tcp://127.0.0.1:5555|tcp://127.0.0.1:5556.");
        }
        return new HubAddress(tcp.group(0), tcp.group(1) + (Integer.parseInt(tcp.group(2)) + 1));
    }

    @Override
    public String toString() {
        return requests;
    }
}
