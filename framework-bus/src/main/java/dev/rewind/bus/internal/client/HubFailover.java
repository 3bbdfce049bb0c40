package dev.rewind.bus.internal.client;

import dev.rewind.bus.HubAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which hub a client uses now, shared by its request connections and its subscriptions. A hub that stays silent is
 * reported {@link #failed}, and the next one in the list becomes current. Losing the hubs and regaining one is
 * logged once per change: a warning when the current hub stops answering, an info line when a hub answers again;
 * moving on through hubs that are also down is logged at debug level only.
 */
public final class HubFailover {

    private static final Logger LOG = LoggerFactory.getLogger(HubFailover.class);

    private final List<HubAddress> hubs;
    private final String client;
    private int current;
    private boolean lost;

    /** Starts with the first hub; {@code client} names the client in log lines. */
    public HubFailover(List<HubAddress> hubs, String client) {
        this.hubs = List.copyOf(hubs);
        this.client = client;
    }

    /** The index of the hub to use now. */
    public synchronized int current() {
        return current;
    }

    /** The hub at an index. */
    public HubAddress hub(int index) {
        return hubs.get(index);
    }

    /** Whether the current hub is known to be unreachable (no hub has answered since it stopped). */
    public synchronized boolean isLost() {
        return lost;
    }

    /**
     * Reports that the hub at {@code index} did not answer within the fail-over time, saying why; if it is still the
     * current one, the next hub becomes current. Reports about a hub already left behind change nothing.
     */
    public synchronized void failed(int index, String why) {
        if (index != current) {
            return;
        }
        current = (current + 1) % hubs.size();
        String next = hubs.size() == 1 ? "retrying it" : "trying " + hubs.get(current);
        if (!lost) {
            lost = true;
            LOG.warn("{} lost hub {}: {}; {}", client, hubs.get(index), why, next);
        } else {
            LOG.debug("{}: hub {} does not answer either ({}); {}", client, hubs.get(index), why, next);
        }
    }

    /** Reports that the hub at {@code index} answered; after a loss, says so once. */
    public synchronized void answered(int index) {
        if (lost && index == current) {
            lost = false;
            LOG.info("{} is connected again, to hub {}", client, hubs.get(index));
        }
    }
}
