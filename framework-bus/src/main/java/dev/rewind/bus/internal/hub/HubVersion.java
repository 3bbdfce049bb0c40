package dev.rewind.bus.internal.hub;

import dev.rewind.bus.HubMain;
import picocli.CommandLine.IVersionProvider;

/** The version {@code --version} prints: the jar's {@code Implementation-Version}, or a note when run from classes. */
public final class HubVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = HubMain.class.getPackage().getImplementationVersion();
        return new String[] {"rewind-hub " + (version == null ? "(development build, no jar manifest)" : version)};
    }
}
