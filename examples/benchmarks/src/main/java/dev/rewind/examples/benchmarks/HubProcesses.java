package dev.rewind.examples.benchmarks;

import dev.rewind.bus.HubAddress;
import dev.rewind.bus.RemoteEventStore;
import dev.rewind.bus.RemoteStoreConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Hub JVMs serving one store (W4), started one after the other so the first creates the store, and a client per hub
 * that knows them all and tries its own hub first: client {@code i} uses hub {@code i}, so writers spread over the
 * clients are split across the hubs.
 */
final class HubProcesses implements AutoCloseable {

    private final List<ChildJvm> hubs = new ArrayList<>();
    private final List<HubAddress> addresses = new ArrayList<>();
    private final List<RemoteEventStore> clients = new ArrayList<>();

    private HubProcesses() {
    }

    /** {@code count} hubs on {@code store} (a hub's {@code --store} value), each serving once this returns. */
    static HubProcesses start(List<String> jvmFlags, String store, int count) {
        HubProcesses processes = new HubProcesses();
        try {
            for (int i = 0; i < count; i++) {
                HubAddress address = new HubAddress("tcp://127.0.0.1:" + ChildJvm.freePort(),
                        "tcp://127.0.0.1:" + ChildJvm.freePort());
                ChildJvm hub = ChildJvm.start(jvmFlags, "dev.rewind.bus.HubMain", List.of("--store", store,
                        "--bind", address.requests(), "--publish", address.events()));
                processes.hubs.add(hub);
                hub.awaitLine("rewind-hub: serving");
                processes.addresses.add(address);
            }
            for (int i = 0; i < count; i++) {
                List<HubAddress> ownFirst = new ArrayList<>(processes.addresses.subList(i, count));
                ownFirst.addAll(processes.addresses.subList(0, i));
                processes.clients.add(RemoteEventStore.connect(RemoteStoreConfig.of(ownFirst)));
            }
        } catch (RuntimeException e) {
            processes.close();
            throw e;
        }
        return processes;
    }

    /** The address of hub {@code i}. */
    HubAddress address(int i) {
        return addresses.get(i);
    }

    /** The clients, one per hub, each trying its own hub first. */
    List<RemoteEventStore> clients() {
        return clients;
    }

    @Override
    public void close() {
        clients.forEach(RemoteEventStore::close);
        hubs.forEach(ChildJvm::close);
    }
}
